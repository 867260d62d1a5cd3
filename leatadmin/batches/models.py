"""A batch of loyalty corrections read from a file (#25), its rows, and the
runs that preview, apply and undo it.

Leat is the system of record; what is kept here is what Leat cannot give:
which rows a file held, what each was resolved to before anything was sent,
and, per row, whether its write is pending, under way (claimed), done,
refused, of unknown outcome or settled, with the Leat transaction it made.
The row's state is the resume point of every run: a run that stops anywhere
is started again and takes up exactly the rows not finished.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from leatadmin.core.runs import Run


class Batch(models.Model):
    class State(models.TextChoices):
        PREVIEWING = "previewing", gettext_lazy("Preview under way")
        REFUSED = "refused", gettext_lazy("File refused")
        READY = "ready", gettext_lazy("Previewed, not applied")
        APPLYING = "applying", gettext_lazy("Being applied")
        APPLIED = "applied", gettext_lazy("Applied")
        UNDOING = "undoing", gettext_lazy("Being undone")
        UNDONE = "undone", gettext_lazy("Undone")

    # The account may be deleted later; the name it had stays on the batch.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=255)
    #: Where the upload waits in the default storage until the preview has read it ("" after).
    stored_as = models.CharField(max_length=255, blank=True)
    #: The shop and the reason for the whole file (a row's own win).
    shop_uuid = models.CharField(max_length=64, blank=True)
    shop_name = models.CharField(max_length=255, blank=True)
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PREVIEWING, db_index=True)
    #: Why the file was refused: the file reader's message, in each language ({"en": …, "nl": …}).
    refused = models.JSONField(default=dict, blank=True)
    #: Which column of the file is which (our field -> its header), as the reader found them.
    columns = models.JSONField(default=dict, blank=True)
    # Totals, kept with every change so the list of batches reads them without counting rows.
    rows = models.PositiveIntegerField(default=0)
    problem_rows = models.PositiveIntegerField(default=0)
    left_out = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)
    credits_given = models.PositiveBigIntegerField(default=0)
    credits_taken = models.PositiveBigIntegerField(default=0)
    previewed_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "batches"

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.file_name})"


class RowState(models.TextChoices):
    """Where a row's write (or, for the undo, its reversal) stands."""

    PENDING = "pending", gettext_lazy("To send")
    #: Claimed by a run and sent (or about to be): never sent again by anyone.
    WRITING = "writing", gettext_lazy("Being sent")
    DONE = "done", gettext_lazy("Done")
    REFUSED = "refused", gettext_lazy("Refused by Leat")
    UNKNOWN = "unknown", gettext_lazy("Outcome unknown")
    SETTLED = "settled", gettext_lazy("Done (found after a lost answer)")
    SKIPPED = "skipped", gettext_lazy("Left out")


#: A row's write that made a credit reception in Leat (the undo reverses these).
MADE = (RowState.DONE, RowState.SETTLED)


