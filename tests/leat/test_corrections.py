"""The client's customer-service corrections against the sandbox: credits,
rewards, loyalty cards, subscriptions and prepaid money, with each error
Leat documents for them raised as its own class."""

from __future__ import annotations

import secrets
from decimal import Decimal

import pytest

from leatadmin.leat import errors
from leatadmin.leat.models import ContactIdentifier, LoyaltyProgram, LoyaltyTransaction, PrepaidTransaction, Reward, Subscription


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0].uuid


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.create(unique_email).uuid


@pytest.fixture
def rewards(leat):
    return {reward.title: reward for reward in leat.rewards.list()}


def give(leat, contact, shop, credits):
    return leat.credit_receptions.create(contact_uuid=contact, shop_uuid=shop, credits=credits)


# --- Loyalty program and credit receptions ------------------------------------------


def test_loyalty_program_names_the_credits(leat):
    program = leat.loyalty_program.get()
    assert isinstance(program, LoyaltyProgram)
    assert (program.credit_name, program.max_amount, program.unit_label, program.unit_prefix) == ("Beans", 50000, "Euro", "€")


def test_credits_from_a_purchase_follow_the_rule_and_calculate_agrees(leat, contact, shop):
    assert leat.credit_receptions.calculate(shop_uuid=shop, unit_value=Decimal("10.40")) == 20
    given = leat.credit_receptions.create(contact_uuid=contact, shop_uuid=shop, unit_value=Decimal("10.40"))
    assert isinstance(given, LoyaltyTransaction)
    assert (given.type, given.credits, given.unit_value, given.contact_uuid, given.contact_balance) == ("credit_reception", 20, Decimal("10.4"), contact, 20)


def test_a_partial_refund_is_a_negative_credit_reception(leat, contact, shop):
    give(leat, contact, shop, 80)
    refund = give(leat, contact, shop, -32)
    assert refund.credits == -32 and refund.contact_balance == 48
    assert leat.contacts.credit_balance(contact).balance == 48


def test_reversing_a_credit_reception_books_the_opposite(leat, contact, shop):
    original = give(leat, contact, shop, 25)
    reversed_ = leat.credit_receptions.reverse(original.uuid)
    assert (reversed_.uuid, reversed_.credits, reversed_.contact_balance) == (original.uuid, 25, 0)  # Leat answers with the original
    listed = leat.transactions.list(contact_uuid=contact).items
    assert sorted(t.credits for t in listed) == [-25, 25]
    with pytest.raises(errors.InvalidInput) as twice:
        leat.credit_receptions.reverse(original.uuid)
    assert "credit_reception_uuid" in twice.value.field_errors


def test_credit_reception_errors(leat, contact, shop):
    with pytest.raises(errors.ContactNotFound):
        give(leat, "no-such-contact", shop, 5)
    with pytest.raises(errors.ShopNotFound):
        give(leat, contact, "no-such-shop", 5)
    with pytest.raises(errors.MaximumCreditsReached) as too_many:
        give(leat, contact, shop, 50001)
    assert too_many.value.code == 1015
    with pytest.raises(errors.UnitNotFound):
        leat.credit_receptions.create(contact_uuid=contact, shop_uuid=shop, unit_value=5, unit_name="calories")
    with pytest.raises(errors.IdentifierNotFound):
        leat.credit_receptions.create(contact_uuid=contact, shop_uuid=shop, credits=5, contact_identifier_value="NO-SUCH-CARD")
    with pytest.raises(errors.CreditReceptionNotFound) as unknown:
        leat.credit_receptions.reverse("no-such-reception")
    assert isinstance(unknown.value, errors.NotFound) and unknown.value.code == 1028
    with pytest.raises(ValueError):
        leat.credit_receptions.create(contact_uuid=contact, shop_uuid=shop)


# --- Rewards ------------------------------------------------------------------------


def test_rewards_list_has_costs_and_the_contacts_claimable_ones(leat, rewards, anna):
    assert all(isinstance(reward, Reward) for reward in rewards.values())
    assert rewards["Free coffee"].required_credits == 100 and not rewards["Summer iced latte"].is_active
    claimable = {reward.title for reward in leat.rewards.list(contact_uuid=anna.uuid)}
    assert "Free coffee" in claimable and "Summer iced latte" not in claimable
    affordable = {title for title, reward in rewards.items() if reward.required_credits <= anna.credit_balance}
    assert "Free coffee" in affordable and "Espresso machine" not in affordable  # one anna can afford, one she cannot


