"""At the counter (#29): the records of gift cards, their programs and
transactions, and collectable rewards read every answer Leat was captured
giving for their routes (and its docs pages' examples), and Leat's quirks."""

from __future__ import annotations

import datetime as dt

import pytest

from leatadmin.leat import errors
from leatadmin.leat.models import CollectableReward, Giftcard, GiftcardProgram, GiftcardTransaction, Page
from leatadmin.leat.resource import items
from tests.reference import captured, documented, needs_reference

UTC = dt.UTC
GIFTCARDS_MDX = "oauth-giftcard-prepaid-giftcards.mdx"
TRANSACTIONS_MDX = "oauth-giftcard-prepaid-giftcard-transactions.mdx"
COLLECTABLE_MDX = "oauth-loyalty-rewards-collectable-rewards.mdx"
# The collection's send-by-email request names one card in its path.
SEND_BY_EMAIL = "/oauth/clients/giftcards/daaa5611-f87f-3308-9f81-a270c8a57517/send-by-email"


def bodies(method: str, path: str) -> list:
    examples = captured(method, path)
    assert examples, f"no captured 2xx example for {method} {path}"
    return examples


# --- Gift cards and programs ----------------------------------------------


@needs_reference
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/oauth/clients/giftcards/find-one-by"), ("GET", "/oauth/clients/giftcards/{giftcard_uuid}"), ("POST", "/oauth/clients/giftcards"), ("POST", SEND_BY_EMAIL)],
)
def test_every_captured_giftcard_parses(method, path):
    for body in bodies(method, path):
        card = Giftcard.from_api(body["data"])
        assert card.uuid and card.hash and card.type == "DIGITAL" and card.is_digital and card.active
        assert card.program.uuid == "123" and card.program.max_amount_in_cents == 51000 and card.program.expiration_days == 394
        assert card.expiration_date.tzinfo is not None


@needs_reference
def test_captured_giftcard_balance_is_in_cents():
    card = Giftcard.from_api(bodies("GET", "/oauth/clients/giftcards/find-one-by")[0]["data"])
    assert (card.hash, card.amount_in_cents, str(card.balance), card.display_amount, card.upgradeable) == ("41651", 110, "1.1", "€1.10", False)
    assert card.expiration_date == dt.datetime(2024, 12, 7, 17, 15, 10, tzinfo=UTC) and card.id == 41651


@needs_reference
def test_captured_giftcard_programs_parse():
    (body,) = bodies("GET", "/oauth/clients/giftcard-programs")
    assert body["meta"] == []
    programs = items(body["data"], GiftcardProgram.from_api, "gift card program")
    assert [(p.uuid, p.name, p.max_amount_in_cents, p.expiration_days) for p in programs] == [
        ("123", "My Giftcard program", 51000, 394),
        ("8fb59dcf-fb5b-4cee-88d8-35e361e55a12", "asdas", None, None),
    ]


@needs_reference
def test_documented_giftcard_list_parses():
    page = Page.from_api(documented(GIFTCARDS_MDX, "List Giftcards"), Giftcard.from_api)
    assert (page.page, page.per_page, page.last_page, page.total) == (1, 30, 10, 300)
    assert page.items[0].program.name == "Bikini Bottom Bucks" and page.items[0].amount_in_cents == 1500


@needs_reference
@pytest.mark.parametrize("heading", ["Get Giftcard", "Find Giftcard by Hash"])
def test_documented_giftcard_with_a_program_of_only_a_name_parses(heading):
    card = Giftcard.from_api(documented(GIFTCARDS_MDX, heading)["data"])
    assert (card.hash, card.amount_in_cents, card.program.name, card.program.uuid, card.program.max_amount_in_cents) == ("GFTCRD123", 2500, "Sea Dollars", None, None)


