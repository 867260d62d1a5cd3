"""Which contact attributes staff may edit, and what they are called.

Leat marks some values as system values (balances, dates, links, statuses):
they can be read but not written. Everything else in `current_values` is an
attribute of the account, built-in or custom, and can be edited.
"""

from __future__ import annotations

from typing import Any

SYSTEM_NAMES = frozenset(
    {
        "uuid", "email", "status", "tier", "channel", "created_at", "updated_at", "is_anonymous", "avatar",
        "prepaid_balance", "previous_loyalty_balance", "default_contact_identifier", "add_to_wallet",
    }
)
SYSTEM_PREFIXES = ("loyalty_", "subscription_", "double_opt_in_", "custom_app_")

LABELS = {
    "firstname": "First name",
    "lastname": "Last name",
    "birthdate": "Birth date",
    "phonenumber": "Phone number",
    "housenumber": "House number",
    "postalcode": "Postal code",
    "created_at": "Created",
    "updated_at": "Updated",
    "loyalty_balance": "Credit balance",
}

#: Shown first in the edit form; the rest follow alphabetically.
LEADING = ("firstname", "lastname")


def is_system(name: str) -> bool:
    return name in SYSTEM_NAMES or name.startswith(SYSTEM_PREFIXES)


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def editable_names(current_values: dict[str, Any]) -> list[str]:
    rest = sorted(n for n in current_values if not is_system(n) and n not in LEADING)
    return [*LEADING, *rest]


def system_values(current_values: dict[str, Any], display_values: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, display value) of the read-only values, as Leat displays them."""
    rows = []
    for name in sorted(current_values):
        if is_system(name):
            shown = display_values.get(name)
            rows.append((label(name), shown if shown not in (None, "") else current_values.get(name)))
    return rows
