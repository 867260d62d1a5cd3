from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class RunStatus(models.TextChoices):
    """Where a background run stands (core/runs.py: the export, the directory backfill, the visit index's full read)."""

    QUEUED = "queued", gettext_lazy("Waiting for a worker")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


class FormSubmission(models.Model):
    """One row per form sent to Leat, claimed before Leat is called, so the
    same form sent twice (double click, reload, Back) writes once, and a
    write whose answer was lost cannot be blindly sent again."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Being sent"
        DONE = "done", "Done"
        UNKNOWN = "unknown", "Outcome unknown"

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    #: Where the result is (done), or where to check for it (unknown).
    result_url = models.CharField(max_length=500, blank=True)
    #: Why the outcome is unknown, in words.
    reason = models.CharField(max_length=255, blank=True)
    #: A hash of what was submitted (see core.claims.fingerprint), to catch
    #: the same thing sent again from another tab or a new form.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    #: Held while this submission counts as "the latest of its kind": the
    #: fingerprint itself, or for a confirmed second one the fingerprint with
    #: the submission it follows. Unique, so two tabs sending the same thing
    #: at the same instant cannot both claim it (core/claims.py); released
    #: after the duplicate window, when Leat refused, or when nothing was sent.
    guard = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.token

    def finish(self, outcome: str, url: str = "", *, reason: str = "", wrote: bool = True) -> None:
        """`wrote=False`: nothing was sent to Leat, so this is no one's duplicate."""
        self.outcome, self.result_url, self.reason = outcome, url[:500], reason[:255]
        if not wrote:
            self.guard = None
        self.save(update_fields=["outcome", "result_url", "reason", "guard"])
