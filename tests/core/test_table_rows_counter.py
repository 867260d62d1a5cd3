"""The counter's tables (vouchers, gift card transactions, rewards to collect)
drawn in Python are their django-tables2 rows exactly (see test_table_rows.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from leatadmin.audit.models import AuditEntry
from leatadmin.giftcards.tables import EXPIRED as WRITTEN_OFF
from leatadmin.giftcards.tables import GiftcardTransactionTable
from leatadmin.leat.models import ContactSummary, GiftcardTransaction, Promotion, Shop, Voucher
from leatadmin.loyalty.selectors import COLLECTED, EXPIRED, WAITING, RewardRow
from leatadmin.loyalty.tables import CollectableTable
from leatadmin.vouchers.tables import VoucherTable
from tests.core.test_table_rows import MOMENT, ODD, assert_drawn_alike, assert_drawn_in_python, audit, in_both_languages, page_of

pytestmark = pytest.mark.django_db


def test_vouchers():
    items = [
        Voucher(uuid="v-1", code=ODD, status="active", activation_date=MOMENT, promotion=Promotion(uuid="p", name=ODD)),
        Voucher(uuid="v-2", code="ABC", status="redeemed", name="", redeemed_at=MOMENT, expiration_date=MOMENT, contact=ContactSummary(uuid="c")),
        Voucher(uuid="v-3", code="", status="something_new", name=ODD, promotion=Promotion(uuid="p", name="")),
    ]
    for link_vouchers in (True, False):

        def make(link_vouchers=link_vouchers):
            return VoucherTable(page_of(items), panel_url="/p/", page_field="vc_page", link_vouchers=link_vouchers)

        in_both_languages(lambda make=make: assert_drawn_alike(make))
        assert_drawn_in_python(make, items)


def test_gift_card_transactions():
    items = [
        GiftcardTransaction(uuid="g-1", amount_in_cents=2500, created_at=MOMENT, shop=Shop(uuid="s", name=ODD)),
        GiftcardTransaction(uuid=None, id=7, amount_in_cents=-1250, created_at=None),
        GiftcardTransaction(uuid=None, amount_in_cents=-99, created_at=MOMENT, type=WRITTEN_OFF),
    ]
    for first in (items, [items[1], *items]):
        for may_undo in (True, False):

            def make(first=first, may_undo=may_undo):
                return GiftcardTransactionTable(page_of(first), panel_url="/p/", page_field="gt_page", card_uuid="card-1", may_undo=may_undo)

            in_both_languages(lambda make=make: assert_drawn_alike(make))
            assert_drawn_in_python(make, first)


def test_rewards_to_collect():
    done = audit("loyalty.collect", target_type=AuditEntry.Target.CONTACT)
    rows = [
        RewardRow(uuid="r-1", title=ODD, claimed_at=MOMENT, expires_at=MOMENT + dt.timedelta(days=3), state=WAITING),
        RewardRow(uuid="r-2", title="", claimed_at=None, expires_at=None, state=EXPIRED),
        RewardRow(uuid="r-3", title="Coffee", claimed_at=MOMENT, expires_at=None, state=COLLECTED, collected_by=done),
        RewardRow(uuid="r-4", title="Tea", claimed_at=MOMENT, expires_at=None, state=COLLECTED),
    ]
    for can_collect in (True, False):

        def make(can_collect=can_collect):
            return CollectableTable(rows, contact_uuid="c-1", can_collect=can_collect, panel_url="/p/", page_field="rc_page")

        in_both_languages(lambda make=make: assert_drawn_alike(make))
        assert_drawn_in_python(make, rows)
