"""The audit log: one row for every write leatadmin sends to Leat, success or failure."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Target(models.TextChoices):
        CONTACT = "contact", _("Contact")
        VISIT = "visit", _("Visit")
        BOOKING = "booking", _("Booking")
        TRANSACTION = "transaction", _("Loyalty transaction")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The account may be deleted later; the name it had stays on the entry.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=16, choices=Target.choices, db_index=True)
    target_id = models.CharField(max_length=255, blank=True, db_index=True)
    target_label = models.CharField(max_length=255, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    sent = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        # The write was sent but its answer was lost: Leat may have acted.
        UNKNOWN = "unknown", _("Outcome unknown")

    succeeded = models.BooleanField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, db_index=True)
    error_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_code = models.PositiveIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "outcome unknown" if self.outcome == self.Outcome.UNKNOWN else f"failed ({self.error_code or self.error_status})"
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target_label or self.target_id} {outcome}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that was sent or changed."""
        names = list(dict.fromkeys([*self.sent, *self.before, *self.after]))
        return [(name, self.before.get(name), self.after.get(name)) for name in names]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
