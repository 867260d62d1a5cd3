"""The audit log for supervisors: filter, read a diff, export the filtered log."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.htmx import render_page
from leatadmin.core.links import may_open
from leatadmin.core.person_filter import filter_form, kept_out_of_urls
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.staff.scoping import ShopScopeDenied

from . import selectors
from .forms import AuditFilterForm
from .tables import AuditTable, outcome_badge, target_links

CSV_COLUMNS = ["time", "user", "action", "target_type", "target_id", "target", "succeeded", "error_status", "error_code", "error_message", "reason", "sent", "before", "after"]


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    # The target (an email, often) is posted, and by reference in the URLs of the log and its export.
    # Staff limited to shops read their shops' entries and their own (selectors.audit_seen_by).
    seen = selectors.audit_seen_by(AuditEntry.objects.all(), user=request.user)
    form = filter_form(request, AuditFilterForm, usernames=selectors.audit_usernames(seen), actions=selectors.audit_actions(seen))
    entries = selectors.audit_seen_by(selectors.audit_search(), user=request.user)
    if form.is_valid():
        entries = selectors.audit_seen_by(selectors.audit_search(**form.cleaned_data), user=request.user)
    elif form.is_bound:
        entries = entries.none()  # a filter that cannot be read lists (and exports) nothing, not everything
    return form, entries


@require_http_methods(["GET", "POST"])
@permission_required("staff.view_audit", raise_exception=True)
@kept_out_of_urls(AuditFilterForm)
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    table = AuditTable(entries, panel_url=reverse("audit:list"), may_open=_may_open(request))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render_page(request, "audit/list.html", {"form": form, "table": table, "query": request.GET.urlencode()}, partial="results")


@require_GET
@permission_required("staff.view_audit", raise_exception=True)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(AuditEntry, pk=pk)
    if not selectors.audit_seen_by(AuditEntry.objects.filter(pk=pk), user=request.user).exists():
        raise ShopScopeDenied
    bookings = frozenset(BookingRecord.objects.filter(uuid=entry.target_id).values_list("uuid", flat=True)) if entry.target_type == AuditEntry.Target.BOOKING else frozenset()
    context = {"entry": entry, "target": target_links(entry, may_open=_may_open(request), bookings=bookings), "outcome": outcome_badge(entry, settled=entry.settled_by() is not None)}
    return render(request, "audit/detail.html", context)


def _may_open(request: HttpRequest) -> dict[str, bool]:
    return {kind: may_open(request.user, kind) for kind in ("contact", "visit", "booking", "voucher", "giftcard")}


class _Echo:
    """csv.writer writes into this and gets the line back, to stream it."""

    def write(self, value: str) -> str:
        return value


def _rows(entries) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=500):
        yield writer.writerow(
            [
                timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                entry.username,
                entry.action,
                entry.target_type,
                entry.target_id,
                entry.target_label,
                "yes" if entry.succeeded else "no",
                entry.error_status or "",
                entry.error_code or "",
                entry.error_message,
                entry.reason,
                *(json.dumps(value, default=str, ensure_ascii=False) for value in (entry.sent, entry.before, entry.after)),
            ]
        )


@require_GET
@permission_required(["staff.view_audit", "staff.export_data"], raise_exception=True)
@kept_out_of_urls(AuditFilterForm)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV, streamed row by row (flat memory at any size)."""
    _, entries = _filtered(request)
    response = StreamingHttpResponse(_rows(entries.order_by("created_at", "id")), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leatadmin-audit-{timezone.localdate():%Y%m%d}.csv"'
    return response
