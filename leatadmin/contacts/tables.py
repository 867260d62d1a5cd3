from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.core.templatetags.leat_format import credits, transaction_type


class TransactionTable(LeatTable):
    created_at = LocalDateTimeColumn(verbose_name="Date", orderable=False)
    type = tables.Column(verbose_name="Type", orderable=False)
    credits = tables.Column(verbose_name="Credits", orderable=False, attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    shop = tables.Column(verbose_name="Shop", accessor="shop__name", default="—", orderable=False)
    unit_value = tables.Column(verbose_name="Unit value", orderable=False, default="—", attrs={"td": {"class": "number"}, "th": {"class": "number"}})

    pager_label = "Transaction pages"

    class Meta:
        empty_text = "No loyalty transactions."
        attrs = {"class": "transactions"}

    def render_type(self, value: str) -> str:
        return transaction_type(value)

    def render_credits(self, value: int, record) -> str:
        # A reward spends credits: show it as a deduction.
        spent = record.type != "credit_reception"
        return format_html('<span class="{}">{}{}</span>', "spent" if spent else "earned", "−" if spent else "+", credits(value))

    def render_unit_value(self, value, record) -> str:
        text = f"{value:,.2f}"
        return f"{text} {record.unit_label}".strip()
