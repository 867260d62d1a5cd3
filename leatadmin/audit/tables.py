from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from leatadmin.core.tables import LocalDateTimeColumn, ModelTable

from .models import AuditEntry


class AuditTable(ModelTable):
    created_at = LocalDateTimeColumn(verbose_name="When", format="j M Y, H:i:s", url_of=lambda entry: reverse("audit:detail", args=[entry.pk]))
    username = tables.Column(verbose_name="Who")
    action = tables.Column(verbose_name="Action")
    target_label = tables.Column(verbose_name="Target", empty_values=())
    succeeded = tables.Column(verbose_name="Leat's answer", empty_values=())
    fields = tables.Column(verbose_name="Fields", empty_values=(), orderable=False)

    pager_label = "Audit log pages"

    class Meta:
        model = AuditEntry
        fields = ("created_at", "username", "action", "target_label", "succeeded")
        empty_text = "No audit entries match."

    def render_target_label(self, record: AuditEntry) -> str:
        return format_html("{} <span class='muted'>{}</span>", record.get_target_type_display(), record.target_label or record.target_id or "—")

    def render_succeeded(self, record: AuditEntry) -> str:
        if record.succeeded:
            return mark_safe('<span class="badge ok">OK</span>')
        if record.outcome == AuditEntry.Outcome.UNKNOWN:
            return mark_safe('<span class="badge warn" title="Sent, but Leat\'s answer was lost: Leat may have acted">Outcome unknown</span>')
        return format_html('<span class="badge bad">Failed</span> {}', record.error_code or record.error_status or "")

    def render_fields(self, record: AuditEntry) -> str:
        return ", ".join(name for name, _, _ in record.changes()) or "—"
