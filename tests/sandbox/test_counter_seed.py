"""The counter's demo data leaves the rest of the seed as it was; rewards waiting
to be collected (collect, undo, expiry); creating a loyalty card; and the
sandbox's faults on the counter's routes as on every other."""

from __future__ import annotations

import hashlib
import secrets

import pytest
import requests

from leatadmin.sandbox import seed_counter
from leatadmin.sandbox.counter_db import COUNTER_TABLES
from leatadmin.sandbox.db import TABLES, Store
from leatadmin.sandbox.seed import seed

OAUTH = "/api/v3/oauth/clients/"


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + (path if path.startswith("/") else OAUTH + path), timeout=5, **kwargs)

    return call


def ok(answer) -> dict:
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def refused(answer, code: int) -> dict:
    body = answer.json()
    assert (answer.status_code, body.get("code")) == (400, code), answer.text
    return body.get("errors") or {}


def fingerprints(store: Store, tables) -> dict[str, str]:
    return {table: hashlib.sha256(repr([tuple(row) for row in store.all(f"SELECT * FROM {table} ORDER BY rowid")]).encode()).hexdigest() for table in tables}


# --- The seed -------------------------------------------------------------------------------


def test_the_counters_data_leaves_every_other_table_as_it_was(tmp_path, monkeypatch):
    with_counter = Store(tmp_path / "with.sqlite3")
    seed(with_counter)
    monkeypatch.setattr(seed_counter, "add_counter", lambda *args, **kwargs: {})
    without = Store(tmp_path / "without.sqlite3")
    seed(without)
    others = [table for table in TABLES if table not in COUNTER_TABLES]
    assert fingerprints(with_counter, others) == fingerprints(without, others)
    assert without.one("SELECT count(*) FROM vouchers")[0] == 0 and with_counter.one("SELECT count(*) FROM vouchers")[0] > 50


def test_the_counters_data_is_the_same_every_time(tmp_path):
    first, second = Store(tmp_path / "1.sqlite3"), Store(tmp_path / "2.sqlite3")
    seed(first)
    seed(second)
    same = [table for table in COUNTER_TABLES if table != "voucher_locks"]  # the lock is taken when seeding: it lasts an hour
    assert fingerprints(first, same) == fingerprints(second, same)
    assert first.all("SELECT release_key FROM voucher_locks") == second.all("SELECT release_key FROM voucher_locks")


def test_every_gift_card_balance_is_the_sum_of_its_transactions(sandbox):
    wrong = sandbox.store.all(
        "SELECT g.hash FROM giftcards g WHERE g.amount_cents != (SELECT coalesce(sum(amount_cents), 0) FROM giftcard_transactions t WHERE t.giftcard_id = g.id)"
        " OR g.amount_cents < 0"
    )
    assert wrong == []


# --- Rewards waiting to be collected ---------------------------------------------------------


