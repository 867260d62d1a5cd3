"""The sandbox's gift card rules, over HTTP, as Leat's gift card pages give
them: programs with a maximum, cards found by their hash, paying (negative
cents) and topping up (positive) never below zero nor above the program's
maximum, only the last transaction corrected (55025), the list of
transactions as captured (`uuid: null` for old ones), and sending a card by
email."""

from __future__ import annotations

import secrets

import pytest
import requests

OAUTH = "/api/v3/oauth/clients/"
DEMO_CARD = "6036821000001234"  # physical, €37.50 (docs/sandbox.md)


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + OAUTH + path, timeout=5, **kwargs)

    return call


def ok(answer) -> dict:
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def refused(answer, code: int) -> dict:
    body = answer.json()
    assert (answer.status_code, body.get("code")) == (400, code), answer.text
    return body.get("errors") or {}


@pytest.fixture
def shop(http):
    return ok(http("GET", "shops"))[0]["uuid"]


@pytest.fixture
def programs(http):
    return {p["name"]: p for p in ok(http("GET", "giftcard-programs"))}


@pytest.fixture
def card(http):
    """A new digital card of the first program (maximum €150.00)."""
    return ok(http("POST", "giftcards", json={"type": 1}))


def book(http, card, cents, shop):
    return http("POST", "giftcard-transactions", json={"giftcard_uuid": card["uuid"], "amount_in_cents": cents, "shop_uuid": shop})


def balance(http, card) -> int:
    return ok(http("GET", f"giftcards/{card['uuid']}"))["amount_in_cents"]


def by_hash(http, number):
    return ok(http("GET", "giftcards/find-one-by", params={"hash": number}))


# --- Programs and cards -------------------------------------------------------------------


def test_programs_have_a_name_and_a_maximum(http, programs):
    gift = programs["Leat Coffee gift card"]
    assert gift["max_amount_in_cents"] == 15000 and gift["active"] and gift["expiration_days"] == 730 and gift["card_count"] >= 10
    assert programs["Leat Coffee e-gift card"]["max_amount_in_cents"] == 25000
    assert not programs["Christmas 2024"]["active"] and programs["Christmas 2024"]["max_amount_in_cents"] is None


def test_a_card_is_found_by_its_hash_as_stored(http):
    found = by_hash(http, DEMO_CARD)
    assert (found["type"], found["amount_in_cents"], found["display_amount"], found["amount"]) == ("PHYSICAL", 3750, "€37.50", 37.5)
    assert found["formatted_expiration_date"] == "2028-09-12" and found["giftcard_program"]["name"] == "Leat Coffee gift card"
    assert ok(http("GET", f"giftcards/{found['uuid']}")) == found
    refused(http("GET", "giftcards/find-one-by", params={"hash": "6036 8210 0000 1234"}), 5001)  # the app normalises what staff type
    assert "hash" in refused(http("GET", "giftcards/find-one-by"), 1003)
    refused(http("GET", "giftcards/no-such-card"), 5001)


def test_the_list_of_cards_pages_and_filters_by_program(http, programs):
    listed = http("GET", "giftcards", params={"limit": 5, "page": 2}).json()
    assert listed["meta"]["page"] == 2 and listed["meta"]["per_page"] == 5 and listed["meta"]["total"] >= 22 and len(listed["data"]) == 5
    digital = http("GET", "giftcards", params={"giftcard_program_uuid": programs["Leat Coffee e-gift card"]["uuid"]}).json()["data"]
    assert {c["hash"] for c in digital} >= {"41010", "41011"} and {c["giftcard_program"]["name"] for c in digital} == {"Leat Coffee e-gift card"}
    refused(http("GET", "giftcards", params={"giftcard_program_uuid": "nope"}), 1100)
    refused(http("GET", "giftcards", params={"limit": 101}), 1003)


def test_only_digital_cards_are_made(http, programs, card):
    assert card["type"] == "DIGITAL" and card["hash"] == str(card["id"]) and card["amount_in_cents"] == 0 and card["upgradeable"]
    assert card["giftcard_program"]["name"] == "Leat Coffee gift card" and card["giftcard_recipients"] == []
    made = ok(http("POST", "giftcards", json={"type": "1", "giftcard_program_uuid": programs["Leat Coffee e-gift card"]["uuid"]}))
    assert made["giftcard_program"]["max_amount_in_cents"] == 25000
    refused(http("POST", "giftcards", json={"type": 0}), 55021)
    assert "type" in refused(http("POST", "giftcards", json={}), 1003)
    refused(http("POST", "giftcards", json={"type": 1, "giftcard_program_uuid": "nope"}), 1100)
    refused(http("POST", "giftcards", json={"type": 1, "giftcard_program_uuid": programs["Christmas 2024"]["uuid"]}), 1003)


# --- Paying and topping up ------------------------------------------------------------------


def test_paying_and_topping_up_keep_the_balance(http, card, shop):
    topped = ok(book(http, card, 2500, shop))
    assert topped["amount_in_cents"] == 2500 and topped["card"] == {"id": card["id"], "uuid": card["uuid"]} and topped["type"] == "STANDARD"
    paid = ok(book(http, card, -1250, shop))
    assert paid["uuid"] and paid["shop"]["uuid"] == shop and balance(http, card) == 1250
    assert ok(http("GET", f"giftcard-transactions/{paid['uuid']}")) == paid


