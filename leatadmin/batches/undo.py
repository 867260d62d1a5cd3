"""Undoing a batch: every credit reception it made reversed in Leat, each exactly once.

A tracked run like the apply (apply.py), with the same claims, settlement
and progress, on the rows' undo fields. Each reversal is
loyalty.services.reception_reverse (the single Undo's write: Leat books the
opposite credits), with the batch and the row in its audit entry and the
undo's reason. A reception someone already reversed on its own (the contact
page's Undo: loyalty.selectors.reversal_marks, or Leat saying so) is left
alone and said so.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from leatadmin.core import runs
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, LoyaltyTransaction, Shop
from leatadmin.loyalty import selectors as loyalty
from leatadmin.loyalty.services import reception_reverse

from . import selectors, services, settle
from .apply import CHUNK, NotReady, Progress, counted
from .flight import Flight
from .models import MADE, Batch, BatchRow, BatchRun, RowState
from .words import ALREADY_IN_LEAT, ALREADY_ONE_BY_ONE


def undo_start(*, batch: Batch, user, reason: str) -> BatchRun:
    """Start undoing the batch (or take up an undo that stopped); the run under way, if one is."""
    if batch.state not in (Batch.State.APPLIED, Batch.State.APPLYING, Batch.State.UNDOING):
        raise NotReady(_("Only a batch that was applied can be undone."))
    under_way = selectors.batch_run(batch)
    if under_way is not None and under_way.is_active and under_way.step != BatchRun.Step.UNDO:
        raise NotReady(_("The batch is being applied: undo it once the apply has stopped."))
    Batch.objects.filter(pk=batch.pk, state__in=(Batch.State.APPLIED, Batch.State.APPLYING)).update(state=Batch.State.UNDOING)
    return runs.start(BatchRun, undo_task, batch=batch, step=BatchRun.Step.UNDO, user=user, reason=reason.strip())


@task
def undo_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(BatchRun, run_pk, attempt, _undo)


def _undo(run: BatchRun) -> dict:
    batch = run.batch
    rows = batch.batch_rows
    # Rows the apply never got to stay unsent for good; a row being sent when the apply stopped is settled first.
    for row in rows.filter(state=RowState.WRITING).select_related("batch"):
        settle.recover(settle.APPLY, user=run.user, row=row, attempt=run.attempt)
    rows.filter(state=RowState.PENDING).update(state=RowState.SKIPPED)
    _mark(batch)
    for row in rows.filter(undo_state=RowState.WRITING).exclude(undo_attempt=run.attempt).select_related("batch"):
        settle.recover(settle.UNDO, user=run.user, row=row, attempt=run.attempt)
    counted(run, undo=True)
    progress = Progress(run)
    flight = Flight(settings.BATCH_CALLS_IN_FLIGHT, name="batch-undo", database=True, overlap=True)
    flight.run(_pending(batch), lambda row: _reverse(run, row, flight), lambda row, state: progress.ended(state), tick=lambda: progress.save(force=True))
    progress.save(force=True)
    if rows.filter(undo_state__in=(RowState.PENDING, RowState.WRITING)).exists():
        return {}  # rows went back in line since they were listed: the batch stays being undone, to be started again
    Batch.objects.filter(pk=batch.pk, state=Batch.State.UNDOING).update(state=Batch.State.UNDONE, undone_at=timezone.now())
    return {}


def _mark(batch: Batch) -> None:
    """Each reception the batch made is to be reversed, unless someone
    reversed it on its own already (once per row: a resumed undo keeps what it found)."""
    while True:
        chunk = list(batch.batch_rows.filter(state__in=MADE, undo_state="").exclude(transaction_uuid="").values_list("pk", "transaction_uuid")[:CHUNK])
        if not chunk:
            return
        reversed_, _reversals = loyalty.reversal_marks(transaction_uuids=[uuid for _pk, uuid in chunk])
        alone = [pk for pk, uuid in chunk if uuid in reversed_]
        BatchRow.objects.filter(pk__in=alone).update(undo_state=RowState.SKIPPED, undo_answer_kind=ALREADY_ONE_BY_ONE)
        BatchRow.objects.filter(pk__in=[pk for pk, _uuid in chunk if pk not in alone]).update(undo_state=RowState.PENDING)


def _pending(batch: Batch) -> Iterator[BatchRow]:
    last = 0
    while True:
        chunk = list(batch.batch_rows.filter(undo_state=RowState.PENDING, number__gt=last).order_by("number")[:CHUNK])
        if not chunk:
            return
        for row in chunk:
            last = row.number
            yield row


def _already(error: errors.LeatError) -> bool:
    """Leat says the reception was reversed already (by someone, somewhere)."""
    return any("already been reversed" in message for messages in error.field_errors.values() for message in messages)


def _reverse(run: BatchRun, row: BatchRow, flight: Flight) -> str:
    """One row's reversal, on one of the flight's threads. Returns its state ("" if not ours)."""
    pk = row.pk
    if not services.row_claim(pk, attempt=run.attempt, undo=True):
        return ""
    contact = Contact(uuid=row.contact_uuid, email=row.contact_email, credit_balance=row.balance_after)
    reception = LoyaltyTransaction(uuid=row.transaction_uuid, type="credit_reception", credits=row.give or 0, created_at=None, shop=Shop(uuid=row.shop_uuid, name=row.shop_name), contact_uuid=row.contact_uuid)
    try:
        with flight.slot():  # the reversal and the look-up of what it booked: one slot, one call at a time
            done = reception_reverse(user=run.user, contact=contact, reception=reception, reason=run.reason, sent_also={"batch": row.batch_id, "batch_row": row.number})
    except errors.RateLimited:
        services.row_set(pk, by=run.attempt, undo=True, **settle.UNDO.back_in_line())
        raise
    except errors.LeatError as error:
        if error.outcome_unknown and error.record is not None:
            with flight.slot():
                return settle.settle(settle.UNDO, user=run.user, row=row, entry=error.record, attempt=run.attempt)
        if isinstance(error, (errors.Unavailable, errors.Unauthenticated)):
            services.row_set(pk, by=run.attempt, undo=True, **settle.UNDO.back_in_line())
            raise
        if _already(error):
            services.row_set(pk, by=run.attempt, undo=True, **settle.UNDO.ended(RowState.SKIPPED, kind=ALREADY_IN_LEAT))
            return RowState.SKIPPED
        services.row_set(pk, by=run.attempt, undo=True, **settle.UNDO.ended(RowState.REFUSED, answer=error.message, kind=type(error).__name__))
        return RowState.REFUSED
    made = done.obj  # Leat answers with the reversed reception; the reversal's own uuid is in the audit entry
    entry = selectors.row_entries(row, action=settle.REVERSE, target_id=row.transaction_uuid).filter(outcome="succeeded").first()
    services.row_set(pk, by=run.attempt, undo=True, **settle.UNDO.ended(RowState.DONE, uuid=entry.result_id if entry else "", balance=made.contact_balance))
    return RowState.DONE
