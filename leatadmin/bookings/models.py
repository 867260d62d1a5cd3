"""The booking ledger.

Leat can create and update bookings but cannot list or show them, so
leatadmin keeps every booking it creates or corrects here, with the last
state Leat returned and the history of every change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leatadmin.core.history import FIELD_LABELS, field_label, field_order, value_text

from .status import allowed_actions

#: The fields of a booking that can change after it is made, in form order.
FIELDS = ("starts_at", "ends_at", "checked_in_at", "number_of_people", "company_name", "status", "prepaid_amount", "source", "external_id")
#: Their labels, as every history shows them (core/history.py).
LABELS = {name: FIELD_LABELS[name] for name in FIELDS}


class BookingRecord(models.Model):
    uuid = models.CharField("Leat identifier", max_length=128, unique=True)
    shop_uuid = models.CharField(max_length=128, blank=True, db_index=True)
    shop_name = models.CharField(max_length=255, blank=True)
    contact_uuid = models.CharField(max_length=128, blank=True, db_index=True)
    contact_email = models.CharField(max_length=255, blank=True, db_index=True)
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    source = models.CharField(max_length=255, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    number_of_people = models.PositiveIntegerField(null=True, blank=True)
    company_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=64, blank=True, db_index=True)
    prepaid_amount = models.PositiveIntegerField("prepaid amount (cents)", null=True, blank=True)
    leat_created_at = models.DateTimeField(null=True, blank=True)
    #: False for a booking made elsewhere that leatadmin learnt of by correcting it.
    made_here = models.BooleanField(default=True)
    #: False while Leat's answer to creating it was lost: leatadmin does not
    #: know whether Leat has it (nor its identifier) until staff settle it.
    confirmed = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contact_email or self.contact_uuid} {self.starts_at:%Y-%m-%d %H:%M}" if self.starts_at else self.uuid

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def allowed_actions(self) -> frozenset[str]:
        """The one-click actions its status allows (`status.py`)."""
        return allowed_actions(self) if self.confirmed else frozenset()


class BookingChange(models.Model):
    """One successful change to a booking: who, when, why, and each field from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CORRECT = "correct", _("Corrected")
        CORRECT_ELSEWHERE = "correct_elsewhere", _("Corrected (made elsewhere)")
        CHECK_IN = "check_in", _("Checked in")
        COMPLETE = "complete", _("Marked completed")
        CANCEL = "cancel", _("Canceled")
        SETTLE = "settle", _("Confirmed after a lost answer")

    booking = models.ForeignKey(BookingRecord, on_delete=models.CASCADE, related_name="changes")
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=32, choices=Action.choices)
    reason = models.TextField(blank=True)
    #: {field: [before, after]}; before is None for a new booking or one made elsewhere.
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    audit = models.ForeignKey("audit.AuditEntry", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, before, after) in words, as the audit log shows them (core/history.py).

        A booking made elsewhere was never seen before its first correction
        (Leat has no way to show a booking), so its before values are unknown,
        not empty: "—" would claim the field was blank."""
        before_unknown = self.action == self.Action.CORRECT_ELSEWHERE
        changes = sorted(self.changes.items(), key=lambda item: field_order(item[0]))
        return [(field_label(name), gettext("unknown") if before_unknown else value_text(name, before), value_text(name, after)) for name, (before, after) in changes]
