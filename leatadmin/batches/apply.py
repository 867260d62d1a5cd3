"""Applying a batch: each row's credit reception written in Leat exactly once.

A tracked run (core/runs.py: a task the `worker` process runs, one run per
batch at a time, each execution with its own attempt). Exactly once, whatever
happens:

* Applied twice (two clicks, two tabs): the run's claim makes one run; a
  second apply once it is done finds no row pending.
* Each row claims itself in the database (pending to being sent, one atomic
  update) before its Leat call: no other execution sends it, ever.
* A lost answer is settled at once against the contact's newest
  transactions (settle.py), else the row's outcome is unknown; it is never sent again.
* A worker that dies: the run is declared dead (core/runs.py) and started
  again; the new execution first settles the rows the dead one left claimed
  (settle.recover), then sends only the rows still pending.

BATCH_CALLS_IN_FLIGHT rows are sent at once (flight.py), slowing down on
Leat's 429. Progress (rows done, refused, unknown; the time left) is written
to the run's row, so any web process can show it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from leatadmin.core import runs
from leatadmin.leat import errors

from . import selectors, services, settle
from .flight import Flight
from .models import MADE, Batch, BatchRow, BatchRun, RowState

CHUNK = 500
#: Progress is written at most this often.
PROGRESS_EVERY_SECONDS = 0.5


class NotReady(Exception):
    """The batch cannot be applied now; `message` says why, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def apply_start(*, batch: Batch, user) -> BatchRun:
    """Start applying the batch (or take up an apply that stopped); the run under way, if one is."""
    if batch.state not in (Batch.State.READY, Batch.State.APPLYING):
        raise NotReady(_("Only a previewed batch can be applied."))
    still_in = batch.batch_rows.filter(has_problem=True, left_out=False).count()
    if still_in:
        raise NotReady(_("%(rows)s rows with a problem are still in the batch: leave them out, or fix the file and upload it again.") % {"rows": still_in})
    Batch.objects.filter(pk=batch.pk, state=Batch.State.READY).update(state=Batch.State.APPLYING)
    return runs.start(BatchRun, apply_task, batch=batch, step=BatchRun.Step.APPLY, user=user)


@task
def apply_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(BatchRun, run_pk, attempt, _apply)


def counted(run: BatchRun, *, undo: bool = False) -> None:
    """The run's counters from the rows as they stand (at its start)."""
    counts = selectors.row_counts(run.batch, undo=undo)
    run.succeeded = sum(counts.get(state, 0) for state in MADE)
    run.refused = counts.get(RowState.REFUSED, 0)
    run.unknown = counts.get(RowState.UNKNOWN, 0)
    run.skipped = counts.get(RowState.SKIPPED, 0)
    run.total = sum(n for state, n in counts.items() if state not in ("", RowState.SKIPPED))
    run.done = run.total - counts.get(RowState.PENDING, 0) - counts.get(RowState.WRITING, 0)


class Progress:
    """The run's counters kept up as rows end, written at most every PROGRESS_EVERY_SECONDS."""

    def __init__(self, run: BatchRun) -> None:
        self.run = run
        self.saved_at = 0.0
        run.timed_from, run.done_at_start = timezone.now(), run.done
        self.save(force=True)

    def ended(self, state: str) -> None:
        if not state:
            return  # another execution had the row
        run = self.run
        if state == RowState.PENDING:
            return  # back in line (it will end later)
        run.done += 1
        if state in MADE:
            run.succeeded += 1
        elif state == RowState.REFUSED:
            run.refused += 1
        elif state == RowState.UNKNOWN:
            run.unknown += 1
        elif state == RowState.SKIPPED:
            run.skipped += 1
        self.save()

    def save(self, *, force: bool = False) -> None:
        if force or time.monotonic() - self.saved_at >= PROGRESS_EVERY_SECONDS:
            run = self.run
            run.advance(succeeded=run.succeeded, refused=run.refused, unknown=run.unknown, skipped=run.skipped, timed_from=run.timed_from, done_at_start=run.done_at_start)
            self.saved_at = time.monotonic()


def _apply(run: BatchRun) -> dict:
    batch = run.batch
    rows = batch.batch_rows
    # Rows staff left out are never sent (nor would a row with a problem be).
    rows.filter(state=RowState.PENDING).filter(Q(left_out=True) | Q(has_problem=True)).update(state=RowState.SKIPPED)
    # First the rows an execution that is gone left being sent: how far each got.
    for row in rows.filter(state=RowState.WRITING).exclude(attempt=run.attempt).select_related("batch"):
        settle.recover(settle.APPLY, user=run.user, row=row, attempt=run.attempt)
    counted(run)
    progress = Progress(run)
    flight = Flight(settings.BATCH_CALLS_IN_FLIGHT, name="batch-apply", database=True, overlap=True)
    flight.run(_pending(batch), lambda row: _write(run, row, flight), lambda row, state: progress.ended(state), tick=lambda: progress.save(force=True))
    progress.save(force=True)
    if rows.filter(state__in=(RowState.PENDING, RowState.WRITING)).exists():
        return {}  # rows went back in line since they were listed: the batch stays being applied, to be started again
    Batch.objects.filter(pk=batch.pk, state=Batch.State.APPLYING).update(state=Batch.State.APPLIED, applied_at=timezone.now())
    return {}


def _pending(batch: Batch) -> Iterator[BatchRow]:
    """The rows still to send, in file order, a chunk at a time (memory stays flat)."""
    last = 0
    while True:
        chunk = list(batch.batch_rows.filter(state=RowState.PENDING, number__gt=last).order_by("number")[:CHUNK])
        if not chunk:
            return
        for row in chunk:
            last = row.number
            yield row


def _write(run: BatchRun, row: BatchRow, flight: Flight) -> str:
    """One row, on one of the flight's threads: claimed, sent once, ended. Returns its state ("" if not ours).
    What the row sends was fixed before the apply (a previewed batch's rows no longer change)."""
    pk = row.pk
    if not services.row_claim(pk, attempt=run.attempt):
        return ""
    try:
        done = services.row_credits_give(user=run.user, row=row, slot=flight.slot())
    except errors.RateLimited:
        services.row_set(pk, by=run.attempt, **settle.APPLY.back_in_line())
        raise  # Leat did not act: the flight sends it again after Leat's wait
    except errors.LeatError as error:
        if error.outcome_unknown and error.record is not None:
            with flight.slot():
                return settle.settle(settle.APPLY, user=run.user, row=row, entry=error.record, attempt=run.attempt)
        if isinstance(error, (errors.Unavailable, errors.Unauthenticated)):
            services.row_set(pk, by=run.attempt, **settle.APPLY.back_in_line())
            raise  # Leat down or the key refused: the run stops, to be started again
        services.row_set(pk, by=run.attempt, **settle.APPLY.ended(RowState.REFUSED, answer=error.message, kind=type(error).__name__))
        return RowState.REFUSED
    reception = done.obj
    services.row_set(pk, by=run.attempt, **settle.APPLY.ended(RowState.DONE, uuid=reception.uuid, balance=reception.contact_balance))
    return RowState.DONE