class BatchRow(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="batch_rows")
    #: The row's number as the person sees it in their spreadsheet (the header is 1).
    number = models.PositiveIntegerField()
    # As the file has them.
    who = models.CharField(max_length=255)
    #: `email:…`, `uuid:…` or `card:…`: one Leat lookup per distinct key.
    who_key = models.CharField(max_length=300, blank=True)
    credits = models.IntegerField(null=True, blank=True)
    purchase = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    shop_text = models.CharField(max_length=255, blank=True)
    #: The row's own reason, else the batch's.
    reason = models.TextField(blank=True)
    #: What is wrong with the row, as [{"code": …, …params}] (problems.py says them in words).
    problems = models.JSONField(default=list, blank=True)
    has_problem = models.BooleanField(default=False)
    # What the preview found in Leat.
    resolved = models.BooleanField(default=False)
    contact_uuid = models.CharField(max_length=64, blank=True)
    contact_email = models.CharField(max_length=255, blank=True)
    contact_name = models.CharField(max_length=255, blank=True)
    balance = models.IntegerField(null=True, blank=True)
    #: The credits the row gives (negative: takes back): as in the file, or Leat's rules for the purchase.
    give = models.IntegerField(null=True, blank=True)
    shop_uuid = models.CharField(max_length=64, blank=True)
    shop_name = models.CharField(max_length=255, blank=True)
    #: Staff left the row out: it is never sent.
    left_out = models.BooleanField(default=False)
    # The apply.
    state = models.CharField(max_length=16, choices=RowState.choices, default=RowState.PENDING)
    #: The run execution that claimed the row, and when (a lost write is looked for in Leat from then on).
    attempt = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    transaction_uuid = models.CharField(max_length=64, blank=True)
    balance_after = models.IntegerField(null=True, blank=True)
    #: Leat's answer when it refused (its own words, said in ours when shown), and the kind of refusal.
    answer = models.TextField(blank=True)
    answer_kind = models.CharField(max_length=64, blank=True)
    # The undo.
    undo_state = models.CharField(max_length=16, choices=RowState.choices, blank=True)
    undo_attempt = models.CharField(max_length=32, blank=True)
    undo_claimed_at = models.DateTimeField(null=True, blank=True)
    undo_transaction_uuid = models.CharField(max_length=64, blank=True)
    undo_answer = models.TextField(blank=True)
    undo_answer_kind = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="batch_row_number_once")]
        indexes = [
            models.Index(fields=["batch", "state"]),
            models.Index(fields=["batch", "undo_state"]),
            models.Index(fields=["batch", "who_key"]),
            models.Index(fields=["batch", "contact_uuid"]),
            models.Index(fields=["batch", "has_problem"]),
        ]

    def __str__(self) -> str:
        return f"batch {self.batch_id} row {self.number}"

    @property
    def balance_then(self) -> int | None:
        """The balance after the row, as the preview foresees it."""
        return None if self.balance is None or self.give is None else self.balance + self.give


class BatchRun(Run):
    """One preview, apply or undo of a batch, as a tracked run (core/runs.py).
    `done` of `total` counts rows; the counters say how they ended."""

    class Step(models.TextChoices):
        PREVIEW = "preview", gettext_lazy("Preview")
        APPLY = "apply", gettext_lazy("Apply")
        UNDO = "undo", gettext_lazy("Undo")

    failed_in_leat = gettext_noop("Start it again: rows already done are not sent again.")
    failed_unexpectedly = gettext_noop("The run stopped unexpectedly. Start it again: rows already done are not sent again.")
    never_taken = gettext_noop("No task worker took the run up; an administrator must check that the worker process runs. Start it again.")
    worker_ended = gettext_noop("The run stopped (its worker ended). Start it again: rows already done are not sent again.")

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="runs")
    step = models.CharField(max_length=16, choices=Step.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: The undo's reason (the apply's are the rows' own).
    reason = models.TextField(blank=True)
    #: What the preview is doing now: reading the file, or asking Leat.
    phase = models.CharField(max_length=16, blank=True)
    # How the rows ended (in this batch so far, counted at the start and kept up as rows end).
    succeeded = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    #: For the time left: when this execution began, and how many rows were done then.
    timed_from = models.DateTimeField(null=True, blank=True)
    done_at_start = models.PositiveIntegerField(default=0)

    def scope(self) -> str:
        """One run at a time per batch, whatever its kind: a preview, an apply and an undo never overlap."""
        return f"batch:{self.batch_id}"

    @property
    def seconds_left(self) -> int | None:
        """At the pace of this execution so far, how long the rest takes; None before there is a pace."""
        if not self.is_active or not self.total or self.timed_from is None:
            return None
        finished = self.done - self.done_at_start
        elapsed = (self.updated_at - self.timed_from).total_seconds()
        if finished <= 0 or elapsed <= 0:
            return None
        return int((self.total - self.done) * elapsed / finished) + 1
