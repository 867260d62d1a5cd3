"""Every sign-in event in the audit log (target "staff"), from allauth's and
Django's signals and from leatadmin's own sign-in pages.

An entry names the staff member it is about (target) and who acted (user: the
same person, or the administrator who ended their sessions or reset their
factor). It keeps the address and the device, never a password or a code.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from leatadmin.audit.models import AuditEntry
from leatadmin.core.addresses import client_address

DEVICE_CHARS = 200


def record(action: str, *, about, request: HttpRequest | None, by=None, succeeded: bool = True, username: str = "", reason: str = "", **sent) -> AuditEntry:
    """One entry about the staff member `about` (a user, or None for an unknown username)."""
    actor = by if by is not None else about
    name = username or (about.get_username() if about is not None else "")
    if request is not None:
        sent = {"address": client_address(request), "device": request.META.get("HTTP_USER_AGENT", "")[:DEVICE_CHARS], **sent}
    return AuditEntry.objects.create(
        user=actor if actor is not None and actor.pk else None,
        username=(actor.get_username() if actor is not None else name)[:150],
        action=action,
        target_type=AuditEntry.Target.STAFF,
        target_id=str(about.pk) if about is not None else "",
        target_label=name[:255],
        reason=reason,
        sent=sent,
        succeeded=succeeded,
        outcome=AuditEntry.Outcome.SUCCEEDED if succeeded else AuditEntry.Outcome.FAILED,
    )


def failed(request: HttpRequest | None, username: str, *, user=None, reason: str = "", **sent) -> None:
    record("signin.failed", about=user, request=request, succeeded=False, username=username, reason=reason, **sent)


def locked_out(request: HttpRequest | None, username: str, *, kind: str, user=None) -> None:
    record("signin.locked_out", about=user, request=request, succeeded=False, username=username, what=kind)


def _factor(authenticator: Authenticator) -> dict:
    said = {"factor": authenticator.type}
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        said["name"] = authenticator.wrap().name
    return said


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    steps = [step.get("type") or step.get("provider") or step["method"] for step in get_authentication_records(request, user)]
    record("signin.login", about=user, request=request, steps=list(dict.fromkeys(steps)))


@receiver(user_login_failed)
def _password_refused(sender, credentials, request=None, **kwargs) -> None:
    failed(request, str(credentials.get("username") or ""), what="password")


@receiver(mfa_signals.authentication_failed)
def _factor_refused(sender, request, user, authenticator, reauthentication=False, **kwargs) -> None:
    action = "signin.fresh_failed" if reauthentication else "signin.failed"
    record(action, about=user, request=request, succeeded=False, **_factor(authenticator))


@receiver(mfa_signals.authenticator_used)
def _factor_used(sender, request, user, authenticator, reauthenticated=False, **kwargs) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        record("signin.recovery_code_used", about=user, request=request)
    if reauthenticated:
        record("signin.fresh_passed", about=user, request=request, **_factor(authenticator))


@receiver(mfa_signals.authenticator_added)
def _factor_added(sender, request, user, authenticator, **kwargs) -> None:
    record("signin.factor_added", about=user, request=request, **_factor(authenticator))


@receiver(mfa_signals.authenticator_removed)
def _factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    record("signin.factor_removed", about=user, request=request, **_factor(authenticator))


@receiver(mfa_signals.authenticator_reset)
def _codes_made_anew(sender, request, user, authenticator, **kwargs) -> None:
    record("signin.recovery_codes", about=user, request=request)
