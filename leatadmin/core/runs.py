"""One tracked background run: the transaction export, the directory backfill
and the visit index's full read are each one of these.

A run is a row (a model derived from `Run`) that staff and operators watch
from any process, and a `django.tasks` task that does the work (the `worker`
process runs `manage.py db_worker`; the tests' immediate backend runs it
inside `enqueue`). The row says where the run stands (`status`), how far it
got (`done` of `total`, and whatever its kind needs to resume), and why it
failed, in words translated when they are shown.

Exactly once, whatever clicks, processes and workers do:

* One run at a time per scope (`Run.scope`: one backfill, one visit read, one
  export per staff member, contact and kind). `claim` holds the scope while
  the run is queued or running, and is unique in the database: two starts at
  the same instant make one run, and the second caller gets the first's.
* One execution at a time per run. Each start gives the run a new `attempt`
  and passes it to the task; the task takes the run (queued to running) only
  for that attempt, and writes progress only while it still holds it. A task
  queued twice, or a slow worker whose run was declared dead and started
  again, finds the run no longer its own and stops, writing nothing.

A run's task takes `(pk, attempt, request_id="")`: the request id of the
request that started it, which the worker takes up for the task's log lines
(core/observability.py) and otherwise leaves alone.

Resumable: the work stores its resume point (a cursor, a page number) with
its progress (`Run.advance`), and `start(resume=True)` takes the latest run of
its kind up again where it stopped, when it did not finish.

Dead runs: a killed worker cannot say so. A run queued or running whose
heartbeat (`updated_at`, written with its progress) has not moved for
EXPORT_STALL_SECONDS is declared failed when anyone looks (`check`): no
worker took it up, or its worker ended.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leatadmin.leat.errors import LeatError

from .leat_words import said
from .models import RunStatus
from .request_context import request_id

logger = logging.getLogger(__name__)

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


class Abandon(Exception):
    """Stop this execution and leave the run's row as it is: the run is no
    longer this execution's (it was declared dead and started again)."""


