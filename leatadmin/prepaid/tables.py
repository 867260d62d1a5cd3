from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.core.templatetags.leat_format import cents, signed_cents

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}


class PrepaidTable(LeatTable):
    created_at = LocalDateTimeColumn(verbose_name=_("Date"), orderable=False)
    amount_in_cents = tables.Column(verbose_name=_("Amount"), orderable=False, attrs=NUMBER)
    balance_in_cents = tables.Column(verbose_name=_("Balance after"), orderable=False, default="—", attrs=NUMBER)
    shop = tables.Column(verbose_name=_("Shop"), accessor="shop__name", default="—", orderable=False)
    card = tables.Column(verbose_name=_("Card"), orderable=False, default="—")
    reverse = tables.Column(verbose_name=_("Actions"), orderable=False, empty_values=(), accessor="uuid", attrs={"td": {"class": "row-action"}})

    pager_label = _("Prepaid pages")

    class Meta:
        empty_text = _("No prepaid transactions.")
        attrs = {"class": "prepaid"}

    def __init__(self, *args, contact_uuid: str, may_reverse: bool, **kwargs) -> None:
        super().__init__(*args, exclude=() if may_reverse else ("reverse",), **kwargs)
        self.contact_uuid = contact_uuid

    def render_amount_in_cents(self, value: int) -> str:
        return format_html('<span class="{}">{}</span>', "spent" if value < 0 else "earned", signed_cents(value))

    def render_balance_in_cents(self, value: int) -> str:
        return cents(value)

    def render_reverse(self, value: str) -> str:
        url = reverse("prepaid:reverse", args=[self.contact_uuid, value])
        return format_html('<a class="small" href="{}" hx-get="{}" hx-target="#contact-action">{}</a>', url, url, _("Reverse…"))
