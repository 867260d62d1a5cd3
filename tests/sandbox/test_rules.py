"""The sandbox's newer Leat rules, over HTTP: typed attribute updates, scheduled
deletion, transaction filters and signs, balances, visits without a shop."""

from __future__ import annotations

import datetime as dt
import secrets
import time

import pytest
import requests

OAUTH = "/api/v3/oauth/clients/"


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + OAUTH + path, timeout=5, **kwargs)

    return call


@pytest.fixture
def contact(http):
    """A fresh contact's uuid."""
    return http("POST", "contacts", json={"email": f"rules.{secrets.token_hex(5)}@example.com"}).json()["data"]["uuid"]


@pytest.fixture
def anna(http):
    return http("GET", "contacts/find-one-by", params={"email": "anna.devries@example.com"}).json()["data"]


def field_errors(answer) -> dict:
    body = answer.json()
    assert answer.status_code == 400 and body["code"] == 1003, answer.text
    return body["errors"]


# --- Attributes ------------------------------------------------------------------


def test_attribute_updates_are_validated_by_type(http, contact):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    errors = field_errors(http("PUT", f"contacts/{contact}", json={"attributes": {
        "firstname": "x" * 256,
        "visits_per_month": "often",
        "member_since": "01-02-2024",
        "birthdate": tomorrow,
        "favourite_drink": "lemonade",
        "vip": "maybe",
        "phonenumber": "call me",
        "loyalty_balance": 5,
        "email": "new@example.com",
        "shoe_size": 44,
    }}))
    assert set(errors) == {f"attributes.{name}" for name in (
        "firstname", "visits_per_month", "member_since", "birthdate", "favourite_drink", "vip", "phonenumber",
        "loyalty_balance", "email", "shoe_size",
    )}
    assert all(isinstance(messages, list) and messages[0].startswith("The ") for messages in errors.values())
    assert "does not exist" in errors["attributes.shoe_size"][0]
    assert "read-only" in errors["attributes.email"][0]


def test_valid_values_come_back_typed_and_as_strings(http, contact):
    answer = http("PUT", f"contacts/{contact}", json={"attributes": {
        "firstname": "Ann", "visits_per_month": "4", "member_since": "2024-02-01", "birthdate": "1990-05-17",
        "favourite_drink": "cortado", "vip": "1", "phonenumber": "+31 6-1234 5678", "allergies": "nuts",
    }})
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    values, shown = data["current_values"], data["current_display_values"]
    assert values["vip"] is True and values["visits_per_month"] == 4 and values["favourite_drink"] == "cortado"
    assert values["firstname"] == "Ann" and values["member_since"] == "2024-02-01" and values["lastname"] is None
    assert shown["vip"] == "True" and shown["visits_per_month"] == "4" and shown["favourite_drink"] == "Cortado"
    listed = {item["attribute"]["name"]: item["value"] for item in data["attributes"]}
    assert listed["visits_per_month"] == "4" and listed["vip"] == "1" and listed["lastname"] == ""
    assert all(isinstance(value, str) for value in listed.values())
    # Booleans take true/false/1/0; an empty value clears.
    data = http("PUT", f"contacts/{contact}", json={"attributes": {"vip": False, "firstname": ""}}).json()["data"]
    assert data["current_values"]["vip"] is False and data["current_values"]["firstname"] is None


def test_one_source_for_definitions_and_contact_values(http, anna):
    definitions = http("GET", "contact-attributes").json()["data"]
    names = [d["name"] for d in definitions]
    assert [item["attribute"]["name"] for item in anna["attributes"]] == names
    assert set(names) <= set(anna["current_values"]) and set(names) <= set(anna["current_display_values"])
    custom = {d["name"]: d["type"] for d in definitions if not d["is_piggy_defined"]}
    assert custom == {"favourite_drink": "select", "member_since": "date", "vip": "boolean", "visits_per_month": "number", "allergies": "text"}
    assert {d["group"]["name"] for d in definitions if not d["is_piggy_defined"]} == {"Coffee preferences"}
    by_name = {d["name"]: d for d in definitions}
    assert by_name["email"]["is_hard_read_only"] and by_name["phonenumber"]["type"] == "phone"
    assert by_name["birthdate"]["type"] == "birth_date" and "en_GB" in [o["value"] for o in by_name["locale"]["options"]]


def test_contact_dates_are_iso_with_offset(anna):
    for name in ("created_at", "updated_at", "loyalty_first_transaction_date", "loyalty_last_transaction_date"):
        assert anna["current_values"][name].endswith("+00:00") and "T" in anna["current_values"][name]
    assert anna["credit_balance"] == {"balance": anna["current_values"]["loyalty_balance"], "id": anna["id"]}


# --- Scheduled deletion ----------------------------------------------------------


def test_deletion_is_scheduled_then_done(http, sandbox, contact, monkeypatch):
    answer = http("POST", f"contacts/{contact}/delete", json={"type": "DEFAULT"})
    assert answer.json() == {"data": None, "meta": {}}
    assert http("GET", f"contacts/{contact}").status_code == 200  # still findable for a while
    later = time.time() + sandbox.store.deletion_delay + 1
    monkeypatch.setattr(sandbox.store, "clock", lambda: later)
    gone = http("GET", f"contacts/{contact}")
    assert gone.status_code == 400 and gone.json()["code"] == 55031


def test_the_test_sandbox_deletes_after_one_second(http, sandbox, contact):
    assert sandbox.store.deletion_delay == 1
    http("POST", f"contacts/{contact}/delete", json={"type": "GDPR"})
    time.sleep(1.1)
    assert http("GET", f"contacts/{contact}").json()["code"] == 55031


