"""Writing for batches: a row's credit reception in Leat (audited, with the
batch and the row), what a lost write turned out to do, and leatadmin's own
batch rows: their totals and the rows staff leave out."""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager, nullcontext
from pathlib import PurePath
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.services import audit_settled, audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.core.stored import fitted
from leatadmin.leat.models import LoyaltyTransaction

from .models import Batch, BatchRow, RowState

CREDITS = "loyalty.credits"  # the same action as a single correction: one audit log, one settlement rule
STORAGE_FOLDER = "batches"


def batch_create(*, user: Any, upload: Any, shop_uuid: str, shop_name: str, reason: str) -> Batch:
    """A new batch of this upload (kept in the default storage until the preview has read it)."""
    suffix = PurePath(upload.name or "").suffix.lower()[:10]
    stored = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_hex(12)}{suffix}", upload)
    return Batch.objects.create(
        **fitted(Batch, {"user": user, "username": user.get_username(), "file_name": PurePath(upload.name or "").name, "stored_as": stored}),
        shop_uuid=shop_uuid, shop_name=shop_name, reason=reason.strip(),
    )


def stored_forget(batch: Batch) -> None:
    """The upload is read (or refused): it leaves the storage."""
    if batch.stored_as:
        default_storage.delete(batch.stored_as)
        Batch.objects.filter(pk=batch.pk).update(stored_as="")
        batch.stored_as = ""


def batch_totals(batch: Batch) -> Batch:
    """Count the batch's rows again: all, with problems, left out; and of the
    rows to send, the contacts and the credits given and taken."""
    rows = batch.batch_rows
    counted = rows.aggregate(rows=Count("id"), problem_rows=Count("id", filter=Q(has_problem=True)), left_out=Count("id", filter=Q(left_out=True)))
    sent = rows.filter(left_out=False, has_problem=False).aggregate(
        contacts=Count("contact_uuid", distinct=True), given=Sum("give", filter=Q(give__gt=0)), taken=Sum("give", filter=Q(give__lt=0))
    )
    values = {**counted, "contacts": sent["contacts"], "credits_given": sent["given"] or 0, "credits_taken": -(sent["taken"] or 0)}
    Batch.objects.filter(pk=batch.pk).update(**values)
    for name, value in values.items():
        setattr(batch, name, value)
    return batch


def rows_leave_out(batch: Batch, *, shown: list[int], left_out: list[int]) -> int:
    """Of the rows `shown` (numbers, on the page staff sent), leave out those
    ticked in `left_out` and take the others back in. Only before the apply."""
    with transaction.atomic():
        if not Batch.objects.select_for_update().filter(pk=batch.pk, state=Batch.State.READY).exists():
            return 0
        rows = batch.batch_rows.filter(number__in=shown)
        changed = rows.filter(number__in=left_out, left_out=False).update(left_out=True)
        changed += rows.exclude(number__in=left_out).filter(left_out=True).update(left_out=False)
    batch_totals(batch)
    return changed


def rows_leave_out_problems(batch: Batch) -> int:
    """Leave out every row with a problem (only before the apply)."""
    with transaction.atomic():
        if not Batch.objects.select_for_update().filter(pk=batch.pk, state=Batch.State.READY).exists():
            return 0
        changed = batch.batch_rows.filter(has_problem=True, left_out=False).update(left_out=True)
    batch_totals(batch)
    return changed


# --- The writes -----------------------------------------------------------------


def batch_sent(row: BatchRow) -> dict[str, Any]:
    """What a row's credit reception sends: the credits the preview showed
    (exact, so Leat books what staff saw) and, for a purchase, its amount as
    well (Leat keeps it with the reception), with the batch and the row."""
    sent: dict[str, Any] = {"contact_uuid": row.contact_uuid, "shop_uuid": row.shop_uuid, "credits": row.give}
    if row.purchase is not None:
        sent["unit_value"] = str(row.purchase)
    return {**sent, "batch": row.batch_id, "batch_row": row.number}


