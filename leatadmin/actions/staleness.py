"""The stale-form guard: a form carries the target's values as they were when
it was opened (signed, in a hidden field), so a form opened before someone
else's change never silently overwrites it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.core.claims import plain

VERSION_SALT = "leatadmin.form-version"


@dataclass(frozen=True)
class Change:
    """One field that changed since a form was opened."""

    label: str
    then: Any
    now: Any


def version(values: Any) -> str:
    """The hidden `version` of a form opened now on a target with these values."""
    return signing.dumps({"at": timezone.now().timestamp(), "values": plain(values)}, salt=VERSION_SALT, compress=True)


def _opened(posted: str) -> dict[str, Any] | None:
    try:
        return signing.loads(posted, salt=VERSION_SALT) if posted else None
    except signing.BadSignature:
        return None  # a form from before versions existed, or altered: nothing to compare


def changes_since(posted: str, current: Any) -> list[tuple[str, Any, Any]] | None:
    """(name, then, now) of each value that differs from when the form was
    opened, or None if nothing did (or there is nothing to compare)."""
    opened = _opened(posted)
    if current is None or opened is None:
        return None
    then, now = opened.get("values", {}), plain(current)
    if then == now:
        return None
    return [(name, then.get(name), now.get(name)) for name in now if then.get(name) != now.get(name)]


def opened_at(posted: str) -> dt.datetime | None:
    opened = _opened(posted)
    return dt.datetime.fromtimestamp(opened["at"], dt.UTC) if opened and "at" in opened else None


def changed_by(target_id: str, since: dt.datetime | None) -> list[AuditEntry]:
    """Who changed the target in leatadmin since the form was opened (empty: outside leatadmin)."""
    if not target_id or since is None:
        return []
    return list(AuditEntry.objects.filter(target_id=target_id, created_at__gte=since).exclude(outcome=AuditEntry.Outcome.FAILED)[:10])
