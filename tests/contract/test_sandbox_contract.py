"""The sandbox answers every route leatadmin calls with Leat's shapes.

For each route in `ROUTES` the sandbox is called over HTTP with seeded
identifiers and its answer is compared, structurally and recursively, with
Leat's example (see `shapes.py` for the rules): captured from a running Leat
in `leat-openapi.yaml` where there is one, else the docs page's example.
A route the client calls (`leatadmin/leat/*.py`) that is missing from
`ROUTES` fails the test, so a new call cannot go unchecked.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.reference import captured, documented, needs_reference

from . import counter_cases
from .shapes import Rules, json_type, shape_differences

OAUTH = "/api/v3/oauth/clients/"
CLIENT_SOURCES = Path(__file__).resolve().parents[2] / "leatadmin" / "leat"
CLIENT_CALL = re.compile(r"""\.(?:data|request)\(\s*"(GET|POST|PUT|PATCH|DELETE)",\s*f?"([^"]+)\"""")
VISITS_PAGE = "oauth-bookings-visits-visits.mdx"
BOOKINGS_PAGE = "oauth-bookings-visits-bookings.mdx"
PREPAID_PAGE = "oauth-giftcard-prepaid-prepaid-transactions.mdx"
#: An unlinked seeded card kept for the link case (the rule tests use CARD-200090..96).
CONTRACT_CARD = "CARD-200097"
WEBHOOKS_PAGE = "oauth-webhooks-webhooks.mdx"

# --- Allowlists: where Leat's example is account-specific --------------------------

#: Custom contact attributes of the account the examples were captured from; they
#: appear in its `current_values` and `current_display_values` but are no part of
#: Leat itself, so the sandbox (another account) does not have them.
CAPTURED_ACCOUNT_CONTACT_ATTRIBUTES = frozenset(
    {"dier", "datummm", "just-a-date", "someattribute", "gaat-zo-weer-weg", "hasredeemedavoucher", "some_random_attribute92w29992393"}
)
#: Custom reward attributes of the captured account, flattened into its `reward`
#: object in `POST reward-receptions`.
CAPTURED_ACCOUNT_REWARD_ATTRIBUTES = frozenset({"eennaam", "middle_name", "middle_name1223434", "asdfjkl", "something"})
#: Custom credit-reception attributes of the captured account, flattened into
#: its credit receptions (all null there).
CAPTURED_ACCOUNT_CREDIT_RECEPTION_ATTRIBUTES = frozenset({"someAttribute", "someAttribute2", "someAttribute21123"})
#: One key per subscription type, named by the type's id: the ids are the
#: account's, so these keys are compared by pattern, not by name.
PER_SUBSCRIPTION_TYPE_KEYS = (re.compile(r"subscription_status_\d+"), re.compile(r"double_opt_in_confirmation_url_\d+"))

#: Where Leat sends null although the example shows a value.
NULLABLE = frozenset(
    {
        "data.tier",  # a contact without a tier (the captured claim answer has `tier: null`)
        "data.subscriptions[].subscription_type.uuid",  # captured null for most types
        # Attribute values are null while unset (the same capture has city, locale, ... null).
        *(f"data.current_values.{name}" for name in ("avatar", "firstname", "lastname", "address", "phonenumber", "tier")),
        "data.current_values.default_contact_identifier",  # a contact without a loyalty card
        "data.current_values.loyalty_associated_shops",  # no transactions yet
        "data.current_values.loyalty_first_transaction_date",
        "data.current_values.loyalty_last_transaction_date",
        "data[].expires_at",  # a reward reception of a reward that never expires
        "data[].reward.expiration_duration",
        "data[].reward.media",  # a reward without a picture
        "data.contact",  # a visit or booking whose contact was deleted
        "data[].contact",
        "data.contact_identifier",  # a prepaid transaction made without a card
        "data[].contact_identifier",
        "data.expires_at",  # a reward reception of a reward that never expires
        "data.reward.expiration_duration",
        "data.reward.media",  # a reward without a picture
        "data[].media",
        # Optional fields of visits and bookings (docs: all optional on create).
        *(f"data.{name}" for name in ("external_id", "source", "starts_at", "ends_at")),
        *(f"data[].{name}" for name in ("external_id", "source", "starts_at", "ends_at")),
    }
)


class Sandbox:
    """HTTP calls to the sandbox, with the seeded identifiers the cases need."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {key}", "Accept": "application/json"})

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.session.request(method, self.url + OAUTH + path, timeout=10, **kwargs)
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.status_code} {answer.text[:500]}"
        return answer.json()

    def anna(self) -> str:
        return self.call("GET", "contacts/find-one-by", params={"email": "anna.devries@example.com"})["data"]["uuid"]

    def new_contact(self) -> str:
        return self.call("POST", "contacts", json={"email": new_email()})["data"]["uuid"]

    def shop(self) -> str:
        return self.call("GET", "shops")["data"][0]["uuid"]

    def visit(self) -> str:
        return self.call("GET", "visits", params={"limit": 1})["data"][0]["uuid"]

    def custom_attributes(self) -> dict[str, str]:
        """The sandbox account's own custom attributes: name -> type."""
        return {a["name"]: a["type"] for a in self.call("GET", "contact-attributes")["data"] if not a["is_piggy_defined"]}


