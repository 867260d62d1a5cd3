"""Contact attributes: the account's definitions (Leat's built-ins and the
demo's custom ones), the one source every contact answer is built from.

A contact's `attributes` list, `current_values` (typed: bool, number, string,
null when unset) and `current_display_values` (strings) all come from
`definitions()`, and `PUT contacts/{uuid}` validates each value by its
definition's type. `GET contact-attributes` lists the definitions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from .checks import MAX_STRING, label
from .db import Store
from .routes import envelope, route

#: Leat shows date-times to people in the account's time zone.
ACCOUNT_TIME_ZONE = ZoneInfo("Europe/Amsterdam")
DEFINED_AT = "2024-01-15T09:00:00+00:00"
PHONE_RE = re.compile(r"^[0-9 +\-]*[0-9][0-9 +\-]*$")
TRUE_WORDS, FALSE_WORDS = {"true", "1"}, {"false", "0"}


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    position: int


PROFILE = Group(1, "profile", 1)
COFFEE = Group(2, "Coffee preferences", 2)
LEAT_USER = {"id": 1, "email": "system@leat.example", "firstname": "Leat", "lastname": "System"}
OWNER_USER = {"id": 2, "email": "owner@leatcoffee.example", "firstname": "Lotte", "lastname": "Brouwer"}


@dataclass(frozen=True)
class Definition:
    id: int
    name: str
    label: str
    type: str
    description: str
    group: Group = PROFILE
    piggy_defined: bool = True
    soft_read_only: bool = False
    hard_read_only: bool = False
    unique: bool = False
    options: tuple[tuple[str, str], ...] = ()

    @property
    def read_only(self) -> bool:
        return self.soft_read_only or self.hard_read_only


def _system(id: int, name: str, label: str, type: str, description: str, *, hard: bool = False, **more: Any) -> Definition:
    return Definition(id, name, label, type, description, soft_read_only=True, hard_read_only=hard, **more)


CHANNELS = ("BUSINESS_APP", "API", "BUSINESS_DASHBOARD", "CUSTOMER_APP", "WEBSHOP_API", "IMPORT", "WEBSITE_FORM", "REGISTER_API", "OAUTH_API", "CUSTOM_APP", "AUTOMATIONS", "FORMS", "WIDGET")
SUBSCRIPTION_STATUSES = (("UNSUBSCRIBED", "Unsubscribed"), ("PENDING_CONFIRMATION", "Pending confirmation"), ("SUBSCRIBED", "Subscribed"))
DRINKS = (("flat_white", "Flat white"), ("espresso", "Espresso"), ("chai_latte", "Chai latte"), ("mint_tea", "Mint tea"), ("cortado", "Cortado"))

#: Leat's own attributes, then the demo account's custom ones. Tier, shop and
#: subscription options come from the data (see `definitions`).
STATIC_DEFINITIONS: tuple[Definition, ...] = (
    Definition(101, "avatar", "Avatar", "media_upload", "A picture of the contact"),
    Definition(102, "firstname", "First name", "text", "Given name"),
    Definition(103, "lastname", "Last name", "text", "Family name"),
    _system(104, "email", "Email", "email", "Where the contact is reached; identifies the contact", hard=True, unique=True),
    Definition(105, "address", "Address", "text", "Street"),
    Definition(106, "housenumber", "House number", "text", "House number with any addition"),
    Definition(107, "postalcode", "Postal code", "text", "Postal code"),
    Definition(108, "city", "City", "text", "City or town"),
    Definition(109, "phonenumber", "Telephone number", "phone", "Phone number, international format preferred"),
    Definition(110, "birthdate", "Birth date", "birth_date", "Date of birth"),
    Definition(111, "age", "Age", "number", "Age in years"),
    Definition(112, "locale", "Preferred language", "select", "Language for messages",
               options=(("nl_NL", "Nederlands"), ("en_GB", "English"), ("de_DE", "Deutsch"), ("fr_FR", "Français"), ("es_ES", "Español"))),
    _system(113, "channel", "Channel", "select", "How the contact came in", hard=True, options=tuple((c, c) for c in CHANNELS)),
    _system(114, "status", "Status", "select", "Whether the contact is active", options=(("ACTIVE", "Active"), ("INACTIVE", "Inactive"))),
    _system(115, "tier", "Tier", "select", "The contact's tier", hard=True),
    _system(116, "is_anonymous", "Anonymous", "boolean", "Made without a real email address", options=(("true", "True"), ("false", "False"))),
    _system(117, "created_at", "Created at", "date_time", "When the contact was made", hard=True),
    _system(118, "updated_at", "Updated at", "date_time", "When the contact last changed"),
    _system(119, "loyalty_balance", "Credit balance", "number", "Credits to spend now"),
    _system(120, "previous_loyalty_balance", "Previous credit balance", "number", "The balance before the latest transaction"),
    _system(121, "loyalty_number_of_transactions", "Number of transactions", "number", "Loyalty transactions so far"),
    _system(122, "loyalty_total_credits_received", "Total credits received", "number", "Credits received so far"),
    _system(123, "loyalty_first_transaction_date", "First credit reception date", "date_time", "The first loyalty transaction", hard=True),
    _system(124, "loyalty_last_transaction_date", "Last transaction date", "date_time", "The latest loyalty transaction"),
    _system(125, "loyalty_associated_shops", "Associated shops", "multi_select", "Shops with loyalty transactions of the contact"),
    _system(126, "prepaid_balance", "Prepaid balance", "float", "Prepaid money, in euros"),
    Definition(201, "favourite_drink", "Favourite drink", "select", "What to have ready", group=COFFEE, piggy_defined=False, options=DRINKS),
    Definition(202, "member_since", "Member since", "date", "Joined the coffee club on", group=COFFEE, piggy_defined=False),
    Definition(203, "vip", "VIP", "boolean", "Gets the VIP treatment", group=COFFEE, piggy_defined=False, options=(("true", "True"), ("false", "False"))),
    Definition(204, "visits_per_month", "Visits per month", "number", "Usual visits a month", group=COFFEE, piggy_defined=False),
    Definition(205, "allergies", "Allergies", "text", "Allergies to keep in mind", group=COFFEE, piggy_defined=False),
)


def definitions(store: Store) -> list[Definition]:
    """The account's attribute definitions, with options drawn from its data."""
    tiers = tuple((str(row["id"]), row["name"]) for row in store.all("SELECT id, name FROM tiers ORDER BY position, id"))
    shops = tuple((row["uuid"], row["name"]) for row in store.all("SELECT uuid, name FROM shops ORDER BY id"))
    found = []
    for definition in STATIC_DEFINITIONS:
        if definition.name == "tier":
            definition = replace(definition, options=tiers)
        elif definition.name == "loyalty_associated_shops":
            definition = replace(definition, options=shops)
        found.append(definition)
    for row in store.all("SELECT id, name FROM subscription_types ORDER BY id"):
        found.append(_system(300 + row["id"], f"subscription_status_{row['id']}", f"Subscription status: {row['name']}",
                             "select", f"The contact's status for {row['name']}", options=SUBSCRIPTION_STATUSES))
    return found


