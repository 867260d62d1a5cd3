"""The sandbox's rules for customer-service corrections, over HTTP: credit and
reward receptions and their reversals, loyalty cards, subscriptions (with the
double opt-in mail) and prepaid money, each kept consistent with its balance."""

from __future__ import annotations

import secrets

import pytest
import requests

OAUTH = "/api/v3/oauth/clients/"


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + (path if path.startswith("/") else OAUTH + path), timeout=5, **kwargs)

    return call


@pytest.fixture
def contact(http):
    return http("POST", "contacts", json={"email": f"fix.{secrets.token_hex(5)}@example.com"}).json()["data"]["uuid"]


@pytest.fixture
def shop(http):
    return http("GET", "shops").json()["data"][0]["uuid"]


@pytest.fixture
def rewards(http):
    return {r["title"]: r for r in http("GET", "rewards").json()["data"]}


def ok(answer) -> dict:
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def refused(answer, code: int) -> dict:
    body = answer.json()
    assert (answer.status_code, body.get("code")) == (400, code), answer.text
    return body.get("errors") or {}


def give(http, contact, shop, **fields) -> dict:
    return ok(http("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, **fields}))


def balance(http, contact) -> int:
    return ok(http("GET", f"contacts/{contact}/credit-balance"))["balance"]


def transactions(http, contact) -> list[dict]:
    return ok(http("GET", "loyalty-transactions", params={"contact_uuid": contact, "limit": 100}))


# --- Credit receptions --------------------------------------------------------------


def test_credit_reception_fields_are_checked(http, contact, shop):
    errors = refused(http("POST", "credit-receptions", json={}), 1003)
    assert set(errors) == {"contact_uuid", "shop_uuid", "credits", "unit_value"}
    assert "required when unit value is not present" in errors["credits"][0]
    errors = refused(http("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, "credits": "1.5", "unit_value": "ten"}), 1003)
    assert errors == {"credits": ["The credits must be an integer."], "unit_value": ["The unit value must be a number."]}


def test_loyalty_rule_max_amount_and_calculation(http, contact, shop):
    assert ok(http("GET", "loyalty-program"))["max_amount"] == 50000
    assert give(http, contact, shop, unit_value="23.99")["credits"] == 47  # a credit per €0.50, rounded down
    assert give(http, contact, shop, credits=7, unit_value="100")["credits"] == 7  # credits override the rule
    refused(http("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, "unit_value": "25000.50"}), 1015)
    assert ok(http("GET", "credit-receptions/calculate", params={"shop_uuid": shop, "unit_value": "23.99", "contact_uuid": contact})) == {"credits": 47}
    assert set(refused(http("GET", "credit-receptions/calculate"), 1003)) == {"shop_uuid", "unit_value"}
    refused(http("GET", "credit-receptions/calculate", params={"shop_uuid": "nope", "unit_value": 1}), 1008)
    refused(http("GET", "credit-receptions/calculate", params={"shop_uuid": shop, "unit_value": 1, "contact_uuid": "nope"}), 55031)
    refused(http("GET", "credit-receptions/calculate", params={"shop_uuid": shop, "unit_value": 1, "unit_name": "calories"}), 60007)


def test_a_card_named_in_a_reception_is_kept(http, contact, shop):
    ok(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-200093", "contact_uuid": contact}))
    given = give(http, contact, shop, credits=5, contact_identifier_value="CARD-200093")
    assert given["contact_identifier"] == {"name": "Loyalty Card", "value": "CARD-200093", "active": True}
    errors = refused(http("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, "credits": 5, "contact_identifier_value": "CARD-300000"}), 1003)
    assert "another contact" in errors["contact_identifier_value"][0]


def test_reversal_is_a_new_opposite_transaction_and_the_list_shows_both(http, contact, shop):
    original = give(http, contact, shop, unit_value="12.50")
    answer = ok(http("POST", f"credit-receptions/{original['uuid']}/reverse"))
    assert (answer["uuid"], answer["credits"], answer["contact"]["credit_balance"]["balance"]) == (original["uuid"], 25, 0)
    items = transactions(http, contact)
    assert [(t["credits"], t["unit_value"]) for t in items] == [(-25, -12.5), (25, 12.5)]
    assert items[0]["shop"]["uuid"] == items[1]["shop"]["uuid"] == shop
    assert sum(t["credits"] for t in items) == balance(http, contact) == 0
    assert "already been reversed" in refused(http("POST", f"credit-receptions/{original['uuid']}/reverse"), 1003)["credit_reception_uuid"][0]
    assert "itself a reversal" in refused(http("POST", f"credit-receptions/{items[0]['uuid']}/reverse"), 1003)["credit_reception_uuid"][0]
    refused(http("POST", "credit-receptions/no-such-reception/reverse"), 1028)


def test_a_reversal_may_take_the_balance_below_zero(http, contact, shop, rewards):
    """Leat's pages list no refusal for it, so the sandbox books it."""
    given = give(http, contact, shop, credits=100)
    ok(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": rewards["Free coffee"]["uuid"], "shop_uuid": shop}))
    ok(http("POST", f"credit-receptions/{given['uuid']}/reverse"))
    assert balance(http, contact) == -100 == sum(t["credits"] for t in transactions(http, contact))


# --- Rewards and reward receptions --------------------------------------------------


def test_rewards_list_and_the_contacts_claimable_rewards(http, contact, shop, rewards):
    assert not rewards["Summer iced latte"]["is_active"] and rewards["Espresso machine"]["required_credits"] == 100_000
    claimable = {r["title"] for r in ok(http("GET", "rewards", params={"contact_uuid": contact}))}
    assert "Summer iced latte" not in claimable and {"Free coffee", "Birthday cake", "Espresso machine"} <= claimable
    give(http, contact, shop, credits=60)
    ok(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": rewards["Birthday cake"]["uuid"], "shop_uuid": shop}))
    assert "Birthday cake" not in {r["title"] for r in ok(http("GET", "rewards", params={"contact_uuid": contact}))}  # claim limit 1
    refused(http("GET", "rewards", params={"contact_uuid": "nope"}), 55031)
    refused(http("GET", "rewards", params={"shop_uuid": "nope"}), 1008)


def test_reward_reception_rules_in_leats_order(http, contact, shop, rewards):
    assert set(refused(http("POST", "reward-receptions", json={}), 1003)) == {"contact_uuid", "reward_uuid", "shop_uuid"}
    coffee = rewards["Free coffee"]["uuid"]
    refused(http("POST", "reward-receptions", json={"contact_uuid": "nope", "reward_uuid": coffee, "shop_uuid": shop}), 55031)
    refused(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": coffee, "shop_uuid": "nope"}), 1008)
    refused(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": "nope", "shop_uuid": shop}), 6003)
    refused(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": rewards["Summer iced latte"]["uuid"], "shop_uuid": shop}), 1052)
    assert refused(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": coffee, "shop_uuid": shop}), 1017) == {}
    assert transactions(http, contact) == []  # nothing booked by a refusal


def test_reward_reversal_gives_the_credits_back_once(http, contact, shop, rewards):
    give(http, contact, shop, credits=120)
    received = ok(http("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": rewards["Free coffee"]["uuid"], "shop_uuid": shop}))
    assert (received["credits"], received["contact"]["credit_balance"]["balance"]) == (-100, 20)
    answer = ok(http("POST", f"reward-receptions/{received['uuid']}/reverse"))
    assert (answer["uuid"], answer["type"], answer["contact"]["credit_balance"]["balance"]) == (received["uuid"], "reward_reception", 120)
    newest = transactions(http, contact)[0]
    assert (newest["type"], newest["credits"], newest["unit_value"]) == ("credit_reception", 100, None)
    refused(http("POST", f"reward-receptions/{received['uuid']}/reverse"), 1003)
    assert "reward_reception_uuid" in refused(http("POST", "reward-receptions/no-such-reception/reverse"), 1003)
    refused(http("POST", f"credit-receptions/{received['uuid']}/reverse"), 1028)  # not a credit reception


# --- Loyalty cards ------------------------------------------------------------------


def test_card_rules(http, contact):
    assert set(refused(http("GET", "contact-identifiers/find"), 1003)) == {"contact_identifier_value"}
    refused(http("GET", "contact-identifiers/find", params={"contact_identifier_value": "CARD-299999"}), 60004)
    assert ok(http("GET", "contact-identifiers/find", params={"contact_identifier_value": "CARD-200094"}))["contact"] is None
    assert set(refused(http("PUT", "contact-identifiers/link", json={}), 1003)) == {"contact_identifier_value", "contact_uuid"}
    refused(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "NOPE", "contact_uuid": contact}), 60003)
    refused(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-299999", "contact_uuid": contact}), 60004)
    refused(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-200094", "contact_uuid": "nope"}), 55031)
    ok(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-200094", "contact_uuid": contact}))
    refused(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-200094", "contact_uuid": contact}), 60014)
    assert [c["value"] for c in ok(http("GET", f"contacts/{contact}/contact-identifiers"))] == ["CARD-200094"]
    refused(http("GET", "contacts/nope/contact-identifiers"), 55031)


def test_card_update_rules(http):
    errors = refused(http("PUT", "contact-identifiers", json={"contact_identifier_value": "CARD-200095", "contact_identifier_name": " ", "contact_identifier_active": "maybe"}), 1003)
    assert set(errors) == {"contact_identifier_name", "contact_identifier_active"}
    refused(http("PUT", "contact-identifiers", json={"contact_identifier_value": "NOPE", "contact_identifier_name": "x"}), 60003)
    updated = ok(http("PUT", "contact-identifiers", data={"contact_identifier_value": "CARD-200095", "contact_identifier_active": "0"}))
    assert (updated["name"], updated["active"]) == ("Loyalty Card", False)  # form-encoded, as Leat accepts too
    assert ok(http("PUT", "contact-identifiers", json={"contact_identifier_value": "CARD-200095", "contact_identifier_active": True}))["active"] is True


# --- Subscriptions ------------------------------------------------------------------


def types_by(http) -> dict:
    return {t["name"]: t for t in ok(http("GET", "subscription-types"))}


def mails(http, contact) -> list[dict]:
    return http("GET", "/__sandbox/mails", params={"contact_uuid": contact}).json()["data"]


def test_double_opt_in_sends_a_mail_and_waits_for_confirmation(http, contact):
    marketing = types_by(http)["Marketing"]
    pending = ok(http("PUT", f"contact-subscriptions/{contact}/subscribe", json={"subscription_type_uuid": marketing["uuid"]}))
    assert (pending["status"], pending["is_subscribed"]) == ("PENDING_CONFIRMATION", False)
    (mail,) = mails(http, contact)
    assert (mail["kind"], mail["subscription_type_uuid"], mail["to"].startswith("fix.")) == ("double_opt_in_confirmation", marketing["uuid"], True)
    contact_subscriptions = {s["subscription_type"]["name"]: s["status"] for s in ok(http("GET", f"contacts/{contact}"))["subscriptions"]}
    assert contact_subscriptions["Marketing"] == "PENDING_CONFIRMATION"
    confirmed = http("POST", "/__sandbox/subscriptions/confirm", json={"contact_uuid": contact, "subscription_type_uuid": marketing["uuid"]}).json()["data"]
    assert (confirmed["status"], confirmed["is_subscribed"]) == ("SUBSCRIBED", True)
    again = ok(http("PUT", f"contact-subscriptions/{contact}/subscribe", json={"subscription_type_uuid": marketing["uuid"]}))
    assert again["status"] == "SUBSCRIBED" and len(mails(http, contact)) == 1  # no second mail
    assert ok(http("PUT", f"contact-subscriptions/{contact}/unsubscribe", json={"subscription_type_uuid": marketing["uuid"]}))["status"] == "UNSUBSCRIBED"


def test_opt_in_and_opt_out_need_no_mail(http, contact):
    types = types_by(http)
    listed = {s["subscription_type"]["name"]: s["status"] for s in ok(http("GET", f"contact-subscriptions/{contact}"))}
    assert (listed["Events"], listed["News"]) == ("UNSUBSCRIBED", "SUBSCRIBED")  # OPT_IN and OPT_OUT defaults
    assert ok(http("PUT", f"contact-subscriptions/{contact}/subscribe", json={"subscription_type_uuid": types["Events"]["uuid"]}))["status"] == "SUBSCRIBED"
    assert ok(http("PUT", f"contact-subscriptions/{contact}/unsubscribe", json={"subscription_type_uuid": types["News"]["uuid"]}))["status"] == "UNSUBSCRIBED"
    assert mails(http, contact) == []


def test_subscription_rules(http, contact):
    types = types_by(http)
    assert [name for name, t in types.items() if t["uuid"] is None] == ["Newsletter (2019)"]
    assert set(refused(http("PUT", f"contact-subscriptions/{contact}/subscribe", json={}), 1003)) == {"subscription_type_uuid"}
    refused(http("PUT", f"contact-subscriptions/{contact}/subscribe", json={"subscription_type_uuid": "nope"}), 55030)
    refused(http("PUT", "contact-subscriptions/nope/unsubscribe", json={"subscription_type_uuid": types["Events"]["uuid"]}), 55031)
    refused(http("GET", "contact-subscriptions/nope"), 55031)


# --- Prepaid ------------------------------------------------------------------------


def test_every_seeded_prepaid_balance_is_the_sum_of_its_transactions(sandbox):
    rows = sandbox.store.all(
        "SELECT c.email, c.prepaid_cents, (SELECT coalesce(sum(amount_cents), 0) FROM prepaid_transactions p WHERE p.contact_id = c.id) AS total,"
        " (SELECT balance_after_cents FROM prepaid_transactions p WHERE p.contact_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) AS last"
        " FROM contacts c WHERE c.email NOT LIKE 'fix.%'"
    )
    assert [row["email"] for row in rows if row["prepaid_cents"] != row["total"]] == []
    assert all(row["last"] == row["prepaid_cents"] for row in rows if row["total"])
    assert sum(1 for row in rows if row["total"]) > 50


def test_prepaid_list_is_paged_like_laravel(http, sandbox):
    body = http("GET", "prepaid-transactions", params={"limit": 5, "page": 2}).json()
    assert set(body["meta"]) == {"current_page", "from", "last_page", "per_page", "total"}
    assert (body["meta"]["current_page"], body["meta"]["per_page"], body["meta"]["from"], len(body["data"])) == (2, 5, 6, 5)
    assert "limit" in refused(http("GET", "prepaid-transactions", params={"limit": 31}), 1003)
    refused(http("GET", "prepaid-transactions", params={"contact_uuid": "nope"}), 55031)
    refused(http("GET", "prepaid-transactions", params={"shop_uuid": "nope"}), 1008)


def test_prepaid_rules(http, contact, shop):
    errors = refused(http("POST", "prepaid-transactions", json={}), 1003)
    assert set(errors) == {"amount_in_cents", "shop_uuid", "contact_uuid"}
    assert "must not be 0" in refused(http("POST", "prepaid-transactions", json={"contact_uuid": contact, "shop_uuid": shop, "amount_in_cents": 0}), 1003)["amount_in_cents"][0]
    assert "integer" in refused(http("POST", "prepaid-transactions", json={"contact_uuid": contact, "shop_uuid": shop, "amount_in_cents": 12.5}), 1003)["amount_in_cents"][0]
    assert "not sufficient" in refused(http("POST", "prepaid-transactions", json={"contact_uuid": contact, "shop_uuid": shop, "amount_in_cents": -1}), 1003)["amount_in_cents"][0]
    refused(http("POST", "prepaid-transactions", json={"contact_identifier_value": "NOPE", "shop_uuid": shop, "amount_in_cents": 100}), 60003)
    refused(http("POST", "prepaid-transactions", json={"contact_identifier_value": "CARD-299999", "shop_uuid": shop, "amount_in_cents": 100}), 60004)
    refused(http("POST", "prepaid-transactions", json={"contact_identifier_value": "CARD-200096", "shop_uuid": shop, "amount_in_cents": 100}), 60011)


def test_prepaid_by_card_and_reversals(http, contact, shop):
    ok(http("PUT", "contact-identifiers/link", json={"contact_identifier_value": "CARD-200096", "contact_uuid": contact}))
    top_up = ok(http("POST", "prepaid-transactions", json={"contact_identifier_value": "CARD-200096", "shop_uuid": shop, "amount_in_cents": 1000}))
    assert top_up["contact_identifier"]["value"] == "CARD-200096" and "contact" not in top_up
    spend = ok(http("POST", "prepaid-transactions", json={"contact_uuid": contact, "shop_uuid": shop, "amount_in_cents": -600}))
    assert spend["prepaid_balance"] == {"balance_in_cents": 400, "balance": "€4.00"}
    # Reversing the top-up would take the balance below zero.
    assert "not sufficient" in refused(http("POST", f"prepaid-transactions/{top_up['uuid']}/reverse"), 1003)["prepaid_transaction_uuid"][0]
    reversal = ok(http("POST", f"prepaid-transactions/{spend['uuid']}/reverse"))
    assert (reversal["amount_in_cents"], reversal["prepaid_balance"]["balance_in_cents"]) == (600, 1000)
    refused(http("POST", f"prepaid-transactions/{spend['uuid']}/reverse"), 1003)
    refused(http("POST", f"prepaid-transactions/{reversal['uuid']}/reverse"), 1003)
    refused(http("POST", "prepaid-transactions/nope/reverse"), 1003)
    listed = ok(http("GET", "prepaid-transactions", params={"contact_uuid": contact}))
    assert [t["prepaid_balance"]["balance_in_cents"] for t in listed] == [1000, 400, 1000]
    assert ok(http("GET", f"contacts/{contact}/prepaid-balance"))["balance_in_cents"] == 1000 == ok(http("GET", f"contacts/{contact}"))["prepaid_balance"]["balance_in_cents"]


def test_new_routes_answer_under_the_register_prefix_too(http):
    assert http("GET", "/api/v3/register/loyalty-program").json()["data"]["custom_credit_name"] == "Beans"