class Run(models.Model):
    Status = RunStatus

    # What the row says when the run fails: message ids (gettext_noop), put in
    # the reader's language when shown (`failure`). Each kind words its own.
    failed_in_leat = gettext_noop("Start it again.")
    failed_unexpectedly = gettext_noop("The run stopped unexpectedly. Start it again.")
    never_taken = gettext_noop("No task worker took the run up; an administrator must check that the worker process runs. Start it again.")
    worker_ended = gettext_noop("The run stopped (its worker ended). Start it again.")

    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    #: Why it failed: one of the message ids above (never a sentence built here).
    error = models.TextField(blank=True)
    #: What Leat said when Leat made it fail, as Leat said it (shown through leat_words.said).
    leat_message = models.TextField(blank=True)
    #: The queued task's id in django.tasks (for an operator looking for it).
    task_id = models.CharField(max_length=64, blank=True)
    #: The execution that may work on the run: new at every start.
    attempt = models.CharField(max_length=32, blank=True)
    #: The run's scope while it is queued or running, else None: unique, so a
    #: scope never has two runs under way.
    claim = models.CharField(max_length=255, null=True, blank=True, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    #: The heartbeat: written with every progress (see `check`).
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-started_at", "-id"]

    def scope(self) -> str:
        """Runs of the same scope never go at once. By default: one of its kind."""
        return "one at a time"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def failure(self) -> str:
        """Why it failed, in the reader's language: what Leat said, if Leat made it fail, and what to do."""
        advice = _(self.error) if self.error else ""
        return " ".join(part for part in (said(self.leat_message) if self.leat_message else "", advice) if part)

    def advance(self, **fields: Any) -> None:
        """Store the run's progress (`done`, `total`, and the resume point in
        `fields`) and its heartbeat, while the run is still this execution's;
        else raise Abandon. Inside the work's own transaction, if it has one:
        then what it wrote and the resume point after it commit together."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.updated_at = timezone.now()
        mine = type(self).objects.filter(pk=self.pk, attempt=self.attempt, status=RunStatus.RUNNING)
        if not mine.update(done=self.done, total=self.total, updated_at=self.updated_at, **fields):
            raise Abandon


def check[R: Run](run: R) -> R:
    """A run queued or running whose heartbeat stopped for EXPORT_STALL_SECONDS
    lost its worker (killed, or none runs): it is marked failed, and returned as it now stands."""
    if run.is_active and run.updated_at < timezone.now() - timedelta(seconds=settings.EXPORT_STALL_SECONDS):
        message = run.never_taken if run.status == RunStatus.QUEUED else run.worker_ended
        now = timezone.now()
        # Only if it is still as seen: a heartbeat since then keeps it alive.
        type(run).objects.filter(pk=run.pk, status=run.status, updated_at=run.updated_at).update(
            status=RunStatus.FAILED, claim=None, error=message, leat_message="", finished_at=now, updated_at=now
        )
        run.refresh_from_db()
    return run


def current[R: Run](kind: type[R], **fields: Any) -> R | None:
    """The run of `kind` under way in the scope these fields make (checked: a dead one is not)."""
    run = kind.objects.filter(claim=kind(**fields).scope()).first()
    return run if run is not None and check(run).is_active else None


def start[R: Run](kind: type[R], task: Task, *, resume: bool = False, here: bool = False, **fields: Any) -> R:
    """Start a run of `kind` with these fields, as `task` for the worker (or
    `here`: in this process, now), unless one of its scope is under way: then
    that one, untouched. `resume`: take up the latest run with these fields
    where it stopped, if it did not finish."""
    attempt = secrets.token_hex(8)
    run = _claim(kind, attempt, resume=resume, fields=fields)
    if run.attempt != attempt:
        return run  # someone else's run, under way
    if here:
        task.call(run.pk, attempt)
    else:
        try:
            # The request's id goes along: the task's log lines carry it (core/observability.py).
            result = task.enqueue(run.pk, attempt, request_id=request_id())
        except BaseException:
            _end(run, RunStatus.FAILED, error=run.never_taken)
            raise
        kind.objects.filter(pk=run.pk, attempt=attempt).update(task_id=str(result.id))  # unless started again since
    run.refresh_from_db()
    return run


def _claim[R: Run](kind: type[R], attempt: str, *, resume: bool, fields: dict[str, Any]) -> R:
    """The run this start is for: a new one, the latest resumed, or the one under way."""
    for _try in range(3):
        new = kind(**fields, attempt=attempt)
        new.claim = new.scope()
        under_way = current(kind, **fields)
        if under_way is not None:
            return under_way
        latest = kind.objects.filter(**fields).first() if resume else None
        if latest is not None and latest.is_active:
            latest = check(latest)  # one from before claims (it holds none)
            if latest.is_active:
                return latest
        try:
            with transaction.atomic():
                if latest is not None and latest.status == RunStatus.FAILED:
                    resumed = kind.objects.filter(pk=latest.pk, status=RunStatus.FAILED).update(
                        status=RunStatus.QUEUED, claim=new.claim, attempt=attempt, error="", leat_message="", finished_at=None, updated_at=timezone.now()
                    )
                    if resumed:
                        return kind.objects.get(pk=latest.pk)
                new.save()
                return new
        except IntegrityError:
            continue  # another start claimed the scope in between: that run is the one
    raise RuntimeError(f"{kind.__name__}: could not claim a run for {new.claim!r}")


def execute[R: Run](kind: type[R], pk: int, attempt: str, work: Callable[[R], dict[str, Any] | None]) -> R | None:
    """A run's task: take run `pk` for `attempt`, do `work(run)` (which returns
    the fields to store with the run done), and record how it ended."""
    if not kind.objects.filter(pk=pk, attempt=attempt, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, updated_at=timezone.now()):
        logger.info("%s %s is not queued for this task (taken, finished or started again): nothing to do", kind.__name__, pk)
        return kind.objects.filter(pk=pk).first()
    run = kind.objects.get(pk=pk)
    try:
        finished = work(run) or {}
    except Abandon:
        logger.warning("%s %s was started again elsewhere: this execution stopped", kind.__name__, pk)
        return run
    except LeatError as error:
        _end(run, RunStatus.FAILED, error=run.failed_in_leat, leat_message=error.message)
        return run
    except BaseException:
        # Anything else (a bug, the worker told to stop): never "running" for ever.
        logger.exception("%s %s failed", kind.__name__, pk)
        _end(run, RunStatus.FAILED, error=run.failed_unexpectedly)
        raise
    _end(run, RunStatus.DONE, **finished)
    return run


def _end(run: Run, status: str, **fields: Any) -> None:
    """The run ends (done or failed), if it is still this execution's; its scope is free again."""
    now = timezone.now()
    fields = {"done": run.done, "total": run.total, **fields, "status": status, "claim": None, "finished_at": now, "updated_at": now}
    if type(run).objects.filter(pk=run.pk, attempt=run.attempt, status__in=ACTIVE).update(**fields):
        for name, value in fields.items():
            setattr(run, name, value)
