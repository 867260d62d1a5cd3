"""The client's records read Leat's documented answers and its looseness."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from leatadmin.leat import errors
from leatadmin.leat.models import (
    Booking,
    Contact,
    ContactRef,
    CreditBalance,
    LoyaltyTransaction,
    Page,
    PrepaidBalance,
    Shop,
    Visit,
    parse_datetime,
)

EXAMPLES = Path(__file__).parent / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@pytest.mark.parametrize("name", ["contact_get", "contact_find", "contact_find_or_create", "contact_claim", "contact_update"])
def test_documented_contact_examples_parse(name):
    contact = Contact.from_api(example(name)["data"])
    assert contact.uuid
    assert contact.email.endswith("bikinibottom.sea")
    assert len(contact.subscriptions) == 4
    assert contact.credit_balance is not None
    assert contact.prepaid_balance_cents is not None


def test_documented_contact_has_tier_balances_and_attributes():
    contact = Contact.from_api(example("contact_get")["data"])
    assert contact.uuid == "123"  # not a UUID: identifiers are opaque
    assert contact.tier.name == "Krusty Krew"
    assert contact.credit_balance == 1612
    assert contact.prepaid_balance_cents == 2000
    assert contact.status == "ACTIVE"
    assert contact.is_anonymous is False
    assert contact.created_at == dt.datetime(2021, 10, 20, 18, 6, 9, tzinfo=dt.UTC)
    assert contact.current_display_values["tier"] == "Gold"
    assert contact.subscriptions[0].name == "Marketing"
    assert contact.subscriptions[0].status == "UNSUBSCRIBED"


def test_documented_claim_example_has_no_tier_and_is_anonymous():
    contact = Contact.from_api(example("contact_claim")["data"])
    assert contact.tier is None
    assert contact.is_anonymous is True


@pytest.mark.parametrize("name", ["contact_create", "contact_create_async", "contact_find_or_create_async", "contact_anonymous"])
def test_documented_create_examples_parse(name):
    assert ContactRef.from_api(example(name)["data"]).uuid == "cd183615-d1cb-402a-b618-6472d5e13890"


def test_documented_balance_examples_parse():
    assert CreditBalance.from_api(example("credit_balance")["data"]).balance == 49
    prepaid = PrepaidBalance.from_api(example("prepaid_balance")["data"])
    assert (prepaid.balance_in_cents, prepaid.balance) == (5000, "€50.00")


def test_documented_delete_example_is_an_empty_envelope():
    body = example("contact_delete")
    assert body["data"] is None and body["meta"] == {}


def test_documented_transactions_example_parses_as_one_page():
    page = Page.from_api(example("loyalty_transactions"), LoyaltyTransaction.from_api)
    assert (page.page, page.last_page, page.total, page.per_page) == (1, 6, 57, 10)
    first = page.items[0]
    assert first.credits == 1177
    assert first.type == "credit_reception"
    assert first.unit_value == Decimal("1.15")
    assert first.shop.name == "Krusty Krab"
    assert page.items[1].unit_value is None


def test_documented_visit_list_example_parses():
    page = Page.from_api(example("visit_list"), Visit.from_api)
    assert (page.page, page.last_page, page.total, page.per_page) == (1, 1, 5, 30)
    assert page.items[0].contact.email == "spongebob@bikinibottom.sea"
    assert page.items[1].starts_at == dt.datetime(2024, 5, 1, 20, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["visit_show", "visit_create", "visit_update", "visit_create_v1", "visit_update_v1", "visit_create_v3", "visit_update_v3"])
def test_documented_visit_examples_parse(name):
    visit = Visit.from_api(example(name)["data"])
    assert visit.uuid and visit.contact.uuid and visit.created_at


@pytest.mark.parametrize("name", ["booking_create", "booking_update"])
def test_documented_booking_examples_parse(name):
    booking = Booking.from_api(example(name)["data"])
    assert booking.contact.uuid == "12345-abcdefg-6789-yuiop"
    assert booking.number_of_people is None  # the examples leave it out


def test_booking_update_example_has_checked_in_time():
    booking = Booking.from_api(example("booking_update")["data"])
    assert booking.checked_in_at == dt.datetime(2024, 5, 1, 20, 14, 46, tzinfo=dt.UTC)


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
        (401, {"message": "Unauthenticated."}, errors.Unauthenticated),
        (429, {"message": "Too Many Attempts."}, errors.RateLimited),
        (503, None, errors.Maintenance),
        (500, None, errors.ServerError),
        (418, "teapot", errors.LeatError),
    ],
)
def test_error_from_response_maps_each_answer(status, body, kind):
    error = errors.error_from_response(status, body, {"Retry-After": "7"})
    assert type(error) is kind
    assert error.status == status


def test_field_errors_are_lists_of_strings():
    error = errors.error_from_response(400, {"code": 1003, "errors": {"email": "bad", "name": ["a", "b"], "x": None}})
    assert error.field_errors == {"email": ["bad"], "name": ["a", "b"]}


def test_rate_limited_carries_the_wait():
    assert errors.error_from_response(429, {}, {"Retry-After": "7"}).retry_after == 7
