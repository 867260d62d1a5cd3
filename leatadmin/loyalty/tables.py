from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.badges import badge
from leatadmin.core.tables import LeatTable, LocalDateTimeColumn
from leatadmin.core.templatetags.leat_format import signed_credits, transaction_description, unit_amount, when
from leatadmin.leat.models import LoyaltyTransaction, Page
from leatadmin.loyalty.selectors import COLLECTED, EXPIRED, WAITING, RewardRow, reversal_marks


class TransactionTable(LeatTable):
    created_at = LocalDateTimeColumn(verbose_name=_("Date"), orderable=False)
    type = tables.Column(verbose_name=_("What"), orderable=False, empty_values=())
    credits = tables.Column(verbose_name=_("Credits"), orderable=False, attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    shop = tables.Column(verbose_name=_("Shop"), accessor="shop__name", default="—", orderable=False)
    unit_value = tables.Column(verbose_name=_("Amount"), orderable=False, default="—", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    card = tables.Column(verbose_name=_("Card"), orderable=False, default="—")
    undo = tables.Column(verbose_name=_("Undo"), orderable=False, empty_values=(), attrs={"td": {"class": "row-action"}})

    pager_label = _("Transaction pages")

    class Meta:
        empty_text = _("No loyalty transactions.")
        attrs = {"class": "transactions"}

    def __init__(self, page: Page[LoyaltyTransaction], *, contact_uuid: str = "", can_undo: bool = False, **kwargs: Any) -> None:
        super().__init__(page, **kwargs)
        self.contact_uuid, self.can_undo = contact_uuid, can_undo
        # Leat's list marks neither reversed receptions nor reversals; leatadmin's
        # audit log knows those it reversed, and the reversals it booked.
        self.reversed, self.reversals = reversal_marks(transaction_uuids=[item.uuid for item in page.items]) if page.items else ({}, {})
        if not can_undo and not self.reversed and not self.reversals:
            self.columns.hide("undo")

    def render_undo(self, record: LoyaltyTransaction) -> str:
        done = self.reversed.get(record.uuid)
        if done is not None:
            title = _("Reversed by %(who)s on %(when)s") % {"who": done.username, "when": when(done.created_at)}
            return badge("transaction", "reversed", _("Reversed"), title=title)
        undoing = self.reversals.get(record.uuid)
        if undoing is not None:
            title = _("Booked when %(who)s undid a reception on %(when)s") % {"who": undoing.username, "when": when(undoing.created_at)}
            return badge("transaction", "reversal", _("Reversal"), title=title)
        if not self.can_undo or record.type not in ("credit_reception", "reward_reception"):
            return ""
        url = self.undo_url(record.uuid, "reward" if record.is_reward else "credits")
        if record.created_at is not None:
            url += "?" + urlencode({"at": record.created_at.isoformat(timespec="seconds")})
        return format_html('<a class="button small" href="{}" hx-get="{}" hx-target="#contact-action">{}</a>', url, url, _("Undo…"))

    def undo_url(self, transaction_uuid: str, kind: str) -> str:
        return reverse("loyalty:reverse", args=[self.contact_uuid, transaction_uuid, kind])

    def render_type(self, record) -> str:
        return transaction_description(record)

    def render_credits(self, value: int) -> str:
        # Leat's sign as it is: a reward reception is already negative.
        return format_html('<span class="{}">{}</span>', "spent" if value < 0 else "earned", signed_credits(value))

    def render_unit_value(self, value, record) -> str:
        return unit_amount(value, record.unit_label)


class CollectableTable(LeatTable):
    """A contact's rewards to collect (Leat does not page them: paged here), and
    those leatadmin marked collected lately, with their Undo."""

    title = tables.Column(verbose_name=_("Reward"), orderable=False, default="—")
    claimed_at = LocalDateTimeColumn(verbose_name=_("Claimed"), orderable=False)
    expires_at = tables.Column(verbose_name=_("Collect by"), orderable=False, empty_values=(), attrs={"td": {"class": "when"}})
    state = tables.Column(verbose_name=_("State"), orderable=False)
    action = tables.Column(verbose_name=_("Actions"), orderable=False, empty_values=(), attrs={"td": {"class": "row-action"}})

    pager_label = _("Rewards to collect")

    class Meta:
        empty_text = _("Nothing waiting to be collected.")
        attrs = {"class": "collectables"}

    #: Leat gives a contact's rewards to collect in one answer, however many there are (a regular's
    #: hundreds): the panel shows them this many at a time, waiting ones first (selectors.reward_rows).
    PER_PAGE = 10

    def __init__(self, rows: list[RewardRow], *, page: int = 1, contact_uuid: str, can_collect: bool, **kwargs: Any) -> None:
        last_page = max(1, -(-len(rows) // self.PER_PAGE))
        page = min(page, last_page)
        shown = rows[(page - 1) * self.PER_PAGE : page * self.PER_PAGE]
        super().__init__(Page(items=shown, page=page, last_page=last_page, total=len(rows), per_page=self.PER_PAGE), **kwargs)
        self.contact_uuid, self.can_collect = contact_uuid, can_collect
        if not can_collect:
            self.columns.hide("action")

    def render_expires_at(self, value) -> str:
        return when(value) if value is not None else _("No end date")

    def render_state(self, value: str, record: RewardRow) -> str:
        if value == WAITING:
            return badge("collectable", value, _("Waiting"))
        if value == EXPIRED:
            return badge("collectable", value, _("Expired"))
        done = record.collected_by
        if done is None:
            return badge("collectable", value, _("Collected"))
        by = _("by %(who)s on %(when)s") % {"who": done.username, "when": when(done.created_at)}
        return format_html('{} <small class="muted">{}</small>', badge("collectable", value, _("Collected")), by)

    def render_action(self, record: RewardRow) -> str:
        if record.state == WAITING:
            url, text = reverse("loyalty:collect", args=[self.contact_uuid, record.uuid]), _("Mark collected…")
        elif record.state == COLLECTED and record.collected_by is not None:
            url, text = reverse("loyalty:uncollect", args=[self.contact_uuid, record.uuid]), _("Undo…")
        elif record.state == EXPIRED:
            return format_html('<span class="muted">{}</span>', _("Can no longer be collected"))
        else:
            return ""
        return format_html('<a class="button small" href="{}" hx-get="{}" hx-target="#contact-action">{}</a>', url, url, text)