def new_email() -> str:
    return f"contract.{secrets.token_hex(5)}@example.com"


def contact_rules(sandbox: Sandbox) -> Rules:
    """A full contact: the captured account's custom attributes are not expected;
    the sandbox's own custom attributes may appear instead, typed by definition."""
    custom = sandbox.custom_attributes()
    typed = {"boolean": "boolean", "number": "number", "float": "number"}

    def custom_value(key: str, value: Any) -> str | None:
        if key not in custom:
            return "neither in Leat's example nor a custom attribute of the sandbox"
        expected = typed.get(custom[key], "string")
        return None if value is None or json_type(value) == expected else f"custom attribute {key} is {json_type(value)}, not {expected}"

    def custom_display(key: str, value: Any) -> str | None:
        if key not in custom:
            return "neither in Leat's example nor a custom attribute of the sandbox"
        return None if isinstance(value, str) else f"display value of {key} is {json_type(value)}, not string"

    return Rules(
        nullable=NULLABLE,
        ignored_example_keys={
            "data.current_values": CAPTURED_ACCOUNT_CONTACT_ATTRIBUTES,
            "data.current_display_values": CAPTURED_ACCOUNT_CONTACT_ATTRIBUTES,
        },
        extra_keys={"data.current_values": custom_value, "data.current_display_values": custom_display},
        key_patterns=PER_SUBSCRIPTION_TYPE_KEYS,
    )


def transaction_examples() -> list[Any]:
    """The captured list, plus the captured reward reception as an item of it
    (the list capture has credit receptions only)."""
    listed = captured("GET", "loyalty-transactions")[0]
    reward = captured("POST", "reward-receptions")[0]["data"]
    return [{"data": [*listed["data"], reward], "meta": listed["meta"]}]


def _rich_contact(sandbox: Sandbox, credits: int = 500) -> str:
    """A fresh contact with credits to spend (anna's history stays as seeded)."""
    contact = sandbox.new_contact()
    sandbox.call("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": sandbox.shop(), "credits": credits})
    return contact


def _credit_reception(sandbox: Sandbox) -> Any:
    return sandbox.call("POST", "credit-receptions", json={"contact_uuid": sandbox.new_contact(), "shop_uuid": sandbox.shop(), "unit_value": 12.5})


def _reward_reception(sandbox: Sandbox) -> Any:
    reward = next(r for r in sandbox.call("GET", "rewards")["data"] if r["title"] == "Free coffee")
    return sandbox.call("POST", "reward-receptions", json={"contact_uuid": _rich_contact(sandbox), "reward_uuid": reward["uuid"], "shop_uuid": sandbox.shop()})


def _prepaid(sandbox: Sandbox) -> Any:
    return sandbox.call("POST", "prepaid-transactions", json={"contact_uuid": sandbox.new_contact(), "shop_uuid": sandbox.shop(), "amount_in_cents": 2500})


def _subscription_type(sandbox: Sandbox) -> str:
    return next(t["uuid"] for t in sandbox.call("GET", "subscription-types")["data"] if t["strategy"] == "DOUBLE_OPT_IN" and t["uuid"])