def test_deletion_delay_comes_from_the_environment(tmp_path, monkeypatch):
    from leatadmin.sandbox.db import Store

    monkeypatch.setenv("SANDBOX_DELETION_DELAY_SECONDS", "7")
    assert Store(tmp_path / "a.sqlite3").deletion_delay == 7
    monkeypatch.delenv("SANDBOX_DELETION_DELAY_SECONDS")
    assert Store(tmp_path / "b.sqlite3").deletion_delay == 120


# --- Loyalty transactions ----------------------------------------------------------


def all_transactions(http, **params):
    items, page = [], 1
    while True:
        body = http("GET", "loyalty-transactions", params={**params, "limit": 100, "page": page}).json()
        items += body["data"]
        if page >= body["meta"]["last_page"]:
            return items
        page += 1


def test_signs_are_leats_and_balances_are_their_sum(http, anna):
    items = all_transactions(http, contact_uuid=anna["uuid"])
    assert len(items) == 1200
    rewards = [t for t in items if t["type"] == "reward_reception"]
    refunds = [t for t in items if t["type"] == "credit_reception" and t["credits"] < 0]
    assert rewards and all(t["credits"] == -t["reward"]["required_credits"] for t in rewards)
    assert refunds, "the seed has partial refunds"
    assert all("unit" not in t and {"title", "expires_at", "has_been_collected"} <= t.keys() for t in rewards)
    balance = sum(t["credits"] for t in items)
    assert balance == anna["credit_balance"]["balance"] == anna["current_values"]["loyalty_balance"]
    assert http("GET", f"contacts/{anna['uuid']}/credit-balance").json()["data"]["balance"] == balance
    assert any(t["contact_identifier"] for t in items) and any(t["contact_identifier"] is None for t in items)


def test_few_transactions_has_ten_that_sum_to_its_balance(http):
    few = http("GET", "contacts/find-one-by", params={"email": "few.transactions@example.com"}).json()["data"]
    items = all_transactions(http, contact_uuid=few["uuid"])
    assert len(items) == 10 and sum(t["credits"] for t in items) == few["credit_balance"]["balance"]


def test_filters_by_shop_and_creation_date(http, anna):
    shop = http("GET", "shops").json()["data"][0]["uuid"]
    at_shop = all_transactions(http, contact_uuid=anna["uuid"], shop_uuid=shop)
    assert at_shop and all(t["shop"]["uuid"] == shop for t in at_shop)
    window = {"created_at[gte]": "2025-01-01", "created_at[lt]": "2025-02-01T00:00:00+01:00"}
    inside = all_transactions(http, contact_uuid=anna["uuid"], **window)
    assert inside and all("2025-01-01" <= t["created_at"] < "2025-01-31T23:00:00+00:00" for t in inside)
    after = all_transactions(http, contact_uuid=anna["uuid"], **{"created_at[gt]": inside[0]["created_at"]})
    upto = all_transactions(http, contact_uuid=anna["uuid"], **{"created_at[lte]": inside[0]["created_at"]})
    assert len(after) + len(upto) == 1200


def test_bad_filters_are_refused(http, anna):
    errors = field_errors(http("GET", "loyalty-transactions", params={"created_at[gte]": "last tuesday", "type": "everything"}))
    assert set(errors) == {"created_at.gte", "type"}
    unknown_shop = http("GET", "loyalty-transactions", params={"shop_uuid": "no-such-shop"}).json()
    assert unknown_shop["code"] == 1008


# --- Visits and bookings -----------------------------------------------------------


def test_visits_carry_no_shop_but_keep_it(http, sandbox, anna):
    shop = http("GET", "shops").json()["data"][1]["uuid"]
    created = http("POST", "visits", json={"shop_uuid": shop, "contact_uuid": anna["uuid"]}).json()["data"]
    assert "shop" not in created
    assert all("shop" not in visit for visit in http("GET", "visits", params={"limit": 20}).json()["data"])
    kept = sandbox.store.one("SELECT s.uuid FROM visits v JOIN shops s ON s.id = v.shop_id WHERE v.uuid = ?", (created["uuid"],))
    assert kept["uuid"] == shop


def test_unknown_visit_is_1003_on_uuid(http):
    answer = http("GET", "visits/no-such-visit")
    assert answer.status_code == 400 and answer.json()["errors"] == {"uuid": ["The selected visit is invalid."]}


def test_bookings_answer_like_the_docs_example(http, anna):
    shop = http("GET", "shops").json()["data"][0]["uuid"]
    created = http("POST", "bookings", json={"shop_uuid": shop, "contact_uuid": anna["uuid"], "number_of_people": 3, "status": "created"}).json()["data"]
    assert set(created) == {"uuid", "contact", "external_id", "source", "starts_at", "ends_at", "created_at"}
    updated = http("PUT", f"bookings/{created['uuid']}", json={"checked_in_at": "2026-05-01T20:14:46+02:00"}).json()["data"]
    assert updated["checked_in_at"] == "2026-05-01T18:14:46+00:00"


# --- Faults ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["drop", "garbage"])
def test_a_lost_answer_comes_after_leat_acted(http, sandbox, how):
    email = f"lost.{secrets.token_hex(4)}@example.com"
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": how})
    http("GET", "shops")  # reads keep their answers
    try:
        answer = http("POST", "contacts", json={"email": email})
        assert answer.headers["Content-Type"] == "text/html"
    except requests.ConnectionError:
        assert how == "drop"
    assert http("GET", "contacts/find-one-by", params={"email": email}).status_code == 200
    assert sandbox.faults.lose_answer_next == 0
