"""Claiming a form submission before Leat is called: the one atomic step that
makes every staff action write exactly once.

Two guards, both unique constraints in the database, so they hold across
gunicorn workers and on SQLite and PostgreSQL alike (a check followed by an
insert would let two tabs sending at the same instant both through):

* the form's **token**: the same form sent again (double click, reload, Back)
  finds the first submission and never writes again;
* the **guard**: the same thing (its `fingerprint`) sent from another tab or
  a new form within DUPLICATE_MINUTES. A second one goes only when staff
  confirm it, and the confirmation names the submission it follows, so two
  tabs confirming "a second one" at the same instant still write one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FormSubmission

#: The same thing submitted again within this many minutes asks to confirm.
DUPLICATE_MINUTES = 10
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def fingerprint(*parts: Any) -> str:
    """A one-way summary of what was submitted (no personal data stored)."""
    return hashlib.sha256(json.dumps([plain(part) for part in parts], sort_keys=True).encode()).hexdigest()


def plain(value: Any) -> Any:
    """A value as comparable, JSON-safe text: instants in UTC, numbers as text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "uuid"):  # a Leat record chosen in a form (a reward): the same record is the same thing
        return str(value.uuid)
    return "" if value is None else value if isinstance(value, (bool, int, float, str)) else str(value)


@dataclass(frozen=True)
class Refused:
    """Why a submission could not be claimed: the same form was sent already
    (`sent`), or the same thing is the latest of its kind (`duplicate`)."""

    sent: FormSubmission | None = None
    duplicate: FormSubmission | None = None


def sent_before(*, token: str, user: Any) -> FormSubmission | None:
    """This staff member's submission of this very form, if it was sent."""
    return FormSubmission.objects.filter(token=token, user=user).first() if token else None


def latest_of(print_: str, *, other_than: str = "") -> FormSubmission | None:
    """The latest submission of the same thing still within the duplicate window."""
    if not print_:
        return None
    since = timezone.now() - dt.timedelta(minutes=DUPLICATE_MINUTES)
    recent = FormSubmission.objects.filter(fingerprint=print_, guard__isnull=False, created_at__gte=since)
    return recent.exclude(token=other_than).select_related("user").order_by("-created_at", "-pk").first()


def _guard(print_: str, follows: FormSubmission | None) -> str | None:
    if not print_:
        return None
    if follows is None:
        return print_
    return hashlib.sha256(f"{print_}:{follows.pk}".encode()).hexdigest()


def claim(*, token: str, user: Any, print_: str, follows: FormSubmission | None = None) -> FormSubmission | Refused:
    """Claim this submission, atomically: the claim, or why it was refused.

    `follows`: the submission staff confirmed this one to be a second one of
    (None: it must be the first of its kind within the window)."""
    since = timezone.now() - dt.timedelta(minutes=DUPLICATE_MINUTES)
    try:
        with transaction.atomic():
            if print_:
                # Older than the window: no longer "the latest of its kind".
                FormSubmission.objects.filter(fingerprint=print_, guard__isnull=False, created_at__lt=since).update(guard=None)
            return FormSubmission.objects.create(token=token, user=user, fingerprint=print_, guard=_guard(print_, follows))
    except IntegrityError:
        pass
    sent = FormSubmission.objects.filter(token=token).select_related("user").first()
    if sent is not None:
        return Refused(sent=sent)
    return Refused(duplicate=latest_of(print_, other_than=token))


def release(submission: FormSubmission) -> None:
    """Leat refused, so nothing was written: the corrected form (same token)
    and the same thing from another tab may be sent again at once."""
    if submission.pk is not None:
        submission.delete()
