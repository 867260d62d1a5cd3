"""At the counter (#29): every client call on vouchers, promotions, gift cards,
their programs and transactions, rewards to collect and new cards, against
the sandbox over real loopback HTTP. The sandbox lives for the whole test
session, so each test makes its own vouchers, cards and contacts."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from leatadmin.leat import errors


def _now(sandbox) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(sandbox.store.clock()), dt.UTC)


def _code() -> str:
    return f"TEST-{secrets.token_hex(4).upper()}"


@pytest.fixture
def promotion(leat):
    """A promotion that gives vouchers without limits."""
    usable = [p for p in leat.promotions.list() if p.voucher_limit is None and p.limit_per_contact is None]
    for candidate in usable:
        try:  # the sandbox's ended promotions say so only when used (80020), as Leat's would
            leat.vouchers.create(promotion_uuid=candidate.uuid, code=_code())
        except errors.PromotionInactive:
            continue
        return candidate
    pytest.fail("the sandbox has no active promotion without limits")


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.get(leat.contacts.create(unique_email).uuid)


@pytest.fixture
def program(leat):
    """A gift card program with a maximum."""
    return next(p for p in leat.giftcard_programs.list() if p.max_amount_in_cents and p.active)


@pytest.fixture
def card(leat, program):
    return leat.giftcards.create(giftcard_program_uuid=program.uuid)


# --- Promotions and vouchers ------------------------------------------------------


def test_promotions_list_and_get(leat):
    promotions = leat.promotions.list()
    assert promotions and all(p.uuid and p.name for p in promotions)
    assert leat.promotions.get(promotions[0].uuid) == promotions[0]
    with pytest.raises(errors.PromotionNotFound) as caught:
        leat.promotions.get("no-such-promotion")
    assert caught.value.code == 80002


def test_give_a_voucher_to_a_contact_then_find_list_and_read_it(leat, promotion, contact):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid)
    assert (voucher.status, voucher.contact.uuid, voucher.promotion.uuid, voucher.name, voucher.is_redeemed) == ("ACTIVE", contact.uuid, promotion.uuid, promotion.name, False)
    assert voucher.code and voucher.activation_date is not None
    assert leat.vouchers.find(f"  {voucher.code} ") == voucher == leat.vouchers.get(voucher.uuid)
    page = leat.vouchers.list(contact_uuid=contact.uuid)
    assert [v.uuid for v in page] == [voucher.uuid] and (page.page, page.per_page, page.total, page.last_page) == (1, 30, 1, 1)
    assert leat.vouchers.list(contact_uuid=contact.uuid, status="REDEEMED").total == 0
    assert voucher.uuid in {v.uuid for v in leat.vouchers.list(promotion_uuid=promotion.uuid, status="ACTIVE", limit=500)}


def test_voucher_list_pages(leat, promotion, contact):
    made = [leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid).uuid for _ in range(3)]
    first, last = leat.vouchers.list(contact_uuid=contact.uuid, limit=2), leat.vouchers.list(contact_uuid=contact.uuid, limit=2, page=2)
    assert (first.total, first.last_page, first.per_page, len(first), last.page, len(last)) == (3, 2, 2, 2, 2, 1)
    assert {v.uuid for v in [*first, *last]} == set(made)


def test_a_voucher_with_a_code_of_its_own_and_its_refusals(leat, promotion):
    code = _code()
    assert leat.vouchers.create(promotion_uuid=promotion.uuid, code=code).code == code
    with pytest.raises(errors.VoucherAlreadyExists) as caught:
        leat.vouchers.create(promotion_uuid=promotion.uuid, code=code)
    assert caught.value.code == 80003
    with pytest.raises(errors.PromotionNotFound):
        leat.vouchers.create(promotion_uuid="no-such-promotion")
    with pytest.raises(errors.ContactNotFound):
        leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid="no-such-contact")
    with pytest.raises(errors.VoucherNotFound) as caught:
        leat.vouchers.find("NO-SUCH-CODE")
    assert caught.value.code == 80004


def test_lock_then_redeem_exactly_once(leat, sandbox, promotion, contact, shop):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid)
    lock = leat.vouchers.lock(voucher.uuid)
    assert (lock.voucher_uuid, lock.status, lock.unlocked_at) == (voucher.uuid, "LOCKED", None) and lock.release_key
    assert lock.system_release_at - lock.locked_at == dt.timedelta(hours=1)
    assert leat.vouchers.get(voucher.uuid).status == "LOCKED"
    with pytest.raises(errors.VoucherLocked):  # another till
        leat.vouchers.lock(voucher.uuid)
    with pytest.raises(errors.VoucherLocked):  # without the lock's key
        leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid)
    redeemed = leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid, release_key=lock.release_key)
    assert (redeemed.uuid, redeemed.status, redeemed.is_redeemed) == (voucher.uuid, "REDEEMED", True)
    assert abs(redeemed.redeemed_at - _now(sandbox)) < dt.timedelta(minutes=1)
    with pytest.raises(errors.VoucherAlreadyRedeemed) as caught:  # a double click, Back, another tab
        leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid, release_key=lock.release_key)
    assert caught.value.code == 80005 and isinstance(caught.value, errors.VoucherRefused)
    with pytest.raises(errors.VoucherAlreadyRedeemed):
        leat.vouchers.lock(voucher.uuid)
    assert leat.vouchers.get(voucher.uuid).status == "REDEEMED"


def test_release_gives_a_locked_voucher_back(leat, promotion, contact, shop):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid)
    lock = leat.vouchers.lock(voucher.uuid)
    released = leat.vouchers.release(voucher.uuid, release_key=lock.release_key)
    assert (released.status, released.release_key, released.system_release_at) == ("ACTIVE", lock.release_key, None) and released.unlocked_at
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE"
    assert leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid).status == "REDEEMED"


def test_a_lock_ends_by_itself_after_an_hour(leat, sandbox, monkeypatch, promotion):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid)
    leat.vouchers.lock(voucher.uuid)
    later = sandbox.store.clock() + 3601
    monkeypatch.setattr(sandbox.store, "clock", lambda: later)
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE"
    assert leat.vouchers.lock(voucher.uuid).status == "LOCKED"


def test_deactivate_and_activate(leat, promotion, shop, contact):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid)
    assert leat.vouchers.deactivate(voucher.uuid).status == "DEACTIVATED"
    with pytest.raises(errors.VoucherDeactivated) as caught:
        leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid)
    assert caught.value.code == 80012
    assert leat.vouchers.activate(voucher.uuid).status == "ACTIVE"
    with pytest.raises(ValueError):  # Leat's only two choices, refused before sending
        leat.vouchers.update(voucher.uuid, status="REDEEMED")


def test_not_active_yet_and_expired_vouchers_are_refused(leat, sandbox, promotion, contact, shop):
    now = _now(sandbox)
    coming = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid, activation_date=now + dt.timedelta(days=2))
    assert coming.status == "INACTIVE" and not coming.is_usable(now)
    with pytest.raises(errors.VoucherInactive) as caught:
        leat.vouchers.redeem(code=coming.code, shop_uuid=shop.uuid)
    assert caught.value.code == 80014
    gone = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid, activation_date=now - dt.timedelta(days=2), expiration_date=now - dt.timedelta(days=1))
    assert gone.status == "EXPIRED" and gone.expiration_date == now - dt.timedelta(days=1)
    with pytest.raises(errors.VoucherExpired) as caught:
        leat.vouchers.redeem(code=gone.code, shop_uuid=shop.uuid)
    assert caught.value.code == 80006


def test_a_voucher_of_no_contact_is_redeemed_for_one(leat, promotion, contact, shop):
    flyer = leat.vouchers.create(promotion_uuid=promotion.uuid)
    assert flyer.contact is None
    with pytest.raises(errors.InvalidInput):
        leat.vouchers.redeem(code=flyer.code, shop_uuid=shop.uuid)
    redeemed = leat.vouchers.redeem(code=flyer.code, shop_uuid=shop.uuid, contact_uuid=contact.uuid)
    assert redeemed.contact.uuid == contact.uuid and redeemed.status == "REDEEMED"


# --- Gift cards -------------------------------------------------------------------


def test_programs_and_a_new_digital_card(leat, program, card):
    assert all(p.uuid for p in leat.giftcard_programs.list())
    assert (card.type, card.is_digital, card.amount_in_cents, card.active, card.program.uuid) == ("DIGITAL", True, 0, True, program.uuid)
    assert card.program.max_amount_in_cents == program.max_amount_in_cents and card.hash
    assert leat.giftcards.find(f" {card.hash} ") == card == leat.giftcards.get(card.uuid)
    listed = leat.giftcards.list(giftcard_program_uuid=program.uuid, limit=100, page=leat.giftcards.list(giftcard_program_uuid=program.uuid, limit=100).last_page)
    assert card.uuid in {c.uuid for c in listed} and listed.per_page == 100
    with pytest.raises(errors.GiftcardProgramNotFound) as caught:
        leat.giftcards.create(giftcard_program_uuid="no-such-program")
    assert caught.value.code == 1100


def test_unknown_cards_and_transactions(leat):
    with pytest.raises(errors.GiftcardNotFound) as caught:
        leat.giftcards.find("NO-SUCH-CARD")
    assert caught.value.code == 5001 and isinstance(caught.value, errors.NotFound)
    with pytest.raises(errors.GiftcardNotFound):
        leat.giftcards.get("no-such-card")
    with pytest.raises(errors.GiftcardTransactionNotFound) as caught:
        leat.giftcard_transactions.get("no-such-transaction")
    assert caught.value.code == 5010


def test_top_up_pay_and_undo_the_last_transaction(leat, card, shop):
    topped = leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=2000, shop_uuid=shop.uuid)
    assert (topped.amount_in_cents, topped.giftcard_uuid, topped.shop.uuid) == (2000, card.uuid, shop.uuid) and topped.can_be_corrected
    paid = leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-1250, shop_uuid=shop.uuid)
    assert leat.giftcards.get(card.uuid).amount_in_cents == 750
    with pytest.raises(errors.NotLastGiftcardTransaction) as caught:
        leat.giftcard_transactions.correct(topped.uuid)
    assert caught.value.code == 55025
    undone = leat.giftcard_transactions.correct(paid.uuid)
    assert undone.amount_in_cents == 1250 and undone.uuid not in (paid.uuid, None)
    assert leat.giftcards.get(card.uuid).amount_in_cents == 2000
    assert leat.giftcard_transactions.get(topped.uuid) == topped
    newest_first = leat.giftcard_transactions.list(giftcard_hash=card.hash, sort="-created_at")
    assert [t.key for t in newest_first] == [undone.key, paid.key, topped.key] and newest_first.total == 3
    assert [t.amount_in_cents for t in leat.giftcard_transactions.list(giftcard_hash=card.hash, limit=2)] == [2000, -1250]


def test_a_card_cannot_go_below_zero_or_above_its_programs_maximum(leat, card, program, shop):
    with pytest.raises(errors.InsufficientGiftcardBalance) as caught:
        leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-1, shop_uuid=shop.uuid)
    assert caught.value.code == 5003 and isinstance(caught.value, errors.GiftcardRefused)
    with pytest.raises(errors.GiftcardMaximumExceeded) as caught:
        leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=program.max_amount_in_cents + 1, shop_uuid=shop.uuid)
    assert caught.value.code == 5008
    assert leat.giftcards.get(card.uuid).amount_in_cents == 0
    with pytest.raises(ValueError):  # cents, whole: refused before sending
        leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=12.5, shop_uuid=shop.uuid)


def test_send_a_card_by_email(leat, card, contact):
    assert leat.giftcards.send_by_email(card.uuid, contact_uuid=contact.uuid) is None  # Leat's documented "success"
    with pytest.raises(errors.ContactNotFound):
        leat.giftcards.send_by_email(card.uuid, contact_uuid="no-such-contact")
    with pytest.raises(errors.GiftcardNotFound):
        leat.giftcards.send_by_email("no-such-card", contact_uuid=contact.uuid)


# --- Rewards to collect, and new cards ----------------------------------------------


def test_a_claimed_physical_reward_is_collected_and_undone(leat, contact, shop):
    reward = next(r for r in leat.rewards.list() if r.reward_type == "PHYSICAL" and r.is_active)
    leat.credit_receptions.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, credits=reward.required_credits)
    claimed = leat.reward_receptions.create(contact_uuid=contact.uuid, reward_uuid=reward.uuid, shop_uuid=shop.uuid)
    (waiting,) = leat.collectable_rewards.list(contact.uuid)
    assert (waiting.uuid, waiting.reward.uuid, waiting.has_been_collected, waiting.contact.uuid) == (claimed.uuid, reward.uuid, False, contact.uuid)
    collected = leat.collectable_rewards.collect(waiting.uuid)
    assert (collected.uuid, collected.has_been_collected) == (waiting.uuid, True)
    assert leat.collectable_rewards.list(contact.uuid) == []
    with pytest.raises(errors.InvalidInput):
        leat.collectable_rewards.collect(waiting.uuid)
    assert leat.collectable_rewards.reverse(collected.uuid).uuid == waiting.uuid
    assert [r.uuid for r in leat.collectable_rewards.list(contact.uuid)] == [waiting.uuid]
    with pytest.raises(errors.CollectableRewardUnavailable) as caught:
        leat.collectable_rewards.collect("no-such-reception")
    assert caught.value.code == 80300


def test_collectable_rewards_of_an_unknown_contact(leat):
    with pytest.raises(errors.ContactNotFound):
        leat.collectable_rewards.list("no-such-contact")


def test_create_a_card_for_a_contact_and_one_unlinked(leat, contact):
    value = f"CARD-{secrets.token_hex(5).upper()}"
    made = leat.identifiers.create(value, contact_uuid=contact.uuid, name="Keyring")
    assert (made.value, made.name, made.active, made.contact.uuid) == (value, "Keyring", True, contact.uuid)
    assert leat.identifiers.find(value) == made
    loose = leat.identifiers.create(value + "-2")
    assert loose.contact is None and loose.name
    with pytest.raises(errors.IdentifierAlreadyExists) as caught:
        leat.identifiers.create(value)
    assert caught.value.code == 60006


# --- Lost answers: the write may have happened; reading again tells -----------------


def test_a_redeem_whose_answer_is_lost_is_outcome_unknown_and_settled_by_reading(leat, sandbox, promotion, contact, shop):
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    with pytest.raises(errors.LeatError) as caught:
        leat.vouchers.redeem(code=voucher.code, shop_uuid=shop.uuid)
    assert caught.value.outcome_unknown
    assert leat.vouchers.get(voucher.uuid).status == "REDEEMED"  # it went through, once


def test_a_gift_card_payment_whose_answer_is_lost_is_outcome_unknown(leat, sandbox, card, shop):
    leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=1000, shop_uuid=shop.uuid)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "garbage"})
    with pytest.raises(errors.BadResponse) as caught:
        leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-400, shop_uuid=shop.uuid)
    assert caught.value.outcome_unknown
    assert leat.giftcards.get(card.uuid).amount_in_cents == 600
    assert leat.giftcard_transactions.list(giftcard_hash=card.hash).total == 2  # booked once, never retried