def test_giftcard_tolerates_types_by_number_euros_only_and_nulls():
    card = Giftcard.from_api({"uuid": "g", "hash": 41654, "type": 1, "amount_in_cents": None, "amount": "1.1", "giftcard_program": [], "expiration_date": None})
    assert (card.hash, card.type, card.amount_in_cents, card.program, card.expiration_date) == ("41654", "DIGITAL", 110, None, None)
    assert Giftcard.from_api({"uuid": "g", "type": "0"}).type == "PHYSICAL"
    assert not card.is_expired(dt.datetime(2100, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("data", [{"hash": "no uuid"}, None, []])
def test_giftcard_without_uuid_is_a_bad_response(data):
    with pytest.raises(errors.BadResponse):
        Giftcard.from_api(data)


def test_giftcard_program_from_the_list_needs_its_uuid():
    with pytest.raises(errors.BadResponse):
        GiftcardProgram.from_api({"name": "no uuid"})


# --- Gift card transactions ---------------------------------------------------


@needs_reference
def test_captured_transaction_lists_page_with_viewing_from_and_to():
    without_uuids, with_uuids = bodies("GET", "/oauth/clients/giftcard-transactions")
    assert set(without_uuids["meta"]) == {"page", "limit", "viewing_from", "viewing_to", "last_page", "total"}
    page = Page.from_api(without_uuids, GiftcardTransaction.from_api)
    assert (page.page, page.per_page, page.last_page, page.total) == (1, 10, 120, 1192)
    assert [t.amount_in_cents for t in page][:3] == [2500, -2200, 1000]  # Leat's signs
    first = page.items[0]
    assert (first.uuid, first.giftcard_uuid, first.giftcard_id, first.shop.name, first.settled) == (None, None, 1, "De Groentewinkel", False)
    assert first.created_at == dt.datetime(2016, 11, 29, 18, 42, 34, tzinfo=UTC)
    assert Page.from_api(with_uuids, GiftcardTransaction.from_api).items[0].uuid == "e227d6b3-6411-4f04-a700-dbf56fc0709c"


@needs_reference
def test_captured_transactions_without_uuid_have_distinct_stable_keys():
    (body, _) = bodies("GET", "/oauth/clients/giftcard-transactions")
    page = Page.from_api(body, GiftcardTransaction.from_api)
    keys = [transaction.key for transaction in page]
    assert len(set(keys)) == len(keys) and keys[0] == "id:1"
    assert keys == [transaction.key for transaction in Page.from_api(body, GiftcardTransaction.from_api)]
    assert not any(transaction.can_be_corrected for transaction in page)


@needs_reference
@pytest.mark.parametrize(
    ("method", "path", "cents"),
    [
        ("POST", "/oauth/clients/giftcard-transactions", 1000),
        ("GET", "/oauth/clients/giftcard-transactions/{giftcard_transaction_uuid}", 5),
        ("POST", "/oauth/clients/giftcard-transactions/{giftcard_transaction_uuid}/correct", -1000),
    ],
)
def test_every_captured_transaction_answer_parses(method, path, cents):
    transaction = GiftcardTransaction.from_api(bodies(method, path)[0]["data"])
    assert transaction.amount_in_cents == cents and transaction.uuid and transaction.key == transaction.uuid and transaction.can_be_corrected
    assert transaction.giftcard_uuid and transaction.shop.uuid == "123123"


@needs_reference
@pytest.mark.parametrize("heading", ["Create Giftcard Transaction", "Get Giftcard Transaction", "Reverse Giftcard Transaction"])
def test_documented_transaction_answers_parse(heading):
    assert GiftcardTransaction.from_api(documented(TRANSACTIONS_MDX, heading)["data"]).uuid


def test_transaction_without_uuid_or_id_is_keyed_on_when_amount_and_card():
    one = GiftcardTransaction.from_api({"uuid": None, "amount_in_cents": "-250", "card": {"uuid": "card-1"}, "created_at": "2023-11-13 09:36:00+00:00"})
    assert one.key == "at:2023-11-13T09:36:00+00:00|-250|card-1" and one.amount_in_cents == -250
    other = GiftcardTransaction.from_api({"amount_in_cents": 250, "card": {"id": 7, "uuid": None}, "created_at": "2023-11-13T09:36:00Z"})
    assert other.key == "at:2023-11-13T09:36:00+00:00|250|7"


@pytest.mark.parametrize("data", [{"uuid": None, "amount_in_cents": 5}, {"uuid": "t", "amount_in_cents": None}, None, []])
def test_transaction_that_cannot_be_told_apart_or_has_no_amount_is_a_bad_response(data):
    with pytest.raises(errors.BadResponse):
        GiftcardTransaction.from_api(data)


# --- Collectable rewards -------------------------------------------------------


@needs_reference
def test_captured_collectable_rewards_parse():
    (body,) = bodies("GET", "/oauth/clients/collectable-rewards")
    assert body["meta"] == {}
    (reward,) = items(body["data"], CollectableReward.from_api, "collectable reward")
    assert (reward.uuid, reward.title, reward.has_been_collected, reward.contact.uuid) == ("0d130a1d-db03-483a-b614-e607117eba91", "Lekkerbekkie", False, "123")
    assert (reward.reward.uuid, reward.reward.reward_type, reward.reward.required_credits) == ("539483d0-fab4-40db-add5-2ec65ef12901", "PHYSICAL", 2)
    assert reward.expires_at == dt.datetime(2024, 1, 25, 14, 37, 4, tzinfo=UTC) and reward.media_url.endswith("300x200.jpg")
    assert reward.is_expired(dt.datetime(2024, 1, 26, tzinfo=UTC)) and not reward.is_expired(dt.datetime(2024, 1, 1, tzinfo=UTC))


@needs_reference
@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/oauth/clients/collectable-rewards/collect/{loyalty_transaction_uuid}"), ("POST", "/oauth/clients/collectable-rewards/{collectable_reward_redemption_uuid}/reverse")],
)
def test_captured_collect_and_reverse_answers_parse(method, path):
    reward = CollectableReward.from_api(bodies(method, path)[0]["data"])
    assert (reward.uuid, reward.has_been_collected, reward.status) == ("13ac4cc1-3522-4dfc-ae4a-a821e5090108", True, "")
    assert reward.title == "beloning die je gaat ophalen in de winkel" and reward.contact.email


@needs_reference
@pytest.mark.parametrize(("heading", "collected"), [("Redeem Collectable Reward", True), ("Reverse Collectable Reward Redemption", False)])
def test_documented_short_collect_and_reverse_answers_parse(heading, collected):
    reward = CollectableReward.from_api(documented(COLLECTABLE_MDX, heading)["data"])
    assert (reward.uuid, reward.has_been_collected, reward.reward, reward.title) == ("13ac4cc1-3522-4dfc-ae4a-a821e5090108", collected, None, "")


def test_collectable_reward_tolerates_nulls():
    reward = CollectableReward.from_api({"uuid": 9, "title": None, "reward": {"title": "Mok", "media": []}, "contact": None, "expires_at": None, "has_been_collected": "0"})
    assert (reward.uuid, reward.title, reward.contact, reward.expires_at, reward.has_been_collected, reward.media_url) == ("9", "Mok", None, None, False, "")
    assert not reward.is_expired(dt.datetime(2100, 1, 1, tzinfo=UTC))


class _Answering:
    """A stand-in for the client's `data`: one answer, whatever the call."""

    def __init__(self, data):
        self.answer, self.calls = data, []

    def data(self, method, path, **kwargs):
        self.calls.append((method, path, kwargs))
        return self.answer


@needs_reference
def test_send_by_email_reads_the_captured_card_and_the_documented_success():
    from leatadmin.leat.giftcards import Giftcards

    captured_answer = _Answering(bodies("POST", SEND_BY_EMAIL)[0]["data"])
    assert Giftcards(captured_answer).send_by_email("g/1", contact_uuid="c").hash == "41654"
    assert captured_answer.calls == [("POST", "giftcards/g%2F1/send-by-email", {"json": {"contact_uuid": "c"}})]
    documented_answer = _Answering(documented(GIFTCARDS_MDX, "Send Giftcard by Email")["data"])
    assert documented_answer.answer == {"message": "success", "data": "Email successfully sent"}
    assert Giftcards(documented_answer).send_by_email("g", contact_uuid="c") is None
