from __future__ import annotations

import django_tables2 as tables

from leatadmin.core.tables import LeatTable


class VisitTable(LeatTable):
    starts_at = tables.DateTimeColumn(verbose_name="Start", format="j M Y, H:i", orderable=False, default="—")
    ends_at = tables.DateTimeColumn(verbose_name="End", format="H:i", orderable=False, default="—")
    shop = tables.Column(verbose_name="Shop", accessor="shop__name", default="—", orderable=False)
    source = tables.Column(verbose_name="Source", orderable=False, default="—")
    external_id = tables.Column(verbose_name="External id", orderable=False, default="—")

    class Meta:
        empty_text = "No visits."
        attrs = {"class": "visits"}
