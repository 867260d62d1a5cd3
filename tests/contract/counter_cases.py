"""The contract cases of the counter's routes (vouchers, promotions, gift cards,
their programs and transactions, rewards to collect, creating a card), for
`test_sandbox_contract.ROUTES`: how to get the sandbox's answer from seeded or
freshly made data, Leat's example of it, and the allowlists where the
captured account differs from the sandbox's. Each case is `(answer,
examples, rules)`; the contract test makes them its `Case`s.

Allowlists and anomalies, with their reasons:

* the captured account's custom promotion attributes (`joker`, ...) appear in
  a promotion's `attributes`, in a voucher's `attributes` and flattened into
  its `promotion`; the sandbox account has one of its own, `plu`;
* the captured account's custom reward attributes appear flattened into a
  collectable reward's `reward`;
* the collection's capture of `POST giftcards/{uuid}/send-by-email` sits at a
  literal uuid and is a copy of the Create Giftcard answer (another card's
  uuid, the create request's body): the docs page's example is used;
* `POST vouchers` and `GET vouchers/{uuid}` have no capture (and the page's
  example for creating is empty): they answer a voucher, compared with the
  captured `vouchers/find`.
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.reference import captured, documented

from .shapes import Rules

GIFTCARDS_PAGE = "oauth-giftcard-prepaid-giftcards.mdx"
PROMOTIONS_PAGE = "oauth-promotions-vouchers-promotions.mdx"
CAPTURED_ACCOUNT_PROMOTION_ATTRIBUTES = frozenset({"joker", "joker2", "jokertje1233", "someName2"})
CAPTURED_ACCOUNT_REWARD_ATTRIBUTES = frozenset(
    {"eennaam", "middle_name", "middle_name1223434", "someName122323we8e2dfjdd112eiedodfk2388383", "someName122323we8e2dfjdde112eiedodfk2388383"}
)


def _plu(key: str, value: Any) -> str | None:
    """The sandbox account's custom promotion attribute."""
    if key == "plu" and (value is None or isinstance(value, str)):
        return None
    return "neither in Leat's example nor the sandbox's custom promotion attribute `plu`"


def voucher_rules(sandbox: Any = None, *, path: str = "data") -> Rules:
    """A voucher: a contact, an expiration date and a redemption date only where it has one."""
    return Rules(
        nullable=frozenset({f"{path}.{key}" for key in ("contact", "expiration_date", "redeemed_at", "promotion.voucher_limit", "promotion.plu", "attributes.plu")}),
        ignored_example_keys={f"{path}.attributes": CAPTURED_ACCOUNT_PROMOTION_ATTRIBUTES, f"{path}.promotion": CAPTURED_ACCOUNT_PROMOTION_ATTRIBUTES},
        extra_keys={f"{path}.attributes": _plu, f"{path}.promotion": _plu},
    )


def promotion_rules(path: str) -> Rules:
    return Rules(
        nullable=frozenset({f"{path}.voucher_limit", f"{path}.limit_per_contact", f"{path}.expiration_duration", f"{path}.attributes.plu"}),
        ignored_example_keys={f"{path}.attributes": CAPTURED_ACCOUNT_PROMOTION_ATTRIBUTES | {"attributeOne", "attributeTwo"}},
        extra_keys={f"{path}.attributes": _plu},
    )


def collectable_rules(path: str) -> Rules:
    """A reward without an expiry, picture, stock or cost price has them null."""
    return Rules(
        nullable=frozenset({f"{path}.expires_at", *(f"{path}.reward.{key}" for key in ("media", "expiration_duration", "stock", "cost_price"))}),
        ignored_example_keys={f"{path}.reward": CAPTURED_ACCOUNT_REWARD_ATTRIBUTES},
    )


# --- Data to answer with ----------------------------------------------------------


def _promotion(s: Any, name: str = "Goodwill: free pastry") -> str:
    return next(p["uuid"] for p in s.call("GET", "promotions")["data"] if p["name"] == name)


def _new_voucher(s: Any) -> dict:
    return s.call("POST", "vouchers", json={"promotion_uuid": _promotion(s), "contact_uuid": s.new_contact()})["data"]


