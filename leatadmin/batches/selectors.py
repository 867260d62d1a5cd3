"""Reading for batches: who a row names in Leat, what a lost write made, and
the batches and rows leatadmin keeps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.settlement import booked_from, the_unaccounted_one
from leatadmin.core import runs
from leatadmin.core.leat import leat
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, LoyaltyTransaction
from leatadmin.leat.transactions import MAX_LIMIT

from . import problems
from .models import Batch, BatchRow, BatchRun, RowState

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
EMAIL, UUID, CARD = "email", "uuid", "card"


def who_key(who: str) -> str:
    """What a row names, as one lookup: `email:…`, `uuid:…` or `card:…` ("" for nothing)."""
    who = who.strip()
    if not who:
        return ""
    if "@" in who:
        return f"{EMAIL}:{who.lower()}"
    if UUID_RE.fullmatch(who.lower()):
        return f"{UUID}:{who.lower()}"
    return f"{CARD}:{who}"


@dataclass(frozen=True)
class Found:
    """Who a row names, as Leat has them, or why nobody (a problem)."""

    contact: Contact | None = None
    problem: dict | None = None


def contact_named(key: str) -> Found:
    """The contact behind `key` (an email or UUID costs one Leat call, a card
    two: the card, then its contact's balance). Leat's "no such one" is a
    problem of the row; Leat unavailable is raised (the run stops, to be resumed)."""
    kind, _, value = key.partition(":")
    try:
        if kind == EMAIL:
            return Found(leat().contacts.find_by_email(value))
        if kind == UUID:
            return Found(leat().contacts.get(value))
        card = leat().identifiers.find(value)
        if card.contact is None:
            return Found(problem=problems.problem(problems.CARD_NOT_LINKED))
        return Found(leat().contacts.get(card.contact.uuid))
    except errors.IdentifierInactive:
        return Found(problem=problems.problem(problems.CARD_BLOCKED))
    except errors.IdentifierNotLinked:
        return Found(problem=problems.problem(problems.CARD_NOT_LINKED))
    except errors.NotFound:
        code = {EMAIL: problems.NOT_FOUND_EMAIL, UUID: problems.NOT_FOUND_UUID}.get(kind, problems.CARD_NOT_FOUND)
        return Found(problem=problems.problem(code))
    except errors.InvalidInput as error:  # Leat cannot take the value as typed: the row's problem, not the run's
        return Found(problem=problems.problem(problems.LEAT_REFUSED, message=error.message))


def booked_for(*, contact_uuid: str, since: dt.datetime, matches: Callable[[LoyaltyTransaction], bool]) -> LoyaltyTransaction | None:
    """The transaction a lost write sent at `since` made: exactly one that
    `matches`, booked since then and accounted for by no audit entry
    (audit.settlement's rule; loyalty.selectors.booked_since for a time
    rather than an entry: a worker that died mid-write left none)."""
    page = leat().transactions.list(contact_uuid=contact_uuid, created_from=booked_from(since), limit=MAX_LIMIT)
    return the_unaccounted_one(item for item in page.items if matches(item))


def row_entries(row: BatchRow, *, action: str, target_id: str = "") -> QuerySet[AuditEntry]:
    """The audit entries of this row's writes (the apply's by batch and row, the undo's by the reception), newest first."""
    entries = AuditEntry.objects.filter(contact_uuid=row.contact_uuid, action=action)
    entries = entries.filter(target_id=target_id) if target_id else entries.filter(sent__batch=row.batch_id, sent__batch_row=row.number)
    return entries.order_by("-id")


def settled_entry(entry: AuditEntry) -> AuditEntry | None:
    """The `…_settled` entry that found a lost write in Leat, if one did."""
    return AuditEntry.objects.filter(action=entry.action + "_settled", sent__audit_entry=entry.pk).first()


# --- What leatadmin keeps ---------------------------------------------------------


def batch_list() -> QuerySet[Batch]:
    return Batch.objects.all()


def batch_rows(batch: Batch, *, only: str = "") -> QuerySet[BatchRow]:
    """The batch's rows in file order; `only`: "problems", "left_out", or a row state."""
    rows = batch.batch_rows.all()
    if only == "problems":
        return rows.filter(has_problem=True)
    if only == "left_out":
        return rows.filter(left_out=True)
    if only in RowState.values:
        return rows.filter(state=only)
    return rows


def row_counts(batch: Batch, *, undo: bool = False) -> dict[str, int]:
    """How many rows are in each state (of the apply, or of the undo)."""
    field = "undo_state" if undo else "state"
    counted = batch.batch_rows.values(field).annotate(n=Count("id")).order_by()
    return {row[field]: row["n"] for row in counted}


def batch_run(batch: Batch) -> BatchRun | None:
    """The batch's latest run, as it stands: one whose worker died is marked failed (core/runs.py)."""
    run = batch.runs.order_by("-started_at", "-id").first()
    return runs.check(run) if run is not None else None
