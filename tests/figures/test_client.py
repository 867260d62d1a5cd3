"""What the mirror asks of Leat's list (leatadmin/leat/transactions.py): every
transaction, oldest first, made after a moment; and only the members it reads."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from leatadmin.figures.mirror import ListedTransaction, mirrored
from leatadmin.sandbox.db import stamp


def test_the_whole_list_oldest_first_after_a_moment_strictly(leat, sandbox):
    everything = leat.transactions.list(sort="created_at", limit=100)
    moments = [item.created_at for item in everything.items]
    assert moments == sorted(moments) and everything.total > 100
    moment = moments[50]
    after = leat.transactions.list(sort="created_at", created_after=moment, limit=100)
    assert all(item.created_at > moment for item in after.items), "`created_at[gt]`: strictly after"
    assert after.total == sandbox.store.one("SELECT count(*) FROM transactions WHERE created_at > ?", (stamp(moment),))[0]
    newest = leat.transactions.list(sort="-created_at", limit=5)
    assert [item.created_at for item in newest.items] == sorted((item.created_at for item in newest.items), reverse=True)


def test_a_sort_leat_does_not_know_is_refused_before_asking(leat):
    with pytest.raises(ValueError, match="sort must be one of"):
        leat.transactions.list(sort="credits")


def test_the_mirror_reads_only_what_it_needs_of_each_transaction(leat, anna):
    page = leat.transactions.list(contact_uuid=anna.uuid, sort="created_at", limit=20, parse=mirrored, item_shape=ListedTransaction)
    full = leat.transactions.list(contact_uuid=anna.uuid, sort="created_at", limit=20)
    for kept, whole in zip(page.items, full.items, strict=True):
        assert (kept.uuid, kept.created_at, kept.credits, kept.is_reward, kept.shop_uuid, kept.contact_uuid) == (
            whole.uuid, whole.created_at, whole.credits, whole.is_reward, whole.shop.uuid if whole.shop else "", anna.uuid)
        assert kept.day == whole.created_at.astimezone(ZoneInfo("Europe/Amsterdam")).date()
        if not whole.is_reward:
            assert kept.unit_value == whole.unit_value and kept.unit_label == whole.unit_label