def _locked(s: Any) -> tuple[dict, str]:
    voucher = _new_voucher(s)
    return voucher, s.call("POST", f"vouchers/{voucher['uuid']}/lock")["data"]["lock"]["release_key"]


def _new_card(s: Any) -> dict:
    return s.call("POST", "giftcards", json={"type": 1})["data"]


def _top_up(s: Any) -> dict:
    return s.call("POST", "giftcard-transactions", json={"giftcard_uuid": _new_card(s)["uuid"], "amount_in_cents": 1000, "shop_uuid": s.shop()})["data"]


def _claimed_reward(s: Any) -> tuple[str, str]:
    """A fresh contact who claimed a free coffee (90 days to collect it): (contact, reward reception)."""
    contact, shop = s.new_contact(), s.shop()
    s.call("POST", "credit-receptions", json={"contact_uuid": contact, "shop_uuid": shop, "credits": 200})
    coffee = next(r["uuid"] for r in s.call("GET", "rewards")["data"] if r["title"] == "Free coffee")
    return contact, s.call("POST", "reward-receptions", json={"contact_uuid": contact, "reward_uuid": coffee, "shop_uuid": shop})["data"]["uuid"]


def _collected(s: Any) -> str:
    reception = _claimed_reward(s)[1]
    s.call("PUT", f"collectable-rewards/collect/{reception}")
    return reception


def send_by_email_examples() -> list[Any]:
    """Anomaly: the capture is the Create Giftcard answer again; the page's example instead."""
    copy = captured("POST", "/oauth/clients/giftcards/daaa5611-f87f-3308-9f81-a270c8a57517/send-by-email")
    assert copy == captured("POST", "giftcards"), "the send-by-email capture changed: compare with it instead"
    return [documented(GIFTCARDS_PAGE, "Send Giftcard by Email")]


def _find(code: str):
    return lambda s: s.call("GET", "vouchers/find", params={"code": code})


def _anna_voucher(s: Any) -> Any:
    uuid = s.call("GET", "vouchers/find", params={"code": "VQ7HM2KXP"})["data"]["uuid"]
    return s.call("GET", f"vouchers/{uuid}")


def _card_by_hash(s: Any) -> Any:
    return s.call("GET", "giftcards/find-one-by", params={"hash": "6036821000001234"})


