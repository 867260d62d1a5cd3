from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecentContact(models.Model):
    """A contact a staff member opened, so the last few are one click away."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recent_contacts")
    contact_uuid = models.CharField(max_length=128)
    email = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True)
    viewed_at = models.DateTimeField(auto_now=True, db_index=True)

    KEEP = 10

    class Meta:
        ordering = ["-viewed_at"]
        constraints = [models.UniqueConstraint(fields=["user", "contact_uuid"], name="one_recent_row_per_contact")]

    def __str__(self) -> str:
        return self.email


class TransactionExport(models.Model):
    """A CSV export of one contact's loyalty transactions, built by a task
    page by page; staff watch its progress (from any web process) and then
    download it from the default storage."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact_uuid = models.CharField(max_length=128)
    transaction_type = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The task's heartbeat: set on every page written (see exports.export_check).
    updated_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)

    @property
    def transaction_label(self) -> str:
        """The kind of transactions exported, in words."""
        from .forms import TRANSACTION_TYPES

        return str(TRANSACTION_TYPES.get(self.transaction_type, self.transaction_type))

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