def test_reward_reception_spends_and_its_reversal_gives_back(leat, contact, shop, rewards):
    give(leat, contact, shop, 150)
    received = leat.reward_receptions.create(contact_uuid=contact, reward_uuid=rewards["Free coffee"].uuid, shop_uuid=shop)
    assert (received.type, received.credits, received.title, received.contact_balance) == ("reward_reception", -100, "Free coffee", 50)
    assert received.reward.uuid == rewards["Free coffee"].uuid and received.expires_at is not None
    reversed_ = leat.reward_receptions.reverse(received.uuid)
    assert (reversed_.uuid, reversed_.credits, reversed_.contact_balance) == (received.uuid, -100, 150)
    listed = leat.transactions.list(contact_uuid=contact).items
    assert [(t.type, t.credits) for t in listed][0] == ("credit_reception", 100)  # the reversal, newest first


def test_reward_reception_errors(leat, contact, shop, rewards):
    with pytest.raises(errors.InsufficientCredits) as poor:
        leat.reward_receptions.create(contact_uuid=contact, reward_uuid=rewards["Free coffee"].uuid, shop_uuid=shop)
    assert poor.value.code == 1017
    with pytest.raises(errors.RewardNotFound):
        leat.reward_receptions.create(contact_uuid=contact, reward_uuid="no-such-reward", shop_uuid=shop)
    with pytest.raises(errors.RewardInactive):
        leat.reward_receptions.create(contact_uuid=contact, reward_uuid=rewards["Summer iced latte"].uuid, shop_uuid=shop)
    give(leat, contact, shop, 100)
    leat.reward_receptions.create(contact_uuid=contact, reward_uuid=rewards["Birthday cake"].uuid, shop_uuid=shop)
    with pytest.raises(errors.RewardClaimLimitReached):
        leat.reward_receptions.create(contact_uuid=contact, reward_uuid=rewards["Birthday cake"].uuid, shop_uuid=shop)


def test_reward_out_of_stock(leat, contact, shop, rewards):
    give(leat, contact, shop, 2000)
    mug = rewards["Limited edition mug"].uuid
    received = []
    with pytest.raises(errors.RewardOutOfStock):
        for _ in range(4):
            received.append(leat.reward_receptions.create(contact_uuid=contact, reward_uuid=mug, shop_uuid=shop))
    assert len(received) <= 3
    if received:  # a reversal puts one back in stock
        leat.reward_receptions.reverse(received[0].uuid)
        leat.reward_receptions.create(contact_uuid=contact, reward_uuid=mug, shop_uuid=shop)


# --- Loyalty cards ------------------------------------------------------------------


def test_a_contacts_cards_find_link_and_update(leat, anna, contact):
    cards = leat.identifiers.for_contact(anna.uuid)
    assert [(c.value, c.active) for c in cards] == [("CARD-300000", True), ("CARD-300900", False)]
    assert all(isinstance(c, ContactIdentifier) and c.contact.uuid == anna.uuid for c in cards)
    assert leat.identifiers.find("CARD-300000").contact.email == "anna.devries@example.com"
    linked = leat.identifiers.link("CARD-200090", contact_uuid=contact)
    assert linked.contact.uuid == contact and linked.name == "Loyalty Card"
    renamed = leat.identifiers.update("CARD-200090", name="Blue keyring", active=False)
    assert (renamed.name, renamed.active) == ("Blue keyring", False)
    with pytest.raises(errors.IdentifierInactive) as blocked:
        leat.identifiers.find("CARD-200090")
    assert blocked.value.code == 60004
    assert leat.identifiers.update("CARD-200090", active=True).active is True


def test_card_errors(leat, contact):
    with pytest.raises(errors.IdentifierNotFound):
        leat.identifiers.find("NO-SUCH-CARD")
    with pytest.raises(errors.IdentifierAlreadyLinked):
        leat.identifiers.link("CARD-300000", contact_uuid=contact)
    with pytest.raises(errors.IdentifierInactive):
        leat.identifiers.link("CARD-299999", contact_uuid=contact)
    with pytest.raises(errors.ContactNotFound):
        leat.identifiers.link("CARD-200091", contact_uuid="no-such-contact")
    with pytest.raises(ValueError):
        leat.identifiers.update("CARD-200091")


# --- Subscriptions ------------------------------------------------------------------


def test_subscription_types_have_uuids_but_one_older_type(leat):
    types = leat.subscription_types.list()
    assert [t.name for t in types if t.uuid is None] == ["Newsletter (2019)"]
    assert {t.strategy for t in types} == {"OPT_IN", "DOUBLE_OPT_IN", "OPT_OUT"}


