from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.badges import badge
from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.leat.models import Voucher

from .status import status_text


class VoucherTable(LeatTable):
    code = tables.Column(verbose_name=_("Code"), orderable=False, attrs={"td": {"class": "token"}})
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    promotion = tables.Column(verbose_name=_("Promotion"), orderable=False, empty_values=())
    activation_date = LocalDateTimeColumn(verbose_name=_("Valid from"), orderable=False)
    expiration_date = LocalDateTimeColumn(verbose_name=_("Valid until"), orderable=False)
    redeemed_at = LocalDateTimeColumn(verbose_name=_("Redeemed"), orderable=False)

    pager_label = _("Voucher pages")

    class Meta:
        empty_text = _("No vouchers.")
        attrs = {"class": "vouchers"}

    def __init__(self, *args: Any, link_vouchers: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_vouchers = link_vouchers

    def render_code(self, value: str, record: Voucher) -> str:
        if not self.link_vouchers:
            return format_html("<code>{}</code>", value)
        return format_html('<a href="{}"><code>{}</code></a>', reverse("vouchers:detail", args=[record.uuid]), value)

    def render_status(self, value: str) -> str:
        return badge("voucher", value, status_text(value))

    def render_promotion(self, record: Voucher) -> str:
        return record.promotion.name if record.promotion and record.promotion.name else record.name or "—"