def credit_reception_rules(sandbox: Sandbox) -> Rules:
    return Rules(nullable=NULLABLE, ignored_example_keys={"data": CAPTURED_ACCOUNT_CREDIT_RECEPTION_ATTRIBUTES})


def reward_reception_rules(sandbox: Sandbox) -> Rules:
    return Rules(nullable=NULLABLE, ignored_example_keys={"data.reward": CAPTURED_ACCOUNT_REWARD_ATTRIBUTES})


def identifier_rules(sandbox: Sandbox) -> Rules:
    """The captured link answer's contact is `{uuid}` only; Leat's page shows
    `{uuid, email}` for every identifier answer, which the sandbox sends."""
    return Rules(
        nullable=NULLABLE,
        extra_keys={"data.contact": lambda key, value: None if key == "email" and isinstance(value, str) else "only the email is expected beside the uuid"},
    )


def contact_identifiers_examples() -> list[Any]:
    """Anomaly of the collection: the captured `GET contacts/{uuid}/contact-identifiers`
    example is a copy of the tier answer. A contact's cards are a list of the
    identifier shape of the neighbouring captures (`contact-identifiers/find`)."""
    (anomaly,) = captured("GET", "contacts/{id}/contact-identifiers")
    assert "position" in anomaly["data"], "the capture was fixed: compare with it instead"
    card = captured("GET", "contact-identifiers/find")[0]["data"]
    return [{"data": [card], "meta": []}]


def prepaid_list_examples() -> list[Any]:
    """Anomaly: the captured `GET prepaid-transactions` example is a copy of the
    create answer (one object, `meta: []`). Leat's page (whose JSON does not
    parse) shows a list of those with each item's `contact` and Laravel's
    `meta` keys, which this rebuilds from the captured item."""
    item = captured("POST", "prepaid-transactions")[0]["data"]
    contact = {"uuid": "12345-abcdef-poiuy-0876", "email": "spongebob@bikinibottom.sea"}
    meta = {"current_page": 1, "from": 1, "last_page": 1, "per_page": 3, "total": 3}
    return [{"data": [{**item, "contact": contact}], "meta": meta}]


@dataclass(frozen=True)
class Case:
    answer: Callable[[Sandbox], Any]  # the sandbox's answer, from real seeded data
    examples: Callable[[], list[Any]]  # Leat's example(s) of it
    rules: Callable[[Sandbox], Rules] = lambda sandbox: Rules(nullable=NULLABLE)


def _contact_case(answer: Callable[[Sandbox], Any], method: str, path: str) -> Case:
    return Case(answer, lambda: captured(method, path), contact_rules)


def _claimed(sandbox: Sandbox) -> Any:
    anonymous = sandbox.call("POST", "contacts/anonymous", json={})["data"]["uuid"]
    return sandbox.call("PUT", f"contacts/{anonymous}/claim", json={"email": new_email()})


def _new_visit(sandbox: Sandbox) -> Any:
    return sandbox.call("POST", "visits", json={
        "shop_uuid": sandbox.shop(), "contact_uuid": sandbox.anna(), "external_id": f"C-{secrets.token_hex(4)}",
        "source": "Kiosk", "starts_at": "2026-05-01T20:00:00+02:00", "ends_at": "2026-05-01T22:30:00+02:00",
    })


def _new_booking(sandbox: Sandbox) -> Any:
    return sandbox.call("POST", "bookings", json={
        "shop_uuid": sandbox.shop(), "contact_uuid": sandbox.anna(), "external_id": f"B-{secrets.token_hex(4)}", "source": "Website",
        "starts_at": "2026-05-01T20:00:00+00:00", "ends_at": "2026-05-01T22:30:00+00:00", "number_of_people": 4,
    })


def list_rules(sandbox: Sandbox) -> Rules:
    """A list of full contacts: each item follows the rules of one contact."""
    one = contact_rules(sandbox)

    def listed(path: str) -> str:
        return path.replace("data.", "data[].", 1)

    return Rules(
        nullable=frozenset(listed(path) for path in one.nullable) | one.nullable,
        ignored_example_keys={listed(path): keys for path, keys in one.ignored_example_keys.items()},
        extra_keys={listed(path): check for path, check in one.extra_keys.items()},
        key_patterns=one.key_patterns,
    )


