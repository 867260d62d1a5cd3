from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from leatadmin.audit.models import SETTLED, AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.badges import badge
from leatadmin.core.history import Labels
from leatadmin.core.links import link
from leatadmin.core.tables import LocalDateTimeColumn, ModelTable

#: The page each kind of target has (a transaction has none: its contact's page is where it shows).
TARGET_PAGES = {
    AuditEntry.Target.CONTACT: "contact", AuditEntry.Target.VISIT: "visit", AuditEntry.Target.BOOKING: "booking",
    AuditEntry.Target.VOUCHER: "voucher", AuditEntry.Target.GIFTCARD: "giftcard",
}


def outcome_badge(entry: AuditEntry, *, settled: bool = False) -> str:
    if entry.succeeded:
        return badge("outcome", "succeeded", _("OK"))
    if entry.outcome == AuditEntry.Outcome.UNKNOWN and settled:
        return badge("outcome", "succeeded", _("Found in Leat"), title=_("Leat's answer was lost; leatadmin checked Leat afterwards and found it done"))
    if entry.outcome == AuditEntry.Outcome.UNKNOWN:
        return badge("outcome", "unknown", _("Outcome unknown"), title=_("Sent, but Leat's answer was lost: Leat may have acted"))
    return format_html("{} {}", badge("outcome", "failed", _("Failed")), entry.error_code or entry.error_status or "")


def target_links(entry: AuditEntry, *, may_open: dict[str, bool], bookings: frozenset[str] = frozenset()) -> str:
    """What an entry was about, linked: the visit or booking (if its page
    exists), and the contact, by the label the entry keeps."""
    kind = TARGET_PAGES.get(entry.target_type)
    label = entry.target_label or entry.contact_uuid or entry.target_id or "—"
    if kind == "contact":
        return format_html("{} {}", entry.get_target_type_display(), link("contact", entry.contact_uuid or entry.target_id, label, allowed=may_open["contact"]))
    has_page = bool(entry.target_id) and (kind in ("visit", "voucher", "giftcard") or (kind == "booking" and entry.target_id in bookings))
    target = link(kind, entry.target_id, entry.get_target_type_display(), allowed=has_page and may_open[kind]) if kind else entry.get_target_type_display()
    return format_html("{} {}", target, link("contact", entry.contact_uuid, label, allowed=may_open["contact"]))


class AuditTable(ModelTable):
    created_at = LocalDateTimeColumn(verbose_name=_("When"), url_of=lambda entry: reverse("audit:detail", args=[entry.pk]))
    username = tables.Column(verbose_name=_("Who"))
    action = tables.Column(verbose_name=_("Action"))
    target_label = tables.Column(verbose_name=_("Target"), empty_values=(), attrs={"td": {"class": "token"}})  # a contact by their email
    succeeded = tables.Column(verbose_name=_("Leat's answer"), empty_values=())
    fields = tables.Column(verbose_name=_("Fields"), empty_values=(), orderable=False)

    pager_label = _("Audit log pages")

    class Meta:
        model = AuditEntry
        fields = ("created_at", "username", "action", "target_label", "succeeded")
        empty_text = _("No audit entries match.")

    def __init__(self, *args: Any, may_open: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_open = may_open
        self.labels = Labels()
        self._bookings: frozenset[str] | None = None
        self._settled: frozenset[int] | None = None

    def bookings_listed(self) -> frozenset[str]:
        """The page's bookings that have a page (the ledger may have forgotten one), in one query."""
        if self._bookings is None:
            entries = [row.record for row in self.page.object_list] if getattr(self, "page", None) else []
            uuids = [entry.target_id for entry in entries if entry.target_type == AuditEntry.Target.BOOKING and entry.target_id]
            self._bookings = frozenset(BookingRecord.objects.filter(uuid__in=uuids).values_list("uuid", flat=True))
        return self._bookings

    def render_action(self, record: AuditEntry) -> str:
        return format_html('<span title="{}">{}</span>', record.action, record.action_text)

    def render_target_label(self, record: AuditEntry) -> str:
        return target_links(record, may_open=self.may_open, bookings=self.bookings_listed())

    def settled_listed(self) -> frozenset[int]:
        """The page's lost writes that a later entry found done in Leat, in one query."""
        if self._settled is None:
            entries = [row.record for row in self.page.object_list] if getattr(self, "page", None) else []
            lost = [entry.pk for entry in entries if entry.outcome == AuditEntry.Outcome.UNKNOWN]
            found = AuditEntry.objects.filter(action__endswith=SETTLED, sent__audit_entry__in=lost).values_list("sent__audit_entry", flat=True) if lost else []
            self._settled = frozenset(found)
        return self._settled

    def render_succeeded(self, record: AuditEntry) -> str:
        return outcome_badge(record, settled=record.pk in self.settled_listed())

    def render_fields(self, record: AuditEntry) -> str:
        names = record.field_names()
        return format_html_join(", ", "{}", ((self.labels(name),) for name in names)) if names else "—"
