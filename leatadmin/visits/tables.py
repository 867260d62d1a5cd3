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


class VisitListTable(VisitTable):
    """All visits: which contact, and a link to each visit."""

    contact = tables.Column(verbose_name="Contact", accessor="contact__email", default="(deleted contact)", orderable=False)
    view = tables.TemplateColumn('<a href="{% url \'visits:detail\' record.uuid %}">Open</a>', verbose_name="", orderable=False)

    class Meta(VisitTable.Meta):
        sequence = ("starts_at", "ends_at", "contact", "shop", "source", "external_id", "view")