def _new_webhook(sandbox: Sandbox) -> Any:
    made = sandbox.call("POST", "webhook-subscriptions", json={"name": "Contract", "event_type": "contact_created", "url": "http://127.0.0.1:9/hook", "secret": "s"})
    sandbox.session.delete(sandbox.url + OAUTH + f"webhook-subscriptions/{made['data']['uuid']}", timeout=10)
    return made


def _webhook_list(sandbox: Sandbox) -> Any:
    made = sandbox.call("POST", "webhook-subscriptions", json={"name": "Contract", "event_type": "contact_updated", "url": "http://127.0.0.1:9/hook", "secret": "s"})
    try:
        return sandbox.call("GET", "webhook-subscriptions")
    finally:
        sandbox.session.delete(sandbox.url + OAUTH + f"webhook-subscriptions/{made['data']['uuid']}", timeout=10)


#: Every route leatadmin calls (and `GET contact-attributes`), with how to get
#: the sandbox's answer and which of Leat's examples it must match.
ROUTES: dict[tuple[str, str], Case] = {
    ("GET", "contacts/{id}"): _contact_case(lambda s: s.call("GET", f"contacts/{s.anna()}"), "GET", "contacts/{id}"),
    ("GET", "contacts/find-one-by"): _contact_case(
        lambda s: s.call("GET", "contacts/find-one-by", params={"email": "anna.devries@example.com"}), "GET", "contacts/find-one-by"
    ),
    ("GET", "contacts/find-or-create"): _contact_case(
        lambda s: s.call("GET", "contacts/find-or-create", params={"email": new_email()}), "GET", "contacts/find-or-create"
    ),
    ("GET", "contacts/find-or-create/async"): Case(
        lambda s: s.call("GET", "contacts/find-or-create/async", params={"email": new_email()}),
        lambda: captured("GET", "contacts/find-or-create/async"),
    ),
    ("POST", "contacts"): Case(lambda s: s.call("POST", "contacts", json={"email": new_email()}), lambda: captured("POST", "contacts")),
    # No capture of its own: Leat documents it as `POST contacts`, queued.
    ("POST", "contacts/async"): Case(lambda s: s.call("POST", "contacts/async", json={"email": new_email()}), lambda: captured("POST", "contacts")),
    ("POST", "contacts/anonymous"): Case(lambda s: s.call("POST", "contacts/anonymous", json={}), lambda: captured("POST", "contacts/anonymous")),
    ("PUT", "contacts/{id}/claim"): _contact_case(_claimed, "PUT", "contacts/{id}/claim"),
    ("PUT", "contacts/{id}"): _contact_case(
        lambda s: s.call("PUT", f"contacts/{s.new_contact()}", json={"attributes": {"firstname": "Contract", "vip": True, "visits_per_month": 3}}),
        "PUT", "contacts/{id}",
    ),
    ("POST", "contacts/{id}/delete"): Case(
        lambda s: s.call("POST", f"contacts/{s.new_contact()}/delete", json={"type": "DEFAULT"}), lambda: captured("POST", "contacts/{id}/delete")
    ),
    ("GET", "contacts/{id}/credit-balance"): Case(
        lambda s: s.call("GET", f"contacts/{s.anna()}/credit-balance"), lambda: captured("GET", "contacts/{id}/credit-balance")
    ),
    ("GET", "contacts/{id}/prepaid-balance"): Case(
        lambda s: s.call("GET", f"contacts/{s.anna()}/prepaid-balance"), lambda: captured("GET", "contacts/{id}/prepaid-balance")
    ),
    ("GET", "loyalty-transactions"): Case(
        lambda s: s.call("GET", "loyalty-transactions", params={"contact_uuid": s.anna(), "limit": 100}),
        transaction_examples,
        lambda s: Rules(
            nullable=NULLABLE,
            discriminator={"data": "type"},
            ignored_example_keys={"data[].reward": CAPTURED_ACCOUNT_REWARD_ATTRIBUTES},
        ),
    ),
    ("GET", "visits"): Case(lambda s: s.call("GET", "visits", params={"limit": 50}), lambda: [documented(VISITS_PAGE, "List Visit")]),
    ("GET", "visits/{id}"): Case(lambda s: s.call("GET", f"visits/{s.visit()}"), lambda: [documented(VISITS_PAGE, "Show Visit")]),
    ("POST", "visits"): Case(_new_visit, lambda: [documented(VISITS_PAGE, "Create Visit")]),
    ("PUT", "visits/{id}"): Case(
        lambda s: s.call("PUT", f"visits/{_new_visit(s)['data']['uuid']}", json={"source": "App"}), lambda: [documented(VISITS_PAGE, "Update Visit")]
    ),
    ("POST", "bookings"): Case(_new_booking, lambda: [documented(BOOKINGS_PAGE, "Create Booking")]),
    ("PUT", "bookings/{id}"): Case(
        lambda s: s.call("PUT", f"bookings/{_new_booking(s)['data']['uuid']}", json={"checked_in_at": "2026-05-01T20:14:46+00:00", "status": "in progress"}),
        lambda: [documented(BOOKINGS_PAGE, "Update Booking")],
    ),
    ("GET", "shops"): Case(lambda s: s.call("GET", "shops"), lambda: captured("GET", "shops")),
    ("GET", "shops/{id}"): Case(lambda s: s.call("GET", f"shops/{s.shop()}"), lambda: captured("GET", "shops/{id}")),
    ("GET", "contact-attributes"): Case(lambda s: s.call("GET", "contact-attributes"), lambda: captured("GET", "contact-attributes")),
    # --- Customer-service corrections ---
    ("GET", "loyalty-program"): Case(lambda s: s.call("GET", "loyalty-program"), lambda: captured("GET", "loyalty-program")),
    ("POST", "credit-receptions"): Case(_credit_reception, lambda: captured("POST", "credit-receptions"), credit_reception_rules),
    ("GET", "credit-receptions/calculate"): Case(
        lambda s: s.call("GET", "credit-receptions/calculate", params={"shop_uuid": s.shop(), "unit_value": "10.40"}),
        lambda: captured("GET", "credit-receptions/calculate"),
    ),
    ("POST", "credit-receptions/{id}/reverse"): Case(
        lambda s: s.call("POST", f"credit-receptions/{_credit_reception(s)['data']['uuid']}/reverse"),
        lambda: captured("POST", "credit-receptions/{id}/reverse"),
        credit_reception_rules,
    ),
    ("GET", "rewards"): Case(
        lambda s: s.call("GET", "rewards"), lambda: captured("GET", "rewards"),
        lambda s: Rules(nullable=NULLABLE, ignored_example_keys={"data[]": CAPTURED_ACCOUNT_REWARD_ATTRIBUTES}),
    ),
    ("POST", "reward-receptions"): Case(_reward_reception, lambda: captured("POST", "reward-receptions"), reward_reception_rules),
    ("POST", "reward-receptions/{id}/reverse"): Case(
        lambda s: s.call("POST", f"reward-receptions/{_reward_reception(s)['data']['uuid']}/reverse"),
        lambda: captured("POST", "reward-receptions/{id}/reverse"),
        reward_reception_rules,
    ),
    ("GET", "contacts/{id}/contact-identifiers"): Case(lambda s: s.call("GET", f"contacts/{s.anna()}/contact-identifiers"), contact_identifiers_examples),
    ("GET", "contact-identifiers/find"): Case(
        lambda s: s.call("GET", "contact-identifiers/find", params={"contact_identifier_value": "CARD-300000"}),
        lambda: captured("GET", "contact-identifiers/find"),
    ),
    ("PUT", "contact-identifiers/link"): Case(
        lambda s: s.call("PUT", "contact-identifiers/link", json={"contact_identifier_value": CONTRACT_CARD, "contact_uuid": s.new_contact()}),
        lambda: captured("PUT", "contact-identifiers/link"),
        identifier_rules,
    ),
    # No capture, and the page's example does not parse (an unclosed string);
    # the page shows the same identifier answer as for linking.
    ("PUT", "contact-identifiers"): Case(
        lambda s: s.call("PUT", "contact-identifiers", json={"contact_identifier_value": "CARD-300000", "contact_identifier_name": "Keyring tag"}),
        lambda: captured("PUT", "contact-identifiers/link"),
        identifier_rules,
    ),
    ("GET", "subscription-types"): Case(lambda s: s.call("GET", "subscription-types"), lambda: captured("GET", "subscription-types")),
    ("GET", "contact-subscriptions/{id}"): Case(lambda s: s.call("GET", f"contact-subscriptions/{s.anna()}"), lambda: captured("GET", "contact-subscriptions/{id}")),
    ("PUT", "contact-subscriptions/{id}/subscribe"): Case(
        lambda s: s.call("PUT", f"contact-subscriptions/{s.new_contact()}/subscribe", json={"subscription_type_uuid": _subscription_type(s)}),
        lambda: captured("PUT", "contact-subscriptions/{id}/subscribe"),
    ),
    ("PUT", "contact-subscriptions/{id}/unsubscribe"): Case(
        lambda s: s.call("PUT", f"contact-subscriptions/{s.new_contact()}/unsubscribe", json={"subscription_type_uuid": _subscription_type(s)}),
        lambda: captured("PUT", "contact-subscriptions/{id}/unsubscribe"),
    ),
    ("GET", "prepaid-transactions"): Case(lambda s: s.call("GET", "prepaid-transactions", params={"contact_uuid": s.anna()}), prepaid_list_examples),
    ("POST", "prepaid-transactions"): Case(_prepaid, lambda: captured("POST", "prepaid-transactions")),
    # No capture: the page's example.
    ("POST", "prepaid-transactions/{id}/reverse"): Case(
        lambda s: s.call("POST", f"prepaid-transactions/{_prepaid(s)['data']['uuid']}/reverse"),
        lambda: [documented(PREPAID_PAGE, "Reverse Prepaid Transaction")],
    ),
    ("GET", "contacts"): Case(lambda s: s.call("GET", "contacts", params={"limit": 3, "sort": "created_at"}), lambda: captured("GET", "contacts"), list_rules),
    ("GET", "webhook-subscriptions"): Case(_webhook_list, lambda: [documented(WEBHOOKS_PAGE, "List Webhook Subscriptions")]),
    ("POST", "webhook-subscriptions"): Case(_new_webhook, lambda: captured("POST", "webhook-subscriptions")),
    # --- At the counter: vouchers, promotions, gift cards, rewards to collect (their cases and allowlists: counter_cases.py) ---
    **{route: Case(*parts) for route, parts in counter_cases.CASES.items()},
}


