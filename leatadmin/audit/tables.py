from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.tables import LocalDateTimeColumn, ModelTable

from .models import AuditEntry


class AuditTable(ModelTable):
    created_at = LocalDateTimeColumn(verbose_name=_("When"), url_of=lambda entry: reverse("audit:detail", args=[entry.pk]))
    username = tables.Column(verbose_name=_("Who"))
    action = tables.Column(verbose_name=_("Action"))
    target_label = tables.Column(verbose_name=_("Target"), empty_values=())
    succeeded = tables.Column(verbose_name=_("Leat's answer"), empty_values=())
    fields = tables.Column(verbose_name=_("Fields"), empty_values=(), orderable=False)

    pager_label = _("Audit log pages")

    class Meta:
        model = AuditEntry
        fields = ("created_at", "username", "action", "target_label", "succeeded")
        empty_text = _("No audit entries match.")

    def render_target_label(self, record: AuditEntry) -> str:
        return format_html("{} <span class='muted'>{}</span>", record.get_target_type_display(), record.target_label or record.target_id or "—")

    def render_succeeded(self, record: AuditEntry) -> str:
        if record.succeeded:
            return format_html('<span class="badge ok">{}</span>', _("OK"))
        if record.outcome == AuditEntry.Outcome.UNKNOWN:
            return format_html('<span class="badge warn" title="{}">{}</span>', _("Sent, but Leat's answer was lost: Leat may have acted"), _("Outcome unknown"))
        return format_html('<span class="badge bad">{}</span> {}', _("Failed"), record.error_code or record.error_status or "")

    def render_fields(self, record: AuditEntry) -> str:
        return ", ".join(name for name, _, _ in record.changes()) or "—"
