from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse

from leatadmin.core.tables import LeatTable, LinkColumn, LocalDateTimeColumn


class VisitTable(LeatTable):
    starts_at = LocalDateTimeColumn(verbose_name="Start", orderable=False)
    ends_at = LocalDateTimeColumn(verbose_name="End", format="H:i", orderable=False)
    shop = tables.Column(verbose_name="Shop", accessor="shop__name", default="—", orderable=False)
    source = tables.Column(verbose_name="Source", orderable=False, default="—")
    external_id = tables.Column(verbose_name="External id", orderable=False, default="—")

    pager_label = "Visit pages"

    class Meta:
        empty_text = "No visits."
        attrs = {"class": "visits"}


class VisitListTable(VisitTable):
    """All visits: which contact, and a link to each visit."""

    contact = tables.Column(verbose_name="Contact", accessor="contact__email", default="(deleted contact)", orderable=False)
    view = LinkColumn(verbose_name="Visit", orderable=False, url_of=lambda visit: reverse("visits:detail", args=[visit.uuid]), text=lambda visit: "Open")

    class Meta(VisitTable.Meta):
        sequence = ("starts_at", "ends_at", "contact", "shop", "source", "external_id", "view")
