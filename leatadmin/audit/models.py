"""The audit log: one row for every write leatadmin sends to Leat, success or failure."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from leatadmin.core.history import Labels, field_order, value_text

#: What each action did, in words (the code stays in the entry and the CSV).
ACTIONS = {
    "contact.create": _("Contact created"),
    "contact.create_async": _("Contact created (Leat finishes it in the background)"),
    "contact.find_or_create": _("Contact found or created"),
    "contact.create_anonymous": _("Anonymous contact created"),
    "contact.claim": _("Anonymous contact given an email"),
    "contact.update": _("Contact attributes changed"),
    "contact.delete_default": _("Contact deletion asked"),
    "contact.delete_gdpr": _("Contact deletion asked (GDPR: forget the person)"),
    "visit.create": _("Visit created"),
    "visit.update": _("Visit changed"),
    "booking.create": _("Booking created"),
    "booking.create_settled": _("Booking confirmed after a lost answer"),
    "booking.create_discarded": _("Unconfirmed booking removed (not in Leat)"),
    "booking.correct": _("Booking corrected"),
    "booking.correct_elsewhere": _("Booking made elsewhere corrected"),
    "booking.check_in": _("Booking checked in"),
    "booking.complete": _("Booking marked completed"),
    "booking.cancel": _("Booking canceled"),
    "loyalty.credits": _("Points given or taken"),
    "loyalty.reward": _("Reward given"),
    "loyalty.reverse_credits": _("Points undone"),
    "loyalty.reverse_reward": _("Reward undone"),
    "loyalty.collect": _("Reward marked collected"),
    "loyalty.uncollect": _("Reward collection undone"),
    "voucher.lock": _("Voucher locked for redemption"),
    "voucher.redeem": _("Voucher redeemed"),
    "voucher.release": _("Voucher lock released"),
    "voucher.activate": _("Voucher activated"),
    "voucher.deactivate": _("Voucher deactivated"),
    "voucher.give": _("Voucher given"),
    "giftcard.pay": _("Paid with a gift card"),
    "giftcard.top_up": _("Gift card topped up"),
    "giftcard.undo": _("Gift card transaction undone"),
    "giftcard.send": _("Gift card sent by email"),
    "giftcard.create": _("Digital gift card made"),
    "card.link": _("Loyalty card linked"),
    "card.block": _("Loyalty card blocked"),
    "subscription.subscribe": _("Subscribed"),
    "subscription.unsubscribe": _("Unsubscribed"),
    "prepaid.top_up": _("Prepaid topped up"),
    "prepaid.refund": _("Prepaid refunded"),
    "prepaid.reverse": _("Prepaid transaction reversed"),
    # Staff sign-in (leatadmin/signin/audit.py): not writes to Leat, kept in the same log.
    "signin.login": _("Signed in"),
    "signin.failed": _("Sign-in failed"),
    "signin.locked_out": _("Sign-in locked out (too many attempts)"),
    "signin.refused": _("Single sign-on refused (no leatadmin role)"),
    "signin.factor_added": _("Second factor added"),
    "signin.factor_removed": _("Second factor removed"),
    "signin.recovery_codes": _("Recovery codes made anew"),
    "signin.recovery_code_used": _("Recovery code used"),
    "signin.fresh_passed": _("Identity checked again"),
    "signin.fresh_failed": _("Identity check failed"),
    "signin.sessions_ended": _("Sessions ended"),
    "signin.factor_reset": _("Second factor reset by an administrator"),
}


#: An action's code with this ending records the settlement of a lost answer (audit.services.audit_settled).
SETTLED = "_settled"
#: Reasons leatadmin wrote itself into entries of earlier versions: kept in
#: the catalog so those entries still read in the staff member's language.
EARLIER_REASONS = (gettext_noop("Leat's answer was lost; the visit was found in Leat by its external id."),)


def action_text(code: str) -> str:
    """An action in words; one leatadmin does not know yet, from its code."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    if code.endswith(SETTLED) and code.removesuffix(SETTLED) in ACTIONS:
        return _("%(action)s: found in Leat after a lost answer") % {"action": ACTIONS[code.removesuffix(SETTLED)]}
    return code.replace(".", ": ", 1).replace("_", " ").capitalize()


class AuditEntry(models.Model):
    class Target(models.TextChoices):
        CONTACT = "contact", _("Contact")
        VISIT = "visit", _("Visit")
        BOOKING = "booking", _("Booking")
        TRANSACTION = "transaction", _("Loyalty transaction")
        VOUCHER = "voucher", _("Voucher")
        GIFTCARD = "giftcard", _("Gift card")
        STAFF = "staff", _("Staff sign-in")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The account may be deleted later; the name it had stays on the entry.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=16, choices=Target.choices, db_index=True)
    target_id = models.CharField(max_length=255, blank=True, db_index=True)
    target_label = models.CharField(max_length=255, blank=True)
    #: The contact the write was about (the target itself, or the contact of
    #: the visit, booking or transaction), so every entry can link to them.
    contact_uuid = models.CharField(max_length=128, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    sent = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    #: When the write left for Leat (`created_at` is when its answer came, or was lost).
    sent_at = models.DateTimeField(null=True, blank=True)
    #: The Leat record this write made (a transaction, a visit), or that a lost
    #: answer was settled against: a record accounted for once is never taken
    #: for another write's result.
    result_id = models.CharField(max_length=128, blank=True, db_index=True)

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
        return [(name, self.before.get(name), self.after.get(name)) for name in self.field_names()]

    def field_names(self) -> list[str]:
        """Every field sent or changed, in one order on every database
        (PostgreSQL's jsonb does not keep the order keys were written in)."""
        return sorted({*self.sent, *self.before, *self.after}, key=field_order)

    def rows(self, labels: Labels | None = None) -> list[tuple[str, str, str, str]]:
        """(label, before, sent, after) in words, as a booking's history shows them (core/history.py)."""
        label = labels or Labels()
        missing = object()

        def text(values: dict, name: str) -> str:
            value = values.get(name, missing)
            return "" if value is missing else value_text(name, value)

        return [(label(name), text(self.before, name) or "—", text(self.sent, name), text(self.after, name) or "—") for name in self.field_names()]

    @property
    def action_text(self) -> str:
        return action_text(self.action)

    def settled_by(self) -> AuditEntry | None:
        """For a write whose answer was lost: the entry that later found what it did in Leat."""
        if self.outcome != self.Outcome.UNKNOWN:
            return None
        return AuditEntry.objects.filter(action=self.action + SETTLED, sent__audit_entry=self.pk).first()

    def settles(self) -> AuditEntry | None:
        """For a settlement: the entry of the write whose answer was lost."""
        lost = self.sent.get("audit_entry") if self.action.endswith(SETTLED) else None
        return AuditEntry.objects.filter(pk=lost).first() if isinstance(lost, int) else None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
