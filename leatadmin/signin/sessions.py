"""A staff member's sessions: listed (device, address, last seen) and ended.

allauth's usersessions keeps a row per session made by signing in (its address
and device then). Last seen is the session's own `last_seen`, which the idle
time-out keeps anyway (core.middleware.IdleSessionMiddleware, written at most
once a minute), so listing costs no write on any request.

Ending goes through Django's session table itself, so a session is ended even if
no row lists it (one made before sign-in went through allauth).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

#: What a browser says about itself, in words, first match wins.
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


@dataclass
class Listed:
    key: str
    device: str
    address: str
    signed_in: dt.datetime
    last_seen: dt.datetime | None
    current: bool


def device(user_agent: str) -> str:
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part) or (user_agent[:60] or "?")


def _store(key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def of(user, *, current: str | None) -> list[Listed]:
    """The user's sessions still open, the current one first, then the most recently seen."""
    listed = []
    for row in UserSession.objects.filter(user_id=user.pk):
        store = _store(row.session_key)
        if not store.exists(row.session_key) or str(store.get(SESSION_KEY)) != str(user.pk):
            row.delete()  # ended or signed out: forget it
            continue
        seen = store.get("last_seen")
        last_seen = dt.datetime.fromtimestamp(seen, tz=dt.UTC) if isinstance(seen, int | float) else None
        listed.append(Listed(row.session_key, device(row.user_agent), row.ip, row.created_at, last_seen or row.last_seen_at, row.session_key == current))
    return sorted(listed, key=lambda s: (not s.current, -(s.last_seen or s.signed_in).timestamp()))


def end(user, *, keep: str | None = None) -> int:
    """End every session of `user` but `keep`; how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            _store(session.session_key).delete(session.session_key)
            ended += 1
    UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep or "").delete()
    return ended