def client_routes() -> set[tuple[str, str]]:
    """Every `("METHOD", "path"` call in the Leat client, placeholders as `{id}`."""
    found = set()
    for source in CLIENT_SOURCES.glob("*.py"):
        for method, path in CLIENT_CALL.findall(source.read_text(encoding="utf-8")):
            found.add((method, re.sub(r"\{[^}]*\}", "{id}", path)))
    return found


def test_every_route_the_client_calls_has_a_contract():
    called = client_routes()
    assert called, f"no Leat calls found in {CLIENT_SOURCES}: has the client's calling style changed?"
    missing = sorted(called - ROUTES.keys())
    assert not missing, f"routes the client calls without a contract case: {missing}"


@pytest.fixture
def http(sandbox) -> Sandbox:
    return Sandbox(sandbox.url, sandbox.api_key)


@needs_reference
@pytest.mark.parametrize("route", list(ROUTES), ids=[f"{method} {path}" for method, path in ROUTES])
def test_sandbox_answers_with_leats_shape(http, route):
    case = ROUTES[route]
    examples = case.examples()
    assert examples, f"no Leat example found for {route[0]} {route[1]}"
    differences = shape_differences(case.answer(http), examples, case.rules(http))
    assert not differences, f"{route[0]} {route[1]} differs from Leat's example at:\n  " + "\n  ".join(differences)


@needs_reference
def test_the_card_on_a_transaction_looks_like_leats_contact_identifier(http):
    """The captured transactions all have `contact_identifier: null`; the card,
    when there is one, has the shape of Leat's contact-identifier answers
    without their `contact` (the transaction carries its contact itself)."""
    example = captured("GET", "contact-identifiers/find")[0]["data"]
    card_example = {key: value for key, value in example.items() if key != "contact"}
    items = http.call("GET", "loyalty-transactions", params={"contact_uuid": http.anna(), "limit": 100})["data"]
    cards = [item["contact_identifier"] for item in items if item["contact_identifier"] is not None]
    assert cards, "the seed gives some of anna's transactions a card"
    for card in cards:
        assert not shape_differences(card, [card_example]), shape_differences(card, [card_example])
