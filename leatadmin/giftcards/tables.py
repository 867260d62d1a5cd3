from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.badges import badge
from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.core.templatetags.leat_format import signed_cents, when
from leatadmin.leat.models import GiftcardTransaction, Page

from .selectors import transaction_ref

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
#: Leat writes a balance off at the card's expiry as a transaction of this type.
EXPIRED = "EXPIRED"


class GiftcardTransactionTable(LeatTable):
    created_at = LocalDateTimeColumn(verbose_name=_("Date"), orderable=False)
    what = tables.Column(verbose_name=_("What"), orderable=False, empty_values=(), accessor="amount_in_cents")
    amount_in_cents = tables.Column(verbose_name=_("Amount"), orderable=False, attrs=NUMBER)
    shop = tables.Column(verbose_name=_("Shop"), accessor="shop__name", default="—", orderable=False)
    undo = tables.Column(verbose_name=_("Undo"), orderable=False, empty_values=(), accessor="key", attrs={"td": {"class": "row-action"}})

    pager_label = _("Gift card transaction pages")

    class Meta:
        empty_text = _("No transactions on this gift card.")
        attrs = {"class": "giftcard-transactions"}

    def __init__(self, page: Page[GiftcardTransaction], *, card_uuid: str, may_undo: bool, marks: tuple[dict, dict] = ({}, {}), **kwargs: Any) -> None:
        super().__init__(page, exclude=() if may_undo else ("undo",), **kwargs)
        self.card_uuid = card_uuid
        #: What leatadmin's audit log knows: the transactions it undid, and the corrections it booked.
        self.undone, self.corrections = marks
        # Newest first: the first row of the first page is the card's last
        # transaction, the only one Leat undoes.
        self.last = page.items[0].key if page.page == 1 and page.items else None

    def render_what(self, record: GiftcardTransaction) -> str:
        if record.type == EXPIRED:
            return badge("giftcard", "expired", _("Expired balance"))
        what = _("Top-up") if record.amount_in_cents > 0 else _("Payment")
        ref = transaction_ref(record)
        if ref in self.corrections:
            entry = self.corrections[ref]
            title = _("Booked when %(who)s undid the last transaction on %(when)s") % {"who": entry.username, "when": when(entry.created_at)}
            return format_html("{} {}", what, badge("transaction", "correction", _("Correction"), title=title))
        if ref in self.undone:
            entry = self.undone[ref]
            return format_html("{} {}", what, badge("transaction", "reversed", _("Undone"), title=_("Undone by %(who)s on %(when)s") % {"who": entry.username, "when": when(entry.created_at)}))
        return str(what)

    def render_amount_in_cents(self, value: int) -> str:
        return format_html('<span class="{}">{}</span>', "spent" if value < 0 else "earned", signed_cents(value))

    def render_undo(self, record: GiftcardTransaction) -> str:
        if record.key != self.last:
            return ""
        if not record.can_be_corrected:
            return format_html('<span class="muted" id="cannot-undo">{}</span>', _("Cannot be undone: Leat gave it no identifier"))
        url = reverse("giftcards:undo", args=[self.card_uuid])
        return format_html('<a class="button small" href="{}" hx-get="{}" hx-target="#contact-action">{}</a>', url, url, _("Undo…"))