CASES: dict[tuple[str, str], tuple] = {
    ("GET", "promotions"): (lambda s: s.call("GET", "promotions"), lambda: captured("GET", "promotions"), lambda s: promotion_rules("data[]")),
    ("GET", "promotions/{id}"): (
        lambda s: s.call("GET", f"promotions/{_promotion(s)}"), lambda: [documented(PROMOTIONS_PAGE, "Get Promotion")], lambda s: promotion_rules("data"),
    ),
    ("GET", "vouchers"): (
        lambda s: s.call("GET", "vouchers", params={"contact_uuid": s.anna()}), lambda: captured("GET", "vouchers"), lambda s: voucher_rules(path="data[]"),
    ),
    ("POST", "vouchers"): (lambda s: {"data": _new_voucher(s), "meta": []}, lambda: captured("GET", "vouchers/find"), voucher_rules),
    ("POST", "vouchers/batch"): (
        lambda s: s.call("POST", "vouchers/batch", json={"promotion_uuid": _promotion(s), "quantity": 2}), lambda: captured("POST", "vouchers/batch"), voucher_rules,
    ),
    ("GET", "vouchers/find"): (_find("VH6PC3ZRA"), lambda: captured("GET", "vouchers/find"), voucher_rules),
    ("GET", "vouchers/{id}"): (_anna_voucher, lambda: captured("GET", "vouchers/find"), voucher_rules),
    ("PUT", "vouchers/{id}"): (
        lambda s: s.call("PUT", f"vouchers/{_new_voucher(s)['uuid']}", data={"status": "DEACTIVATED"}), lambda: captured("PUT", "vouchers/{id}"), voucher_rules,
    ),
    ("POST", "vouchers/{id}/lock"): (
        lambda s: s.call("POST", f"vouchers/{_new_voucher(s)['uuid']}/lock"), lambda: captured("POST", "vouchers/{id}/lock"), voucher_rules,
    ),
    ("POST", "vouchers/{id}/release"): (
        lambda s: (lambda v, key: s.call("POST", f"vouchers/{v['uuid']}/release", json={"release_key": key}))(*_locked(s)),
        lambda: captured("POST", "vouchers/{id}/release"),
        voucher_rules,
    ),
    ("POST", "vouchers/redeem"): (
        lambda s: s.call("POST", "vouchers/redeem", data={"code": _new_voucher(s)["code"], "shop_uuid": s.shop()}), lambda: captured("POST", "vouchers/redeem"), voucher_rules,
    ),
    ("GET", "giftcard-programs"): (lambda s: s.call("GET", "giftcard-programs"), lambda: captured("GET", "giftcard-programs"), lambda s: Rules()),
    ("GET", "giftcards"): (lambda s: s.call("GET", "giftcards", params={"limit": 50}), lambda: [documented(GIFTCARDS_PAGE, "List Giftcards")], lambda s: Rules()),
    ("POST", "giftcards"): (lambda s: {"data": _new_card(s), "meta": []}, lambda: captured("POST", "giftcards"), lambda s: Rules()),
    ("GET", "giftcards/find-one-by"): (_card_by_hash, lambda: captured("GET", "giftcards/find-one-by"), lambda s: Rules()),
    ("GET", "giftcards/{id}"): (
        lambda s: s.call("GET", f"giftcards/{_card_by_hash(s)['data']['uuid']}"), lambda: captured("GET", "giftcards/{id}"), lambda s: Rules(),
    ),
    ("POST", "giftcards/{id}/send-by-email"): (
        lambda s: s.call("POST", f"giftcards/{_card_by_hash(s)['data']['uuid']}/send-by-email", json={"contact_uuid": s.new_contact()}),
        send_by_email_examples,
        lambda s: Rules(),
    ),
    ("GET", "giftcard-transactions"): (
        lambda s: s.call("GET", "giftcard-transactions", params={"giftcard_hash": "6036821000001234", "perPage": 100}),
        lambda: captured("GET", "giftcard-transactions"),
        lambda s: Rules(),
    ),
    ("POST", "giftcard-transactions"): (lambda s: {"data": _top_up(s), "meta": []}, lambda: captured("POST", "giftcard-transactions"), lambda s: Rules()),
    ("GET", "giftcard-transactions/{id}"): (
        lambda s: s.call("GET", f"giftcard-transactions/{_top_up(s)['uuid']}"), lambda: captured("GET", "giftcard-transactions/{id}"), lambda s: Rules(),
    ),
    ("POST", "giftcard-transactions/{id}/correct"): (
        lambda s: s.call("POST", f"giftcard-transactions/{_top_up(s)['uuid']}/correct"), lambda: captured("POST", "giftcard-transactions/{id}/correct"), lambda s: Rules(),
    ),
    ("GET", "collectable-rewards"): (
        lambda s: s.call("GET", "collectable-rewards", params={"contact_uuid": _claimed_reward(s)[0]}),
        lambda: captured("GET", "collectable-rewards"),
        lambda s: collectable_rules("data[]"),
    ),
    ("PUT", "collectable-rewards/collect/{id}"): (
        lambda s: s.call("PUT", f"collectable-rewards/collect/{_claimed_reward(s)[1]}"),
        lambda: captured("PUT", "collectable-rewards/collect/{id}"),
        lambda s: collectable_rules("data"),
    ),
    ("POST", "collectable-rewards/{id}/reverse"): (
        lambda s: s.call("POST", f"collectable-rewards/{_collected(s)}/reverse"),
        lambda: captured("POST", "collectable-rewards/{id}/reverse"),
        lambda s: collectable_rules("data"),
    ),
    ("POST", "contact-identifiers"): (
        lambda s: s.call("POST", "contact-identifiers", data={"contact_identifier_value": f"CONTRACT-{secrets.token_hex(4)}", "contact_uuid": s.new_contact()}),
        lambda: captured("POST", "contact-identifiers"),
        lambda s: Rules(),  # the capture's card has no contact (null: any contact is accepted)
    ),
}
