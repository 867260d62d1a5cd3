"""The fresh check: before a dangerous thing, the second factor again when it
was not given in the last FRESH_CHECK_SECONDS.

"Given" is allauth's record of this session's sign-in steps: an MFA step (at
sign-in or asked again since), or a single sign-on whose identity provider did
its own second factor (sso.py). Asking again is allauth's reauthentication
(a code, a passkey or security key, or the identity provider again).

What was posted survives the detour: it is kept in the session under a one-time
key (never a password field) and, after the check, either shown again in its
form (a StaffAction: `restore`, through leatadmin.actions.fresh) or, for any
other view (`fresh_check_required`: the Django admin, bulk work), offered on a
page that sends it on with one button.
"""

from __future__ import annotations

import functools
import secrets
import time
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import sso

STASH = "signin.fresh"
#: Forms kept at once per session (a staff member with several tabs); the oldest go first.
KEPT = 5
#: Kept no longer than this (seconds): a form left for longer starts afresh.
KEEP_SECONDS = 30 * 60
ANSWER_PARAM = "fresh"
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN, Authenticator.Type.RECOVERY_CODES)


def factor_given_at(request: HttpRequest) -> float | None:
    """When this session last gave a second factor, or None."""
    times = [step["at"] for step in get_authentication_records(request, request.user) if step.get("method") == "mfa"]
    at = sso.idp_factor_at(request)
    if at is not None:
        times.append(at)
    return max(times, default=None)


def is_fresh(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    at = factor_given_at(request)
    if at is None and not settings.MFA_REQUIRED and not _has_factor(request.user):
        # No second factor anywhere (allowed by the settings): the password again, like allauth's own check.
        at = max((step["at"] for step in get_authentication_records(request, request.user)), default=None)
    return at is not None and time.time() - at < settings.FRESH_CHECK_SECONDS


def _has_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).exists()


def check_url(request: HttpRequest, next_url: str) -> str:
    """Where this staff member gives their factor again, coming back to `next_url`."""
    if _has_factor(request.user):
        name = "mfa_reauthenticate"
    elif sso.idp_factor_at(request) is not None:
        name = "signin:fresh_sso"
    else:
        name = "account_reauthenticate"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _keep(request: HttpRequest) -> str:
    kept = {key: value for key, value in request.session.get(STASH, {}).items() if time.time() - value["at"] < KEEP_SECONDS}
    while len(kept) >= KEPT:
        kept.pop(min(kept, key=lambda key: kept[key]["at"]))
    key = secrets.token_urlsafe(12)
    data = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" and "password" not in name.lower()}
    kept[key] = {"path": request.path, "data": data, "at": time.time()}
    request.session[STASH] = kept
    return key


def _take(request: HttpRequest, key: str, path: str | None = None) -> dict | None:
    kept = request.session.get(STASH, {})
    found = kept.get(key)
    if found is None or (path is not None and found["path"] != path) or time.time() - found["at"] >= KEEP_SECONDS:
        return None
    del kept[key]
    request.session[STASH] = kept
    return found


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else HttpResponseRedirect(url)


class Gate:
    """The check as leatadmin.actions.fresh asks for it (registered in apps.py)."""

    def require(self, request: HttpRequest) -> HttpResponse | None:
        if request.method != "POST" or is_fresh(request):
            return None
        key = _keep(request)
        query = request.GET.copy()
        query[ANSWER_PARAM] = key
        return _redirect(request, check_url(request, f"{request.path}?{query.urlencode()}"))

    def restore(self, request: HttpRequest) -> QueryDict | None:
        key = request.GET.get(ANSWER_PARAM, "")
        found = _take(request, key, request.path) if key else None
        if found is None:
            return None
        data = QueryDict(mutable=True)
        for name, values in found["data"].items():
            data.setlist(name, values)
        messages.info(request, _("You confirmed it is you. Check the form, then send it again."))
        return data


GATE = Gate()


def require_for_any_view(request: HttpRequest) -> HttpResponse | None:
    """For a view that is not a StaffAction: after the check, the resume page sends the post on."""
    if request.method != "POST" or is_fresh(request):
        return None
    key = _keep(request)
    return _redirect(request, check_url(request, reverse("signin:resume", args=[key])))


def fresh_check_required(view):
    """A view's POST asks for the second factor again when it was not given recently."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return require_for_any_view(request) or view(request, *args, **kwargs)

    return wrapped


def resume(request: HttpRequest, key: str) -> dict | None:
    """What was posted before the check (once), for the resume page."""
    return _take(request, key)