def row_credits_give(*, user: Any, row: BatchRow, slot: AbstractContextManager | None = None) -> Done[LoyaltyTransaction]:
    """A row's credit reception (loyalty.services.credits_give's write, with
    the batch's id and the row's number in its audit entry). `slot`: held
    around the Leat call alone (one of the batch's calls in flight, flight.py)."""
    before = {"credit_balance": row.balance}
    with audited(user=user, action=CREDITS, target_type=AuditEntry.Target.CONTACT, target_id=row.contact_uuid, target_label=row.contact_email, before=before, sent=batch_sent(row), reason=row.reason) as write:
        with slot or nullcontext():
            reception = leat().credit_receptions.create(contact_uuid=row.contact_uuid, shop_uuid=row.shop_uuid, credits=row.give, unit_value=row.purchase)
        write.after = {"transaction_uuid": reception.uuid, "credits": reception.credits, "credit_balance": reception.contact_balance}
        write.result_id = reception.uuid
    return Done(Did.CREATED, reception)


def lost_write_record(*, user: Any, row: BatchRow, action: str, target_id: str, sent: dict[str, Any], sent_at: Any) -> AuditEntry:
    """The audit entry of a write whose worker ended while it was under way
    (killed mid-call: `audited` never got to record it): sent, outcome
    unknown, so it can be settled like any lost answer."""
    return AuditEntry.objects.create(
        **fitted(
            AuditEntry,
            {
                "user": user if getattr(user, "pk", None) else None,
                "username": getattr(user, "username", "") or "(system)",
                "action": action,
                "target_type": AuditEntry.Target.CONTACT if action == CREDITS else AuditEntry.Target.TRANSACTION,
                "target_id": target_id,
                "target_label": row.contact_email,
                "contact_uuid": row.contact_uuid,
                "reason": row.reason,
                "sent": sent,
                "sent_at": sent_at or timezone.now(),
                "succeeded": False,
                "outcome": AuditEntry.Outcome.UNKNOWN,
                "error_message": "The worker ended while the write was under way: its answer was lost.",
            },
        )
    )


def lost_write_settled(*, user: Any, entry: AuditEntry, found: LoyaltyTransaction, after: dict[str, Any]) -> AuditEntry:
    """Leat shows the record a lost write made: recorded as found (audit_settled)."""
    return audit_settled(user=user, entry=entry, result_id=found.uuid, after=after)


def row_set(pk: int, *, by: str, undo: bool = False, **fields: Any) -> bool:
    """A claimed row ends (or goes back in line), if this execution (`by`, its attempt) still holds it."""
    holder = "undo_attempt" if undo else "attempt"
    state = "undo_state" if undo else "state"
    return bool(BatchRow.objects.filter(pk=pk, **{holder: by, state: RowState.WRITING}).update(**fields))


def row_settled_later(pk: int, *, undo: bool = False, **fields: Any) -> bool:
    """A row whose outcome was unknown is settled (checked again later): only from unknown, once."""
    state = "undo_state" if undo else "state"
    return bool(BatchRow.objects.filter(pk=pk, **{state: RowState.UNKNOWN}).update(**fields))


def unknown_reopen_undo(batch: Batch) -> bool:
    """A reception found for a row of a batch already undone is not reversed yet:
    the batch is to be undone again (its undo then reverses that one alone)."""
    return bool(Batch.objects.filter(pk=batch.pk, state=Batch.State.UNDONE).update(state=Batch.State.UNDOING))


def row_claim(pk: int, *, attempt: str, undo: bool = False) -> bool:
    """The row is this execution's to send, once: pending to being sent, in one
    database step, before Leat is called. Nobody sends a claimed row again."""
    if undo:
        return bool(BatchRow.objects.filter(pk=pk, undo_state=RowState.PENDING).update(undo_state=RowState.WRITING, undo_attempt=attempt, undo_claimed_at=timezone.now()))
    return bool(BatchRow.objects.filter(pk=pk, state=RowState.PENDING).update(state=RowState.WRITING, attempt=attempt, claimed_at=timezone.now()))
