"""The client's records read every answer Leat was captured giving (and its
docs pages' examples where nothing was captured), and Leat's looseness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from leatadmin.leat import errors
from leatadmin.leat.error_mapping import error_from_response
from leatadmin.leat.models import (
    AttributeDefinition,
    Booking,
    Contact,
    ContactIdentifier,
    ContactRef,
    CreditBalance,
    CreditCalculation,
    LoyaltyProgram,
    LoyaltyTransaction,
    Page,
    PrepaidBalance,
    PrepaidTransaction,
    Reward,
    Shop,
    Subscription,
    SubscriptionType,
    Visit,
    parse_datetime,
)
from leatadmin.leat.resource import items
from tests.reference import captured, documented, needs_reference

# Leat's material is read from ../shared at run time, never copied here.
CONTACT_ROUTES = [
    ("GET", "/oauth/clients/contacts/{contact_uuid}"),
    ("GET", "/oauth/clients/contacts/find-one-by"),
    ("GET", "/oauth/clients/contacts/find-or-create"),
    ("PUT", "/oauth/clients/contacts/{anonymous_contact_uuid}/claim"),
    ("PUT", "/oauth/clients/contacts/{contact_uuid}"),
]
REF_ROUTES = [
    ("POST", "/oauth/clients/contacts"),
    ("POST", "/oauth/clients/contacts/anonymous"),
    ("GET", "/oauth/clients/contacts/find-or-create/async"),
]


def data_of(method: str, path: str) -> list:
    examples = captured(method, path)
    assert examples, f"no captured 2xx example for {method} {path}"
    return [example["data"] for example in examples]


@needs_reference
@pytest.mark.parametrize(("method", "path"), CONTACT_ROUTES)
def test_every_captured_contact_answer_parses(method, path):
    for data in data_of(method, path):
        contact = Contact.from_api(data)
        assert contact.uuid == str(data["uuid"]) and contact.uuid.isdigit()  # not a UUID: identifiers are opaque
        assert contact.credit_balance == data["credit_balance"]["balance"]
        assert contact.prepaid_balance_cents == data["prepaid_balance"]["balance_in_cents"]
        assert contact.status == "ACTIVE" and contact.is_anonymous == data["current_values"]["is_anonymous"]
        assert contact.created_at and contact.created_at.tzinfo is not None


@needs_reference
def test_captured_contact_has_its_balances_and_dates():
    contact = Contact.from_api(data_of("GET", "/oauth/clients/contacts/{contact_uuid}")[0])
    assert (contact.uuid, contact.credit_balance, contact.prepaid_balance_cents) == ("123", 1612, 2000)
    assert contact.created_at == dt.datetime(2021, 10, 20, 18, 6, 9, tzinfo=dt.UTC)


@needs_reference
def test_captured_contact_keeps_subscription_type_uuid_and_id():
    contact = Contact.from_api(data_of("GET", "/oauth/clients/contacts/{contact_uuid}")[0])
    marketing = next(sub for sub in contact.subscriptions if sub.name == "Marketing")
    assert (marketing.type.uuid, marketing.type.id, marketing.strategy, marketing.status) == ("123123123", 1, "DOUBLE_OPT_IN", "UNSUBSCRIBED")
    assert any(sub.type.uuid is None for sub in contact.subscriptions)  # older types have no uuid
    assert contact.tier.name == "someTier"


@needs_reference
@pytest.mark.parametrize(("method", "path"), REF_ROUTES)
def test_every_captured_create_answer_parses(method, path):
    for data in data_of(method, path):
        assert ContactRef.from_api(data).uuid


@needs_reference
def test_captured_balances_parse():
    assert CreditBalance.from_api(data_of("GET", "/oauth/clients/contacts/{contact_uuid}/credit-balance")[0]).balance == 1732
    prepaid = PrepaidBalance.from_api(data_of("GET", "/oauth/clients/contacts/{contact_uuid}/prepaid-balance")[0])
    assert (prepaid.balance_in_cents, prepaid.balance) == (5000, "€50.00")


@needs_reference
def test_captured_delete_answer_is_an_empty_envelope():
    (body,) = captured("POST", "/oauth/clients/contacts/{some_contact_uuid}/delete")
    assert body["data"] is None


@needs_reference
def test_captured_transactions_parse_as_one_page():
    (body,) = captured("GET", "/oauth/clients/loyalty-transactions")
    page = Page.from_api(body, LoyaltyTransaction.from_api)
    assert (page.page, page.last_page, page.total, page.per_page) == (1, 6, 57, 10)
    first = page.items[0]
    assert (first.credits, first.type, first.unit_value, first.shop.name, first.unit_label) == (1177, "credit_reception", Decimal("1.15"), "Visjes", "Calories")
    assert first.card == "" and page.items[1].unit_value is None


@needs_reference
@pytest.mark.parametrize("path", ["/oauth/clients/reward-receptions", "/oauth/clients/reward-receptions/{reward_reception_uuid}/reverse"])
def test_captured_reward_reception_keeps_its_negative_credits_and_reward(path):
    item = LoyaltyTransaction.from_api(data_of("POST", path)[0])
    assert item.credits == -2  # Leat's sign, never flipped
    assert item.is_reward and item.title == "Lekkerbekkie"
    assert (item.reward.uuid, item.reward.title, item.reward.required_credits) == ("539483d0-fab4-40db-add5-2ec65ef12901", "Lekkerbekkie", 2)
    assert item.expires_at == dt.datetime(2024, 2, 4, 15, 27, 26, tzinfo=dt.UTC) and item.has_been_collected is False


@needs_reference
@pytest.mark.parametrize("path", ["/oauth/clients/credit-receptions", "/oauth/clients/credit-receptions/{credit_reception_uuid}/reverse"])
def test_captured_credit_receptions_parse(path):
    item = LoyaltyTransaction.from_api(data_of("POST", path)[0])
    assert (item.type, item.credits, item.title, item.reward) == ("credit_reception", 10, "", None)


@needs_reference
@pytest.mark.parametrize("path", ["/oauth/clients/credit-receptions", "/oauth/clients/credit-receptions/{credit_reception_uuid}/reverse"])
def test_captured_credit_reception_answers_carry_the_contacts_balance(path):
    assert LoyaltyTransaction.from_api(data_of("POST", path)[0]).contact_balance == 1642


@needs_reference
def test_captured_loyalty_program_parses():
    program = LoyaltyProgram.from_api(data_of("GET", "/oauth/clients/loyalty-program")[0])
    assert (program.credit_name, program.max_amount, program.unit_name, program.unit_label) == ("Credits", 50000, "test", "Calories")


@needs_reference
def test_captured_credit_calculation_parses():
    assert CreditCalculation.from_api(data_of("GET", "/oauth/clients/credit-receptions/calculate")[0]).credits == 10240


@needs_reference
def test_every_captured_reward_parses():
    (data,) = data_of("GET", "/oauth/clients/rewards")
    rewards = items(data, Reward.from_api, "reward")
    assert len(rewards) == len(data) and all(reward.uuid and reward.title for reward in rewards)
    lekker = next(reward for reward in rewards if reward.title == "Lekkerbekkie")
    assert (lekker.uuid, lekker.required_credits, lekker.reward_type, lekker.is_active) == ("539483d0-fab4-40db-add5-2ec65ef12901", 2, "PHYSICAL", True)
    assert lekker.expiration_duration == 6307200 and lekker.media_url.endswith("300x200.jpg")
    assert any(reward.media_url == "" and reward.expiration_duration is None for reward in rewards)  # media null, never expires


@needs_reference
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/oauth/clients/contact-identifiers/find"),
        ("POST", "/oauth/clients/contact-identifiers"),
        ("PUT", "/oauth/clients/contact-identifiers/link"),
    ],
)
def test_every_captured_contact_identifier_parses(method, path):
    for data in data_of(method, path):
        card = ContactIdentifier.from_api(data)
        assert (card.value, card.name, card.active) == ("cilwjefwnsvidjfkjskjf", "Loyalty Card", True)
        assert card.contact is None if data["contact"] is None else card.contact.uuid == "123"


@needs_reference
def test_captured_linked_identifier_has_a_contact_without_email():
    card = ContactIdentifier.from_api(data_of("PUT", "/oauth/clients/contact-identifiers/link")[0])
    assert card.contact.uuid == "123" and card.contact.email == ""


@needs_reference
def test_captured_contact_identifiers_of_a_contact_is_the_tier_anomaly():
    """The collection's example for a contact's cards is a copy of the tier
    answer (an object): the client refuses it rather than invent cards."""
    (data,) = data_of("GET", "/oauth/clients/contacts/{contact_uuid}/contact-identifiers")
    with pytest.raises(errors.BadResponse):
        items(data, ContactIdentifier.from_api, "contact identifier")


@needs_reference
def test_captured_subscription_types_parse_with_and_without_uuid():
    (data,) = data_of("GET", "/oauth/clients/subscription-types")
    types = items(data, SubscriptionType.from_api, "subscription type")
    assert [(t.id, t.uuid, t.strategy) for t in types] == [(3, None, "DOUBLE_OPT_IN"), (1, "123123123", "DOUBLE_OPT_IN"), (5, None, "OPT_OUT"), (4, None, "OPT_IN")]


@needs_reference
def test_captured_contact_subscriptions_parse():
    (data,) = data_of("GET", "/oauth/clients/contact-subscriptions/{contact_uuid}")
    subscriptions = items(data, Subscription.from_api, "subscription")
    assert [(s.type.id, s.status, s.is_subscribed) for s in subscriptions][:2] == [(1, "PENDING_CONFIRMATION", False), (3, "UNSUBSCRIBED", False)]


@needs_reference
@pytest.mark.parametrize(("action", "status"), [("subscribe", "PENDING_CONFIRMATION"), ("unsubscribe", "UNSUBSCRIBED")])
def test_captured_subscribe_and_unsubscribe_answers_parse(action, status):
    subscription = Subscription.from_api(data_of("PUT", f"/oauth/clients/contact-subscriptions/{{contact_uuid}}/{action}")[0])
    assert (subscription.status, subscription.is_subscribed, subscription.type.uuid, subscription.strategy) == (status, False, "123123123", "DOUBLE_OPT_IN")


def _check_prepaid(transaction: PrepaidTransaction) -> None:
    assert (transaction.uuid, transaction.amount_in_cents, transaction.balance_in_cents) == ("3cff98cb-644e-4148-bf34-bac842ac602e", -1000, 4000)
    assert transaction.shop.uuid == "123123" and transaction.card == "cilwjefwnsvidjfkjskjf"
    assert transaction.created_at == dt.datetime(2023, 11, 12, 19, 49, 22, tzinfo=dt.UTC)


@needs_reference
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_captured_prepaid_transaction_parses(method):
    """The captured list example is a copy of the create answer (one object), so
    it parses as one transaction; the real list is paged (see the next test)."""
    for data in data_of(method, "/oauth/clients/prepaid-transactions"):
        _check_prepaid(PrepaidTransaction.from_api(data))


@needs_reference
def test_documented_prepaid_reversal_parses():
    _check_prepaid(PrepaidTransaction.from_api(documented("oauth-giftcard-prepaid-prepaid-transactions.mdx", "Reverse Prepaid Transaction")["data"]))


def test_prepaid_page_in_leats_documented_shape_parses():
    body = {
        "data": [{"uuid": "a", "amount_in_cents": "1500", "prepaid_balance": {"balance_in_cents": 1500}, "contact": {"uuid": "c", "email": "x@y.z"}, "contact_identifier": None}],
        "meta": {"current_page": 1, "from": 1, "last_page": 1, "per_page": 3, "total": 1},
    }
    page = Page.from_api(body, PrepaidTransaction.from_api)
    assert (page.page, page.per_page, page.total) == (1, 3, 1)
    assert page.items[0].amount_in_cents == 1500 and page.items[0].contact.uuid == "c" and page.items[0].card == ""


@pytest.mark.parametrize("data", [{"name": "no value", "value": ""}, None, []])
def test_identifier_without_value_is_a_bad_response(data):
    with pytest.raises(errors.BadResponse):
        ContactIdentifier.from_api(data)


def test_reward_and_program_tolerate_looseness():
    reward = Reward.from_api({"uuid": 7, "title": "T", "required_credits": "25", "type": "DIGITAL", "media": [], "active": "0"})
    assert (reward.uuid, reward.required_credits, reward.reward_type, reward.media_url, reward.is_active) == ("7", 25, "DIGITAL", "", False)
    program = LoyaltyProgram.from_api({"name": "P", "max_amount": None, "custom_credit_name": None, "unit": []})
    assert (program.credit_name, program.max_amount, program.unit_name) == ("Credits", None, "")
    with pytest.raises(errors.BadResponse):
        CreditCalculation.from_api({"credits": None})


@needs_reference
def test_captured_shops_parse():
    (body,) = captured("GET", "/oauth/clients/shops")
    shops = [Shop.from_api(item) for item in body["data"]]
    assert shops[0] == Shop(uuid="123123", name="Visjes", type="physical", reference="")
    assert Shop.from_api(data_of("GET", "/oauth/clients/shops/{shop_uuid}")[0]).name == "Visjes"


@needs_reference
def test_captured_contact_attributes_parse_with_types_groups_and_flags():
    definitions = {d.name: d for d in (AttributeDefinition.from_api(item) for item in data_of("GET", "/oauth/clients/contact-attributes")[0])}
    assert definitions["firstname"].type == "text" and not definitions["firstname"].read_only
    assert definitions["firstname"].group == "profile" and definitions["firstname"].position == 2
    assert definitions["email"].read_only
    selects = [d for d in definitions.values() if d.type == "select" and d.options]
    assert selects and all(option.value for option in selects[0].options)


@needs_reference
@pytest.mark.parametrize("heading", ["List Visit"])
def test_documented_visit_list_parses(heading):
    page = Page.from_api(documented("oauth-bookings-visits-visits.mdx", heading), Visit.from_api)
    assert (page.page, page.last_page, page.total, page.per_page) == (1, 1, 5, 30)
    assert page.items[0].shop is None  # Leat's visits carry no shop


@needs_reference
@pytest.mark.parametrize("heading", ["Show Visit", "Create Visit", "Update Visit"])
def test_documented_visit_answers_parse(heading):
    visit = Visit.from_api(documented("oauth-bookings-visits-visits.mdx", heading)["data"])
    assert visit.uuid and visit.contact.uuid and visit.created_at and visit.shop is None


@needs_reference
@pytest.mark.parametrize("heading", ["Create Booking", "Update Booking"])
def test_documented_booking_answers_parse(heading):
    booking = Booking.from_api(documented("oauth-bookings-visits-bookings.mdx", heading)["data"])
    assert booking.uuid and booking.contact.uuid


# --- Tolerance ---------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2023-11-12T19:27:49+00:00", "2023-11-12 19:27:49+00:00", "2023-11-12T19:27:49Z", "2023-11-12T20:27:49+01:00", "2023-11-12 19:27:49"],
)
def test_dates_with_t_or_space_or_z_are_the_same_moment(value):
    assert parse_datetime(value) == dt.datetime(2023, 11, 12, 19, 27, 49, tzinfo=dt.UTC)


def test_unreadable_date_is_a_bad_response():
    with pytest.raises(errors.BadResponse):
        parse_datetime("yesterday")


def test_numbers_as_strings_nulls_and_unknown_fields_are_tolerated():
    item = LoyaltyTransaction.from_api(
        {"uuid": 42, "credits": "15", "created_at": None, "type": "reward_reception", "shop": None, "unit_value": "2.50", "unit": None, "new_field": {"x": 1}}
    )
    assert item.uuid == "42" and item.credits == 15 and item.created_at is None and item.shop is None
    assert item.unit_value == Decimal("2.50")


@pytest.mark.parametrize("meta", [[], {}, None])
def test_meta_as_list_dict_or_null(meta):
    page = Page.from_api({"data": [{"uuid": "a", "name": "Shop"}], "meta": meta}, Shop.from_api, requested_page=1, requested_limit=30)
    assert (page.page, page.total, page.last_page) == (1, 1, 1)


def test_page_shapes_are_one_page_object():
    item = {"uuid": "x", "name": "n"}
    transactions = {"page": 2, "limit": "10", "viewing_from": 11, "viewing_to": 11, "last_page": 2, "total": 11}
    visits = {"current_page": 2, "last_page": 2, "per_page": 10, "total": 11}
    laravel = {"current_page": 2, "from": 11, "to": 11, "per_page": "10", "links": [], "path": "/x", "total": 11, "last_page": 2}
    for meta in (transactions, visits, laravel):
        page = Page.from_api({"data": [item], "meta": meta}, Shop.from_api)
        assert (page.page, page.per_page, page.last_page, page.total) == (2, 10, 2, 11)


def test_laravel_paginator_without_last_page_computes_it():
    page = Page.from_api({"data": [], "meta": {"current_page": 1, "per_page": 10, "total": 95, "from": None, "to": None}}, Shop.from_api)
    assert page.last_page == 10


@pytest.mark.parametrize("data", [{"name": "no id"}, None, [], "text"])
def test_records_without_identifier_are_bad_responses(data):
    with pytest.raises(errors.BadResponse):
        Visit.from_api(data)


def test_list_body_without_a_list_is_a_bad_response():
    with pytest.raises(errors.BadResponse):
        Page.from_api({"data": {"uuid": "x"}, "meta": {}}, Shop.from_api)


def test_contact_missing_optional_parts_still_parses():
    contact = Contact.from_api({"uuid": "c1", "email": None, "tier": None, "subscriptions": None, "credit_balance": None, "prepaid_balance": [], "current_values": []})
    assert contact.email == "" and contact.credit_balance is None and contact.prepaid_balance_cents is None and contact.subscriptions == ()


# --- Error mapping -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (400, {"message": "Invalid input.", "code": 1003, "errors": {"email": "bad"}}, errors.InvalidInput),
        (400, {"message": "Shop not found.", "code": 1008}, errors.ShopNotFound),
        (400, {"message": "Contact not found.", "code": 55031}, errors.ContactNotFound),
        (400, {"message": "Usage limit reached.", "code": "60000"}, errors.UsageLimitReached),
        (400, {"message": "Contact identifier not found.", "code": 60003}, errors.IdentifierNotFound),
        (400, {"message": "Contact already exists.", "code": 60005}, errors.ContactAlreadyExists),
        (400, {"message": "Contact identifier is already linked.", "code": 60014}, errors.IdentifierAlreadyLinked),
        (400, {"message": "Contact not anonymous.", "code": 60016}, errors.ContactNotAnonymous),
        (400, {"message": "Contact identifier inactive.", "code": 60004}, errors.IdentifierInactive),
        (400, {"message": "Contact identifier is not linked to a contact.", "code": 60011}, errors.IdentifierNotLinked),
        (400, {"message": "Subscription type not found.", "code": 55030}, errors.SubscriptionTypeNotFound),
        (400, {"message": "Credit reception not found.", "code": 1028}, errors.CreditReceptionNotFound),
        (400, {"message": "Reward not found.", "code": 6003}, errors.RewardNotFound),
        (400, {"message": "Maximum amount of credits reached.", "code": 1015}, errors.MaximumCreditsReached),
        (400, {"message": "Onvoldoende punten | Insufficient credits.", "code": 1017}, errors.InsufficientCredits),
        (400, {"message": "The stock on this reward is empty.", "code": 1018}, errors.RewardOutOfStock),
        (400, {"message": "You have reached your claim limit on this reward.", "code": 1019}, errors.RewardClaimLimitReached),
        (400, {"message": "Reward is inactive.", "code": 1052}, errors.RewardInactive),
        (400, {"message": "Unit not found.", "code": 60007}, errors.UnitNotFound),
        (400, {"message": "No default unit found.", "code": 55046}, errors.NoDefaultUnit),
        (400, {"message": "Credit reception creating in progress.", "code": 60001}, errors.CreditReceptionInProgress),
        (401, {"message": "Unauthenticated."}, errors.Unauthenticated),
        (429, {"message": "Too Many Attempts."}, errors.RateLimited),
        (503, None, errors.Maintenance),
        (500, None, errors.ServerError),
        (418, "teapot", errors.LeatError),
    ],
)
def test_error_from_response_maps_each_answer(status, body, kind):
    error = error_from_response(status, body, {"Retry-After": "7"})
    assert type(error) is kind
    assert error.status == status


def test_field_errors_are_lists_of_strings():
    error = error_from_response(400, {"code": 1003, "errors": {"email": "bad", "name": ["a", "b"], "x": None}})
    assert error.field_errors == {"email": ["bad"], "name": ["a", "b"]}


def test_rate_limited_carries_the_wait():
    assert error_from_response(429, {}, {"Retry-After": "7"}).retry_after == 7
