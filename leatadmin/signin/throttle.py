"""Signing in, throttled against guessing: passwords, and codes or keys alike.

Each attempt is counted before it is checked, atomically (the cache's incr),
against three counters: this username from this address
(LOGIN_FAILURES_ALLOWED), this address whatever the username, and this username
from any address (five times that each). An attempt over any limit is refused
without checking it until LOGIN_LOCKOUT_SECONDS have passed since the last
failure, so parallel guesses get no more checks than sequential ones. The
address is the client's (core.addresses), not a proxy's. Passwords and second
factors have counters of their own (`kind`): a stolen password still gets only
so many guesses at the code. A refused attempt is answered with the page and its
message as HTTP 429 with Retry-After (`locked_out`), so a script or a monitor
can tell a lock-out from a wrong password.
"""

from __future__ import annotations

import functools
import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from leatadmin.core import metrics
from leatadmin.core.addresses import client_address

THROTTLED = "throttled"


def _key(*parts: str) -> str:
    return "login-attempts:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _count(key: str) -> int:
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
        return 1


class Attempts:
    """The counters of one attempt: `kind` ("password" or "code"), the username, the address."""

    def __init__(self, request: HttpRequest | None, username: str, kind: str = "password") -> None:
        address = client_address(request) if request is not None else ""
        username = (username or "").strip().lower()
        allowed = settings.LOGIN_FAILURES_ALLOWED
        # The password's keys are the ones leatadmin always used, so counts survive the upgrade.
        prefix = () if kind == "password" else (kind,)
        self.username = username
        self.keys = [(_key(*prefix, "user-at", address, username), allowed), (_key(*prefix, "address", address), allowed * 5), (_key(*prefix, "user", username), allowed * 5)]
        self.counts: list[int] = []

    def start(self) -> None:
        """Count this attempt; raise the throttled error when it may not be checked."""
        if any(cache.get(key, 0) >= allowed for key, allowed in self.keys):
            raise refusal()
        self.counts = [_count(key) for key, _ in self.keys]
        if any(count > allowed for count, (_, allowed) in zip(self.counts, self.keys, strict=True)):
            raise refusal()  # parallel attempts took the last ones

    def failed(self) -> bool:
        """Record a failure; True when it used up a counter's last attempt (the lock-out starts now)."""
        metrics.LOGIN_FAILURES.inc()
        for key, _ in self.keys:
            cache.touch(key, settings.LOGIN_LOCKOUT_SECONDS)
        return any(count == allowed for count, (_, allowed) in zip(self.counts, self.keys, strict=True))

    def succeeded(self) -> None:
        """Not a guess: forget this user's counts and give the address its attempt back."""
        user_at, address, username = (key for key, _ in self.keys)
        cache.delete_many([user_at, username])
        try:
            cache.decr(address)
        except ValueError:
            pass


def refusal() -> forms.ValidationError:
    metrics.LOGIN_LOCKOUTS.inc()  # an attempt refused unchecked (core/metrics.py)
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    return forms.ValidationError(
        ngettext("Too many failed log-in attempts. Try again in %(minutes)d minute.", "Too many failed log-in attempts. Try again in %(minutes)d minutes.", minutes) % {"minutes": minutes},
        code=THROTTLED,
    )


def is_throttled(form: forms.Form | None) -> bool:
    if form is None or not form.is_bound:
        return False
    return any(form.has_error(field, THROTTLED) for field in (NON_FIELD_ERRORS, *form.fields))


def locked_out(form: forms.Form | None, response: HttpResponse) -> HttpResponse:
    """A page answering a refused (throttled) attempt: 429, and when to come back."""
    if is_throttled(form):
        response.status_code = 429
        response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
    return response


def answers_429_when_locked_out(view):
    """For a view whose page has the form in its context (allauth's code pages).
    The second factor's page has two, the code's (`form`) and the key's
    (`webauthn_form`): whichever was posted and refused makes it a 429."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        posted = next((form for form in (context.get("form"), context.get("webauthn_form")) if is_throttled(form)), None)
        return locked_out(posted, response)

    return wrapped
