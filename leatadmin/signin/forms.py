"""The sign-in forms: allauth's, throttled (throttle.py) and audited (audit.py)."""

from __future__ import annotations

from allauth.account.forms import LoginForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm, AuthenticateWebAuthnForm, LoginWebAuthnForm, ReauthenticateWebAuthnForm
from allauth.mfa.webauthn.internal.auth import extract_user_from_response
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from . import audit
from .throttle import THROTTLED, Attempts


class StaffLoginForm(LoginForm):
    """allauth's log-in form, throttled. Its field is posted as `username`, as
    it always was, so scripts, password managers and tests keep working."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""  # no "Forgot your password?": an administrator sets a new one

    def add_prefix(self, field_name: str) -> str:
        return "username" if field_name == "login" else super().add_prefix(field_name)

    def clean(self):
        username = self.data.get("username", "")
        attempts = Attempts(self.request, username)
        attempts.start()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if attempts.failed():
                audit.locked_out(self.request, username, kind="password")
            raise
        user = getattr(self, "user", None)
        if user is None:
            return cleaned  # a field was left empty: nothing was checked
        if not settings.LOCAL_PASSWORDS and not user.is_superuser:
            attempts.succeeded()  # the right password is not a guess, but it does not sign in here
            audit.failed(self.request, username, user=user, reason="passwords switched off")
            raise forms.ValidationError(gettext_lazy("Passwords are switched off here: sign in with your company account."), code="sso_only")
        attempts.succeeded()
        return cleaned


class KeyNameForm(AddWebAuthnForm):
    """Adding a passkey or security key: allauth's form, its name field in words."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = gettext_lazy("Name of the key")
        self.fields["name"].help_text = gettext_lazy("So you know it again in the list, e.g. “Work laptop” or “Phone”.")


class _ThrottledFactor:
    """A code or a key is counted like a password, per staff member and address (kind "code")."""

    field = "code"

    def _throttled(self, check):
        username = self.user.get_username() if self.user is not None else ""
        attempts = Attempts(context.request, username, kind="code")
        attempts.start()
        try:
            value = check()
        except forms.ValidationError:
            if attempts.failed():
                audit.locked_out(context.request, username, kind="code", user=self.user)
            raise
        attempts.succeeded()
        return value


class CodeForm(_ThrottledFactor, AuthenticateForm):
    """The code asked for after the password (an authenticator app's, or a recovery code)."""

    def clean_code(self) -> str:
        return self._throttled(super().clean_code)


class FreshCodeForm(_ThrottledFactor, ReauthenticateForm):
    """The code asked for again before a dangerous thing (the fresh check)."""

    def clean_code(self) -> str:
        return self._throttled(super().clean_code)


class _AuditedKey(_ThrottledFactor):
    """A key that does not answer rightly is a failure in the audit log. (allauth
    says so for a wrong code by its authentication_failed signal, audit.py, but
    says nothing for a key.)"""

    failure = "signin.failed"

    def clean_credential(self):
        try:
            return self._throttled(super().clean_credential)
        except forms.ValidationError as error:
            if not any(getattr(item, "code", None) == THROTTLED for item in error.error_list):  # a refusal unchecked is not an attempt
                audit.record(self.failure, about=self.user, request=context.request, succeeded=False, factor=Authenticator.Type.WEBAUTHN)
            raise


class KeyForm(_AuditedKey, AuthenticateWebAuthnForm):
    """A passkey or security key as the second factor after the password."""


class FreshKeyForm(_AuditedKey, ReauthenticateWebAuthnForm):
    """A passkey or security key at the fresh check."""

    failure = "signin.fresh_failed"


class PasskeyLoginForm(LoginWebAuthnForm):
    """Signing in with a passkey alone. Who it is comes from the key's own answer,
    so a failure names the account it claimed, if any. Throttled per address by
    allauth (MFA_RATE_LIMITS "webauthn_login", views.passkey_login), not per
    account: a stranger's made-up answers must not lock a member of staff out,
    and a passkey's signature cannot be guessed anyway."""

    def clean_credential(self):
        try:
            return super().clean_credential()
        except forms.ValidationError:
            claimed = None
            try:
                claimed = extract_user_from_response(self.cleaned_data.get("credential") or {})
            except (forms.ValidationError, AttributeError):
                pass
            audit.failed(context.request, claimed.get_username() if claimed is not None else "", user=claimed, what="passkey")
            raise