def test_subscribe_and_unsubscribe_by_strategy(leat, contact):
    types = {t.strategy: t for t in leat.subscription_types.list() if t.uuid}
    pending = leat.subscriptions.subscribe(contact, subscription_type_uuid=types["DOUBLE_OPT_IN"].uuid)
    assert isinstance(pending, Subscription) and (pending.status, pending.is_subscribed) == ("PENDING_CONFIRMATION", False)
    assert leat.subscriptions.subscribe(contact, subscription_type_uuid=types["OPT_IN"].uuid).status == "SUBSCRIBED"
    assert leat.subscriptions.unsubscribe(contact, subscription_type_uuid=types["OPT_OUT"].uuid).status == "UNSUBSCRIBED"
    statuses = {s.type.uuid: s.status for s in leat.subscriptions.list(contact)}
    assert statuses[types["DOUBLE_OPT_IN"].uuid] == "PENDING_CONFIRMATION" and statuses[types["OPT_OUT"].uuid] == "UNSUBSCRIBED"
    assert {s.type.uuid: s.status for s in leat.contacts.get(contact).subscriptions} == statuses


def test_subscription_errors(leat, contact):
    with pytest.raises(errors.SubscriptionTypeNotFound) as unknown:
        leat.subscriptions.subscribe(contact, subscription_type_uuid="no-such-type")
    assert unknown.value.code == 55030
    with pytest.raises(ValueError):
        leat.subscriptions.unsubscribe(contact, subscription_type_uuid=None)


# --- Prepaid ------------------------------------------------------------------------


def test_anna_prepaid_history_adds_up_to_her_balance(leat, anna):
    page = leat.prepaid.list(contact_uuid=anna.uuid, limit=30)
    assert sum(t.amount_in_cents for t in page.items) == 2000 == page.items[0].balance_in_cents
    assert page.total == len(page.items) and all(isinstance(t, PrepaidTransaction) and t.contact.uuid == anna.uuid for t in page.items)


def test_prepaid_top_up_refund_and_reversal(leat, contact, shop):
    top_up = leat.prepaid.create(contact_uuid=contact, shop_uuid=shop, amount_in_cents=2500)
    assert (top_up.amount_in_cents, top_up.balance_in_cents) == (2500, 2500)
    refund = leat.prepaid.create(contact_uuid=contact, shop_uuid=shop, amount_in_cents=-1000)
    assert refund.balance_in_cents == 1500
    reversal = leat.prepaid.reverse(refund.uuid)
    assert reversal.uuid != refund.uuid and (reversal.amount_in_cents, reversal.balance_in_cents) == (1000, 2500)
    assert leat.contacts.prepaid_balance(contact).balance_in_cents == 2500
    page = leat.prepaid.list(contact_uuid=contact)
    assert [t.amount_in_cents for t in page.items] == [1000, -1000, 2500]


def test_prepaid_errors(leat, contact, shop):
    with pytest.raises(errors.InvalidInput) as overdrawn:
        leat.prepaid.create(contact_uuid=contact, shop_uuid=shop, amount_in_cents=-1)
    assert "amount_in_cents" in overdrawn.value.field_errors
    with pytest.raises(errors.ContactNotFound):
        leat.prepaid.create(contact_uuid="no-such-contact", shop_uuid=shop, amount_in_cents=100)
    with pytest.raises(errors.ShopNotFound):
        leat.prepaid.create(contact_uuid=contact, shop_uuid="no-such-shop", amount_in_cents=100)
    with pytest.raises(errors.IdentifierInactive):
        leat.prepaid.create(contact_identifier_value="CARD-299999", shop_uuid=shop, amount_in_cents=100)
    with pytest.raises(errors.IdentifierNotLinked):
        leat.prepaid.create(contact_identifier_value="CARD-200092", shop_uuid=shop, amount_in_cents=100)
    with pytest.raises(ValueError):
        leat.prepaid.create(shop_uuid=shop, amount_in_cents=100)
    with pytest.raises(ValueError):
        leat.prepaid.create(contact_uuid=contact, shop_uuid=shop, amount_in_cents=12.5)


def test_writes_are_never_retried_blindly(leat, sandbox, contact, shop):
    sandbox.faults.update({"fail_next": 1, "fail_status": 503})
    with pytest.raises(errors.Maintenance):
        leat.prepaid.create(contact_uuid=contact, shop_uuid=shop, amount_in_cents=100)
    assert sandbox.stats()["routes"]["POST prepaid-transactions"] == 1  # sent once, not retried
    assert leat.contacts.prepaid_balance(contact).balance_in_cents == 0


def test_identifiers_are_one_path_segment(leat):
    with pytest.raises(errors.CreditReceptionNotFound):
        leat.credit_receptions.reverse(f"a/b-{secrets.token_hex(2)}")