def test_a_card_never_goes_below_zero_nor_above_its_programs_maximum(http, card, shop):
    ok(book(http, card, 1000, shop))
    refused(book(http, card, -1001, shop), 5003)
    refused(book(http, card, 14001, shop), 5008)  # €150.00 at most
    ok(book(http, card, 14000, shop))
    refused(book(http, card, 1, shop), 5008)
    ok(book(http, card, -15000, shop))
    assert balance(http, card) == 0


def test_a_transaction_needs_its_fields_a_card_and_a_shop(http, card, shop):
    assert set(refused(http("POST", "giftcard-transactions", json={}), 1003)) == {"giftcard_uuid", "amount_in_cents", "shop_uuid"}
    assert "amount_in_cents" in refused(book(http, card, 0, shop), 1003)
    assert "amount_in_cents" in refused(book(http, card, "12,50", shop), 1003)  # cents, whole
    refused(book(http, {"uuid": "nope"}, 100, shop), 5001)
    refused(book(http, card, 100, "nope"), 1008)
    assert balance(http, card) == 0


@pytest.mark.parametrize(("number", "cents", "code"), [
    ("6036821000009012", -100, 5002),  # expired
    ("6036821000003456", 1000, 1010),  # never activated
    ("6036821000007890", 1001, 5008),  # €140.00 of €150.00
    ("41010", 500, 5006),  # not upgradeable once loaded
    ("6036821000002468", 500, 5006),
])
def test_seeded_cards_refuse_what_leat_refuses(http, shop, number, cents, code):
    found = by_hash(http, number)
    refused(book(http, found, cents, shop), code)
    assert by_hash(http, number)["amount_in_cents"] == found["amount_in_cents"]


# --- Correcting -------------------------------------------------------------------------------


def test_only_the_last_transaction_is_corrected(http, card, shop):
    first = ok(book(http, card, 2000, shop))
    last = ok(book(http, card, -500, shop))
    refused(http("POST", f"giftcard-transactions/{first['uuid']}/correct"), 55025)
    correction = ok(http("POST", f"giftcard-transactions/{last['uuid']}/correct"))
    assert correction["amount_in_cents"] == 500 and correction["uuid"] != last["uuid"] and correction["shop"] == last["shop"]
    assert balance(http, card) == 2000
    refused(http("POST", f"giftcard-transactions/{last['uuid']}/correct"), 55025)  # twice: no longer the last
    refused(http("POST", "giftcard-transactions/no-such-transaction/correct"), 5010)
    refused(http("GET", "giftcard-transactions/no-such-transaction"), 5010)


# --- The list of transactions ----------------------------------------------------------------


def test_transactions_are_listed_per_card_oldest_first_as_captured(http):
    listed = http("GET", "giftcard-transactions", params={"giftcard_hash": DEMO_CARD}).json()
    assert [t["amount_in_cents"] for t in listed["data"]][:2] == [5000, -1250]
    assert set(listed["meta"]) == {"page", "limit", "viewing_from", "viewing_to", "last_page", "total"} and listed["meta"]["limit"] == 10
    newest = http("GET", "giftcard-transactions", params={"giftcard_hash": DEMO_CARD, "sort": "-created_at", "perPage": 1}).json()
    assert newest["meta"]["limit"] == 1 and newest["data"][0]["created_at"] >= listed["data"][-1]["created_at"]


def test_old_transactions_have_no_uuid_but_an_id(http):
    old = http("GET", "giftcard-transactions", params={"giftcard_hash": "1000042"}).json()["data"]
    assert [t["uuid"] for t in old] == [None, None, None] and len({t["id"] for t in old}) == 3
    assert sum(t["amount_in_cents"] for t in old) == by_hash(http, "1000042")["amount_in_cents"] == 1200


def test_only_the_documented_list_parameters_are_read(http, card, shop):
    everything = http("GET", "giftcard-transactions").json()["meta"]["total"]
    assert http("GET", "giftcard-transactions", params={"giftcard_uuid": card["uuid"]}).json()["meta"]["total"] == everything  # not a filter Leat lists
    assert http("GET", "giftcard-transactions", params={"limit": 50}).json()["meta"]["limit"] == 10  # `perPage` is
    refused(http("GET", "giftcard-transactions", params={"perPage": 101}), 1003)
    refused(http("GET", "giftcard-transactions", params={"giftcard_hash": "no-such-card"}), 5001)
    refused(http("GET", "giftcard-transactions", params={"sort": "amount"}), 1003)


# --- Sending by email ------------------------------------------------------------------------


def test_a_card_is_sent_by_email_to_a_contact(http, sandbox, card):
    contact = ok(http("POST", "contacts", json={"email": f"gift.{secrets.token_hex(5)}@example.com"}))["uuid"]
    answer = http("POST", f"giftcards/{card['uuid']}/send-by-email", json={"contact_uuid": contact}).json()
    assert answer == {"data": {"message": "success", "data": "Email successfully sent"}, "meta": {}}
    mails = requests.get(sandbox.url + "/__sandbox/mails", params={"contact_uuid": contact}, headers={"Authorization": f"Bearer {sandbox.api_key}"}, timeout=5).json()["data"]
    assert [mail["kind"] for mail in mails] == ["giftcard"]
    assert "contact_uuid" in refused(http("POST", f"giftcards/{card['uuid']}/send-by-email", json={}), 1003)
    refused(http("POST", f"giftcards/{card['uuid']}/send-by-email", json={"contact_uuid": "nope"}), 55031)
    refused(http("POST", "giftcards/no-such-card/send-by-email", json={"contact_uuid": contact}), 5001)
