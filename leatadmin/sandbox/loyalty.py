"""The loyalty program and credit receptions: its settings (`GET loyalty-program`),
its one loyalty rule, creating, previewing (`calculate`) and reversing credit
receptions.

The sandbox's program has one unit, the euro, and one rule: a credit per
€0.50 (`CENTS_PER_CREDIT`), rounded towards zero. `credits` given explicitly
override the rule (Leat: "Overrides any Loyalty Rules") and may be negative:
Leat's docs recommend a negative credit reception for a partial refund.
`max_amount` is the most credits one reception may give (1015 above it).

Reversing (docs: "This will create a new Credit Reception with the same data
as initially used, but for the negative number of credits issued") books a
new credit reception of the opposite sign with the same shop, card and
(negated) unit value. Leat's captured answer to the reversal is the reversed
reception itself (same uuid and credits as the created one), so the sandbox
answers with the original, its contact's balance already updated. A
reception is reversed once (1003 the second time), a reversal is never
reversed (1003), and an unknown one is 1028. Leat's docs list no refusal for
a balance that a reversal or a negative reception takes below zero, so the
sandbox books those.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from . import contacts, shops, transactions
from .checks import check_string, parse_integer, parse_number, require, reversible
from .db import Store
from .errors import ApiError, invalid
from .routes import envelope, route

CENTS_PER_CREDIT = 50
UNITS = {transactions.UNIT["name"]: transactions.UNIT}
PROGRAM = {
    "id": 1,
    "name": "Leat Coffee Club",
    "max_amount": 50000,
    "custom_credit_name": "Beans",
    "unit": {key: transactions.UNIT[key] for key in ("name", "label", "prefix")},
}

# --- Store operations ----------------------------------------------------------


def credits_for(unit_value: Decimal) -> int:
    """The loyalty rule: one credit per €0.50, rounded towards zero."""
    return int((unit_value * 100 / CENTS_PER_CREDIT).to_integral_value(rounding=ROUND_DOWN))


def unit(name: str | None) -> dict:
    if name and name not in UNITS:
        raise ApiError(400, "Unit not found.", 60007)
    return UNITS.get(name or "", transactions.UNIT)


def card(store: Store, value: str | None, contact_id: int | None = None) -> str | None:
    """A card named in a write must exist (60003); if it belongs to someone, to this contact."""
    if not value:
        return None
    row = store.one("SELECT * FROM contact_identifiers WHERE value = ?", (value,))
    if row is None:
        raise ApiError(400, "Contact identifier not found.", 60003)
    if contact_id is not None and row["contact_id"] not in (None, contact_id):
        raise invalid({"contact_identifier_value": "The contact identifier is linked to another contact."})
    return value


def create_credit_reception(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("shop_uuid", "contact_uuid"), errors)
    credits = parse_integer(data.get("credits"), "credits", errors)
    unit_value = parse_number(data.get("unit_value"), "unit_value", errors)
    if data.get("credits") in (None, "") and data.get("unit_value") in (None, ""):
        errors["credits"] = "The credits field is required when unit value is not present."
        errors["unit_value"] = "The unit value field is required when credits is not present."
    unit_name = check_string(data.get("unit_name"), "unit_name", errors)
    card_value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
    if errors:
        raise invalid(errors)
    shop = shops.get(store, str(data["shop_uuid"]))
    contact = contacts.get(store, str(data["contact_uuid"]))
    unit(unit_name)
    card_value = card(store, card_value, contact["id"])
    if credits is None:
        credits = credits_for(unit_value)
    if credits > PROGRAM["max_amount"]:
        raise ApiError(400, "Maximum amount of credits reached.", 1015)
    with store.write() as conn:
        made = transactions.book(
            conn, contact["id"], "credit_reception", credits, shop_id=shop["id"],
            unit_value=None if unit_value is None else str(unit_value), card=card_value,
        )
        transactions.refresh_summary(conn, contact["id"])
        return made


def calculate(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("shop_uuid", "unit_value"), errors)
    unit_value = parse_number(data.get("unit_value"), "unit_value", errors)
    unit_name = check_string(data.get("unit_name"), "unit_name", errors)
    if errors:
        raise invalid(errors)
    shops.get(store, str(data["shop_uuid"]))
    if data.get("contact_uuid"):
        contacts.get(store, str(data["contact_uuid"]))
    unit(unit_name)
    return credits_for(unit_value)


def reverse_credit_reception(store: Store, uuid: str) -> int:
    with store.write() as conn:
        row = conn.execute("SELECT * FROM transactions WHERE uuid = ? AND type = 'credit_reception'", (uuid,)).fetchone()
        if row is None:
            raise ApiError(400, "Credit reception not found.", 1028)
        reversible(row, "credit_reception_uuid", "credit reception")
        unit_value = None if row["unit_value"] is None else str(-Decimal(row["unit_value"]))
        transactions.book(
            conn, row["contact_id"], "credit_reception", -row["credits"], shop_id=row["shop_id"], unit_value=unit_value,
            card=row["contact_identifier"], reverses_id=row["id"],
        )
        transactions.refresh_summary(conn, row["contact_id"])
        return row["id"]


# --- Routes ------------------------------------------------------------------------


@route("GET", "loyalty-program", register=True)
def loyalty_program(store, data, args):
    return 200, envelope(PROGRAM, {})


@route("POST", "credit-receptions", register=True)
def create_credit_reception_route(store, data, args):
    return transactions.answer(store, create_credit_reception(store, data))


@route("GET", "credit-receptions/calculate", register=True)
def calculate_route(store, data, args):
    return 200, envelope({"credits": calculate(store, data)}, {})


@route("POST", "credit-receptions/{id}/reverse", register=True)
def reverse_credit_reception_route(store, data, args):
    return transactions.answer(store, reverse_credit_reception(store, args[0]))
