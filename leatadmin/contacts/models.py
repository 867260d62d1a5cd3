from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, gettext_noop

from leatadmin.core.runs import Run

#: The kinds of loyalty transactions staff filter and export by, in words ("": all).
TRANSACTION_TYPES = {"": gettext_lazy("All types"), "credit_receptions": gettext_lazy("Credits received"), "reward_receptions": gettext_lazy("Rewards")}


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


class TransactionExport(Run):
    """A CSV export of one contact's loyalty transactions, built by a task
    page by page (exports.py); staff watch its progress (from any web
    process) and then download it from the default storage. `done` and
    `total` count transactions."""

    failed_in_leat = gettext_noop("Start the export again.")
    failed_unexpectedly = gettext_noop("The export stopped unexpectedly. Start it again.")
    never_taken = gettext_noop("No task worker took the export up; an administrator must check that the worker process runs. Start it again.")
    worker_ended = gettext_noop("The export stopped (its worker ended). Start it again.")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact_uuid = models.CharField(max_length=128)
    transaction_type = models.CharField(max_length=32, blank=True)
    file_name = models.CharField(max_length=255, blank=True)

    def scope(self) -> str:
        """One export under way per staff member, contact and kind: a second click gets the first."""
        return f"{self.user_id}:{self.contact_uuid}:{self.transaction_type}"

    @property
    def transaction_label(self) -> str:
        """The kind of transactions exported, in words."""
        return str(TRANSACTION_TYPES.get(self.transaction_type, self.transaction_type))
