from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.core.templatetags.leat_format import signed_credits, transaction_description


class TransactionTable(LeatTable):
    created_at = LocalDateTimeColumn(verbose_name="Date", orderable=False)
    type = tables.Column(verbose_name="What", orderable=False, empty_values=())
    credits = tables.Column(verbose_name="Credits", orderable=False, attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    shop = tables.Column(verbose_name="Shop", accessor="shop__name", default="—", orderable=False)
    unit_value = tables.Column(verbose_name="Unit value", orderable=False, default="—", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    card = tables.Column(verbose_name="Card", orderable=False, default="—")

    pager_label = "Transaction pages"

    class Meta:
        empty_text = "No loyalty transactions."
        attrs = {"class": "transactions"}

    def render_type(self, record) -> str:
        return transaction_description(record)

    def render_credits(self, value: int) -> str:
        # Leat's sign as it is: a reward reception is already negative.
        return format_html('<span class="{}">{}</span>', "spent" if value < 0 else "earned", signed_credits(value))

    def render_unit_value(self, value, record) -> str:
        text = f"{value:,.2f}"
        return f"{text} {record.unit_label}".strip()
