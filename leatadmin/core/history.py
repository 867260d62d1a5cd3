"""How a recorded change reads: each field by its label, each value in words.

One implementation for every history staff read: the audit log (list and
entry) and a booking's own history. Money Leat keeps in cents reads in
euros, a date-time in the staff member's time zone, yes/no as words, a shop
by its name; both use the page's formats (`templatetags/leat_format.py`).

The audit log must read while Leat is down: a contact attribute is named by
Leat's label only if the definitions are already cached (no Leat call here).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.templatetags.leat_format import cents, credits, shown, signed_credits

#: Every field leatadmin sends to Leat or records from its answers.
FIELD_LABELS = {
    # Visits and bookings
    "starts_at": gettext_lazy("Start"),
    "ends_at": gettext_lazy("End"),
    "checked_in_at": gettext_lazy("Checked in"),
    "number_of_people": gettext_lazy("Party size"),
    "company_name": gettext_lazy("Company"),
    "status": gettext_lazy("Status"),
    "prepaid_amount": gettext_lazy("Prepaid"),
    "source": gettext_lazy("Source"),
    "external_id": gettext_lazy("External id"),
    "shop_uuid": gettext_lazy("Shop"),
    "contact_uuid": gettext_lazy("Contact"),
    "uuid": gettext_lazy("Identifier in Leat"),
    "confirmed": gettext_lazy("Confirmed in Leat"),
    "discarded": gettext_lazy("Removed from the ledger"),
    "audit_entry": gettext_lazy("Audit entry"),
    # Contacts
    "email": gettext_lazy("Email"),
    "referral_code": gettext_lazy("Referral code"),
    "contact_identifier_value": gettext_lazy("Loyalty card"),
    "contact_identifier_active": gettext_lazy("Loyalty card active"),
    "is_anonymous": gettext_lazy("Anonymous"),
    "merged": gettext_lazy("Merged into another contact"),
    "type": gettext_lazy("Kind of deletion"),
    "deletion": gettext_lazy("Deletion"),
    "name": gettext_lazy("Name"),
    # Loyalty, cards, subscriptions, prepaid
    "credits": gettext_lazy("Credits"),
    "credits_booked": gettext_lazy("Credits booked by the reversal"),
    "credit_balance": gettext_lazy("Credit balance"),
    "unit_value": gettext_lazy("Purchase amount"),
    "transaction_uuid": gettext_lazy("Transaction"),
    "credit_reception_uuid": gettext_lazy("Credit reception"),
    "reward_reception_uuid": gettext_lazy("Reward reception"),
    "reward_uuid": gettext_lazy("Reward"),
    "reward": gettext_lazy("Reward"),
    "required_credits": gettext_lazy("Reward's price in credits"),
    "collected": gettext_lazy("Collected"),
    "claimed_at": gettext_lazy("Claimed"),
    "expires_at": gettext_lazy("Expires"),
    "redemption_uuid": gettext_lazy("Collection in Leat"),
    "reversed": gettext_lazy("Undone in Leat"),
    "card": gettext_lazy("Loyalty card"),
    "active": gettext_lazy("Active"),
    "subscription_type_uuid": gettext_lazy("Subscription type"),
    "amount_in_cents": gettext_lazy("Amount"),
    "balance_in_cents": gettext_lazy("Prepaid balance"),
    "prepaid_transaction_uuid": gettext_lazy("Prepaid transaction"),
    # Gift cards
    "giftcard_uuid": gettext_lazy("Gift card"),
    "giftcard_number": gettext_lazy("Gift card number"),
    "giftcard_balance_in_cents": gettext_lazy("Gift card balance"),
    "giftcard_transaction": gettext_lazy("Gift card transaction"),
    "giftcard_transaction_uuid": gettext_lazy("Gift card transaction"),
    "giftcard_program_uuid": gettext_lazy("Gift card program"),
}
#: Fields whose value is money in cents.
CENTS = frozenset({"prepaid_amount", "amount_in_cents", "balance_in_cents", "giftcard_balance_in_cents"})
#: Fields whose value is money in euros, as sent (a decimal string).
EUROS = frozenset({"unit_value"})
SIGNED_CREDITS = frozenset({"credits", "credits_booked"})
COUNTS = frozenset({"credit_balance", "required_credits", "number_of_people"})


# What only a domain knows (a contact attribute's label, a shop's name, a
# booking status in words) it registers here from its AppConfig.ready(), so
# this module, which every history uses, imports no domain app.

#: field -> its value in words, or None to fall back (must not call Leat).
_VALUE_WORDS: dict[str, Callable[[str], str | None]] = {}
#: Where labels of fields defined at run time come from (must not call Leat).
_LABEL_SOURCES: list[Callable[[], dict[str, str]]] = []


def register_value_words(field: str, words: Callable[[str], str | None]) -> None:
    _VALUE_WORDS[field] = words


def register_labels(source: Callable[[], dict[str, str]]) -> None:
    if source not in _LABEL_SOURCES:
        _LABEL_SOURCES.append(source)


def _attribute_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for source in _LABEL_SOURCES:
        labels.update(source())
    return labels


class Labels:
    """Labels for the fields of many entries, looking the cache up once."""

    def __init__(self) -> None:
        self._attributes: dict[str, str] | None = None

    def __call__(self, name: str) -> str:
        if name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
        if self._attributes is None:
            self._attributes = _attribute_labels()
        return self._attributes.get(name) or name.replace("_", " ").capitalize()


_POSITIONS = {name: position for position, name in enumerate(FIELD_LABELS)}


def field_order(name: str) -> tuple[int, str]:
    """Where a field comes in a history: the known ones in FIELD_LABELS' order, then the rest by name."""
    return (_POSITIONS.get(name, len(_POSITIONS)), name)


def field_label(name: str) -> str:
    return Labels()(name)


def value_text(name: str, value: object) -> str:
    """`value` of field `name`, as a page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in CENTS:
        return _number(value, cents)
    if name in EUROS:
        try:
            return cents(int((Decimal(str(value)) * 100).to_integral_value()))
        except (InvalidOperation, ValueError):
            return str(value)
    if name in SIGNED_CREDITS:
        return _number(value, signed_credits)
    if name in COUNTS:
        return _number(value, credits)
    if name in _VALUE_WORDS and isinstance(value, str):
        return _VALUE_WORDS[name](value) or value
    if isinstance(value, str) and name.endswith("_at"):
        parsed = parse_datetime(value)
        return shown(parsed) if parsed else value
    if isinstance(value, dt.datetime):
        return shown(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _number(value: object, format_number) -> str:
    try:
        return format_number(int(value))
    except (TypeError, ValueError):
        return str(value)