@pytest.fixture
def claimed(http):
    """A fresh contact who claimed a free coffee (collect within 90 days): (contact, reward reception)."""
    contact = ok(http("POST", "contacts", json={"email": f"collect.{secrets.token_hex(5)}@example.com"}))["uuid"]
    shop = ok(http("GET", "shops"))[0]["uuid"]
    ok(http("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, "credits": 250}))
    coffee = next(r["uuid"] for r in ok(http("GET", "rewards")) if r["title"] == "Free coffee")
    return contact, ok(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": coffee, "shop_uuid": shop}))["uuid"]


def waiting(http, contact) -> list[dict]:
    return ok(http("GET", "collectable-rewards", params={"contact_uuid": contact}))


def test_anna_has_rewards_waiting_to_be_collected(http):
    anna = ok(http("GET", "contacts/find-one-by", params={"email": "anna.devries@example.com"}))
    rewards = waiting(http, anna["uuid"])
    assert rewards and all(not r["has_been_collected"] and r["reward"]["reward_type"] == "PHYSICAL" for r in rewards)
    assert {r["title"] for r in rewards} == {"Coffee beans 250 g"}  # never expire; her other uncollected ones have
    assert rewards[0]["contact"]["credit_balance"]["balance"] == ok(http("GET", f"contacts/{anna['uuid']}/credit-balance"))["balance"]


def test_a_reward_is_collected_once_and_the_collection_undone(http, claimed):
    contact, reception = claimed
    (listed,) = waiting(http, contact)
    assert listed["uuid"] == reception and listed["title"] == "Free coffee" and listed["expires_at"] and listed["contact"]["credit_balance"]["balance"] == 150
    collected = ok(http("PUT", f"collectable-rewards/collect/{reception}"))
    assert collected["has_been_collected"] and "credit_balance" not in collected["contact"]
    assert waiting(http, contact) == []
    assert "loyalty_transaction_uuid" in refused(http("PUT", f"collectable-rewards/collect/{reception}"), 1003)
    history = ok(http("GET", "loyalty-transactions", params={"contact_uuid": contact, "type": "reward_receptions"}))
    assert [t["has_been_collected"] for t in history] == [True]
    undone = ok(http("POST", f"collectable-rewards/{reception}/reverse"))
    assert undone["uuid"] == reception and undone["has_been_collected"] is True  # as captured: the reward as it was collected
    assert [r["uuid"] for r in waiting(http, contact)] == [reception]
    refused(http("POST", f"collectable-rewards/{reception}/reverse"), 1003)
    assert ok(http("GET", f"contacts/{contact}/credit-balance"))["balance"] == 150  # credits untouched


def test_an_expired_or_reversed_reward_cannot_be_collected(http, sandbox, claimed):
    contact, reception = claimed
    real = sandbox.store.clock
    sandbox.store.clock = lambda: real() + 91 * 86400
    try:
        assert waiting(http, contact) == []
        assert refused(http("PUT", f"collectable-rewards/collect/{reception}"), 80300) == {}
        assert http("PUT", f"collectable-rewards/collect/{reception}").json()["message"] == "Reward is expired."
    finally:
        sandbox.store.clock = real
    ok(http("POST", f"reward-receptions/{reception}/reverse"))
    assert waiting(http, contact) == []
    assert http("PUT", f"collectable-rewards/collect/{reception}").json()["message"] == "Reward not found."
    refused(http("PUT", "collectable-rewards/collect/no-such-transaction"), 80300)
    refused(http("POST", "collectable-rewards/no-such-transaction/reverse"), 80300)


def test_the_list_needs_a_known_contact(http):
    assert "contact_uuid" in refused(http("GET", "collectable-rewards"), 1003)
    refused(http("GET", "collectable-rewards", params={"contact_uuid": "nope"}), 55031)


# --- Creating a loyalty card -------------------------------------------------------------------


def test_a_card_is_created_linked_or_not(http):
    value = f"CARD-T{secrets.token_hex(4)}"
    assert ok(http("POST", "contact-identifiers", data={"contact_identifier_value": value})) == {"name": "Loyalty Card", "value": value, "active": True, "contact": None}
    contact = ok(http("POST", "contacts", json={"email": f"card.{secrets.token_hex(5)}@example.com"}))["uuid"]
    linked = ok(http("POST", "contact-identifiers", json={"contact_identifier_value": value + "B", "contact_uuid": contact, "contact_identifier_name": "Keyring"}))
    assert linked["name"] == "Keyring" and linked["contact"]["uuid"] == contact
    assert ok(http("GET", "contact-identifiers/find", params={"contact_identifier_value": value}))["value"] == value
    refused(http("POST", "contact-identifiers", json={"contact_identifier_value": value}), 60006)
    assert "contact_identifier_value" in refused(http("POST", "contact-identifiers", json={}), 1003)
    refused(http("POST", "contact-identifiers", json={"contact_identifier_value": value + "C", "contact_uuid": "nope"}), 55031)


# --- Faults ---------------------------------------------------------------------------------------


def test_faults_reach_the_counters_routes(http, sandbox):
    sandbox.faults.update({"path_status": {"vouchers": 503}})
    assert http("GET", "vouchers/find", params={"code": "VQ7HM2KXP"}).status_code == 503
    sandbox.faults.reset()
    sandbox.faults.update({"fail_next": 1, "fail_status": 500})
    assert http("GET", "giftcard-programs").status_code == 500
    assert http("GET", "giftcard-programs").status_code == 200
    sandbox.faults.update({"garbage_next": 1})
    assert http("GET", "collectable-rewards", params={"contact_uuid": "x"}).headers["Content-Type"] == "text/html"
    stats = http("GET", "/__sandbox/stats").json()["routes"]
    assert stats["GET vouchers/find"] >= 1 and stats["GET giftcard-programs"] == 2


def test_a_lost_redeem_answer_leaves_the_voucher_redeemed(http, sandbox):
    promotion = next(p["uuid"] for p in ok(http("GET", "promotions")) if p["name"] == "Goodwill: free pastry")
    voucher = ok(http("POST", "vouchers", json={"promotion_uuid": promotion}))
    shop = ok(http("GET", "shops"))[0]["uuid"]
    contact = ok(http("POST", "contacts", json={"email": f"lost.{secrets.token_hex(5)}@example.com"}))["uuid"]
    sandbox.faults.update({"drop_writes_next": 1})  # dropped before the sandbox acts
    with pytest.raises(requests.ConnectionError):
        http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "contact_uuid": contact})
    assert ok(http("GET", f"vouchers/{voucher['uuid']}"))["status"] == "ACTIVE"
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})  # acted, then the answer lost
    with pytest.raises(requests.ConnectionError):
        http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "contact_uuid": contact})
    assert ok(http("GET", f"vouchers/{voucher['uuid']}"))["status"] == "REDEEMED"


def test_a_lost_payment_answer_leaves_the_card_paid(http, sandbox):
    card = ok(http("POST", "giftcards", json={"type": 1}))
    shop = ok(http("GET", "shops"))[0]["uuid"]
    ok(http("POST", "giftcard-transactions", json={"giftcard_uuid": card["uuid"], "amount_in_cents": 2000, "shop_uuid": shop}))
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "garbage"})
    answer = http("POST", "giftcard-transactions", json={"giftcard_uuid": card["uuid"], "amount_in_cents": -1250, "shop_uuid": shop})
    assert answer.headers["Content-Type"] == "text/html"
    assert ok(http("GET", f"giftcards/{card['uuid']}"))["amount_in_cents"] == 750
