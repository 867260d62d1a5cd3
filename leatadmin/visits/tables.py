from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.safestring import mark_safe

from leatadmin.core.tables import LeatTable, LinkColumn, LocalDateTimeColumn
from leatadmin.leat.models import Page, Visit

from .selectors import visit_shops

NOT_GIVEN = mark_safe('<span class="muted" title="Leat does not say which shop a visit was at; leatadmin knows it only for visits made here">not given by Leat</span>')


def _visit_url(visit: Visit) -> str:
    return reverse("visits:detail", args=[visit.uuid])


class VisitTable(LeatTable):
    starts_at = LocalDateTimeColumn(verbose_name="Start", orderable=False, url_of=_visit_url)
    ends_at = LocalDateTimeColumn(verbose_name="End", format="H:i", orderable=False)
    shop = tables.Column(verbose_name="Shop", orderable=False, empty_values=())
    source = tables.Column(verbose_name="Source", orderable=False, default="—")
    external_id = tables.Column(verbose_name="External id", orderable=False, default="—")

    pager_label = "Visit pages"

    class Meta:
        empty_text = "No visits."
        attrs = {"class": "visits"}

    def __init__(self, page: Page[Visit], **kwargs: Any) -> None:
        super().__init__(page, **kwargs)
        self.known_shops = visit_shops(page.items)

    def render_shop(self, record: Visit) -> str:
        shop = self.known_shops.get(record.uuid)
        return shop.name if shop and shop.known else NOT_GIVEN


class VisitListTable(VisitTable):
    """All visits: which contact, and a link to each visit."""

    contact = tables.Column(verbose_name="Contact", accessor="contact__email", default="(deleted contact)", orderable=False)
    view = LinkColumn(verbose_name="Visit", orderable=False, url_of=lambda visit: reverse("visits:detail", args=[visit.uuid]), text=lambda visit: "Open")

    class Meta(VisitTable.Meta):
        sequence = ("starts_at", "ends_at", "contact", "shop", "source", "external_id", "view")
