"""Logging in, throttled against guessing (the staff log-in and the admin's).

Each attempt is counted before the password is checked, atomically (the
cache's incr), against three counters: this username from this address
(LOGIN_FAILURES_ALLOWED), this address whatever the username, and this
username from any address (five times that each). An attempt over any limit is
refused without checking the password until LOGIN_LOCKOUT_SECONDS have passed
since the last failure, so parallel guesses get no more password checks than
sequential ones. The address is the client's (core.addresses), not a proxy's.
A refused attempt gets the log-in page with its message, as HTTP 429 with
Retry-After, so a script (or a monitor) can tell a lock-out from a wrong password.
"""

from __future__ import annotations

import functools
import hashlib

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.utils.translation import ngettext

from leatadmin.core import metrics
from leatadmin.core.addresses import client_address


def _key(*parts: str) -> str:
    return "login-attempts:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _count_attempt(key: str) -> int:
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
        return 1


class ThrottledLogin:
    """Mixed into an authentication form, before it."""

    def _keys(self) -> list[tuple[str, int]]:
        address = client_address(self.request) if self.request else ""
        username = (self.data.get("username") or "").strip().lower()
        allowed = settings.LOGIN_FAILURES_ALLOWED
        return [(_key("user-at", address, username), allowed), (_key("address", address), allowed * 5), (_key("user", username), allowed * 5)]

    def _refuse(self):
        metrics.LOGIN_LOCKOUTS.inc()  # an attempt refused unchecked (core/metrics.py)
        minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
        return forms.ValidationError(
            ngettext("Too many failed log-in attempts. Try again in %(minutes)d minute.", "Too many failed log-in attempts. Try again in %(minutes)d minutes.", minutes) % {"minutes": minutes},
            code="throttled",
        )

    def clean(self):
        keys = self._keys()
        if any(cache.get(key, 0) >= allowed for key, allowed in keys):
            raise self._refuse()
        if any(_count_attempt(key) > allowed for key, allowed in keys):
            raise self._refuse()  # parallel attempts took the last ones
        try:
            return super().clean()
        except forms.ValidationError:
            metrics.LOGIN_FAILURES.inc()
            for key, _ in keys:
                cache.touch(key, settings.LOGIN_LOCKOUT_SECONDS)
            raise

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        # A successful log-in is not a guess: forget this user's counts and
        # give the address its attempt back.
        user_at, address, username = (key for key, _ in self._keys())
        cache.delete_many([user_at, username])
        try:
            cache.decr(address)
        except ValueError:
            pass


class ThrottledAuthenticationForm(ThrottledLogin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLogin, AdminAuthenticationForm):
    pass


def locked_out(form: forms.Form, response: HttpResponse) -> HttpResponse:
    """The log-in page answering a refused (throttled) attempt: 429, and when to come back."""
    if form.is_bound and form.has_error(NON_FIELD_ERRORS, "throttled"):
        response.status_code = 429
        response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
    return response


def answers_429_when_locked_out(view):
    """For a log-in view whose page has the form in its context (the admin's)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        return locked_out(form, response) if isinstance(form, ThrottledLogin) else response

    return wrapped


class StaffLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        return locked_out(form, super().form_invalid(form))