# --- Validation (PUT contacts/{uuid}) ---------------------------------------------


def validate(known: list[Definition], attributes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values to store, and Laravel-style errors keyed `attributes.<name>`."""
    by_name = {d.name: d for d in known}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in attributes.items():
        key, definition = f"attributes.{name}", by_name.get(name)
        if definition is None:
            errors[key] = f"The attribute {name} does not exist."
        elif definition.read_only:
            errors[key] = f"The attribute {name} is read-only and cannot be updated."
        elif value is None or value == "":
            values[name] = None  # clears it
        else:
            try:
                values[name] = _typed(definition, value)
            except ValueError as problem:
                errors[key] = f"The {label(key)} {problem}."
    return values, errors


def _typed(definition: Definition, value: Any) -> Any:
    kind = definition.type
    if kind == "boolean":
        word = str(value).strip().lower() if not isinstance(value, bool) else str(value).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("field must be true or false")
    if kind in ("number", "float"):
        if isinstance(value, (bool, dict, list)):
            raise ValueError("field must be a number")
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError("field must be a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("field must be a number")
        return int(number) if number.is_integer() else number
    if not isinstance(value, str):
        raise ValueError("field must be a string")  # JSON numbers, lists and objects too
    if len(value) > MAX_STRING:
        raise ValueError(f"field must not be greater than {MAX_STRING} characters")
    if kind in ("date", "birth_date"):
        try:
            day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError("field must be a valid date (YYYY-MM-DD)")
        if kind == "birth_date" and day > dt.date.today():
            raise ValueError("field must be a date before or equal to today")
        return value
    if kind == "select":
        if value not in {option for option, _ in definition.options}:
            raise ValueError("field must be one of: " + ", ".join(option for option, _ in definition.options))
        return value
    if kind == "phone" and not PHONE_RE.match(value):
        raise ValueError("field may only contain digits, spaces, + and -")
    return value


# --- Values of one contact --------------------------------------------------------


def raw_values(known: list[Definition], stored: dict[str, Any], system: dict[str, Any]) -> dict[str, Any]:
    """Each defined attribute's typed value (None when unset)."""
    return {d.name: system[d.name] if d.name in system else stored.get(d.name) for d in known}


def display(definition: Definition, value: Any) -> str:
    """How Leat shows a value to people (`current_display_values`)."""
    if definition.type == "boolean":
        return "True" if value else "False"  # unset reads as False, as in Leat
    if value is None:
        return ""
    if definition.type == "select":
        return dict(definition.options).get(str(value), str(value))
    if definition.type == "multi_select":
        labels = [dict(definition.options).get(part, part) for part in str(value).split(";") if part]
        return " and ".join(labels) if len(labels) < 3 else ", ".join(labels[:-1]) + " and " + labels[-1]
    if definition.type == "date_time":
        return dt.datetime.fromisoformat(value).astimezone(ACCOUNT_TIME_ZONE).strftime("%Y-%m-%d, %H:%M")
    return str(value)


def as_string(value: Any) -> str:
    """An attribute's `value` in a contact's `attributes` list: always a string
    (PHP's string cast: false and null are empty, true is "1")."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return str(value)


# --- JSON ------------------------------------------------------------------------


def _options(definition: Definition) -> list[dict]:
    return [{"value": value, "label": text, "description": None, "media": None} for value, text in definition.options]


def nested_json(definition: Definition) -> dict:
    """The definition inside a contact's `attributes` list."""
    return {
        "id": definition.id,
        "type": definition.type,
        "field_type": definition.type,
        "name": definition.name,
        "label": definition.label,
        "options": _options(definition),
        "is_piggy_defined": definition.piggy_defined,
        "is_soft_read_only": definition.soft_read_only,
        "is_hard_read_only": definition.hard_read_only,
    }


def as_json(definition: Definition, position: int) -> dict:
    """An item of `GET contact-attributes`."""
    group = definition.group
    return {
        "id": definition.id,
        "name": definition.name,
        "label": definition.label,
        "type": definition.type,
        "group_name": None,  # Leat leaves it null; `group` carries the name
        "group": {"id": group.id, "name": group.name, "position": group.position},
        "is_piggy_defined": definition.piggy_defined,
        "is_soft_read_only": definition.soft_read_only,
        "is_hard_read_only": definition.hard_read_only,
        "field_type": "default" if definition.piggy_defined else None,
        "has_unique_value": definition.unique,
        "description": definition.description,
        "options": _options(definition),
        "position": position,
        "created_at": DEFINED_AT,
        "meta": [],
        "can_be_deleted": not definition.piggy_defined,
        "last_used_date": None,
        "created_by_user": LEAT_USER if definition.piggy_defined else OWNER_USER,
    }


def positions(known: list[Definition]) -> dict[str, int]:
    """Position within each group, counted from 1."""
    counters: dict[int, int] = {}
    found = {}
    for definition in known:
        counters[definition.group.id] = counters.get(definition.group.id, 0) + 1
        found[definition.name] = counters[definition.group.id]
    return found


# --- Routes ------------------------------------------------------------------------


@route("GET", "contact-attributes")
def list_attributes(store, data, args):
    known = definitions(store)
    place = positions(known)
    return 200, envelope([as_json(d, place[d.name]) for d in known])


def stored(row: sqlite3.Row) -> dict[str, Any]:
    """A contact's own attribute values, typed."""
    return json.loads(row["attributes"] or "{}")
