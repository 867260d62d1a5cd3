"""Contact attributes as the account defines them in Leat.

`GET contact-attributes` publishes every attribute with its type, options,
group, position and read-only flags. The edit form and the profile panel are
built from these definitions, so a select attribute offers Leat's options, a
date attribute is a date picker, and read-only values are never fields.
The definitions change rarely and are cached like the shop list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from leatadmin.core.leat import leat
from leatadmin.core.templatetags.leat_format import count, day, decimal, euros, when, yes_no
from leatadmin.leat.models import AttributeDefinition, Contact

CACHE_KEY = "leat-contact-attributes"

#: Types staff cannot set from a form here (files, multi-selects whose wire
#: format Leat does not document): shown, never sent.
NOT_EDITABLE_TYPES = frozenset({"media_upload", "multi_select", "file", "image"})
NUMBER_TYPES = frozenset({"number", "float", "integer", "decimal"})
#: Words that make a number attribute a count or a quantity, which is never
#: negative: Leat's definitions carry no minimum, so the name and the label
#: say it ("Visits per month", Leat's own "Age" and "Number of transactions",
#: "aantal bezoeken"). A number named otherwise (a balance, a difference, a
#: temperature) may be below zero.
COUNT_WORDS = re.compile(
    r"\b(visits?|bezoek(en)?|count|counts|number|aantal|times|keer|per|total|totaal|age|leeftijd|kids|children|kinderen|people|persons|personen|guests|gasten|quantity|hoeveelheid|size|maat)\b",
    re.IGNORECASE,
)
NEGATIVE_WORDS = re.compile(r"\b(balance|saldo|difference|verschil|change|delta|offset|temperature|temperatuur|adjustment|correctie)\b", re.IGNORECASE)


def attribute_definitions() -> list[AttributeDefinition]:
    """The account's attributes in Leat's order: by group, then position."""
    definitions = cache.get(CACHE_KEY)
    if definitions is None:
        definitions = sorted(leat().attributes.list(), key=lambda d: (d.group_position, d.group, d.position, d.name))
        cache.set(CACHE_KEY, definitions, settings.LEAT_DEFINITIONS_CACHE_SECONDS)
    return definitions


def attribute_definitions_refresh() -> None:
    cache.delete(CACHE_KEY)


def is_editable(definition: AttributeDefinition) -> bool:
    return not definition.read_only and definition.type not in NOT_EDITABLE_TYPES and definition.name != "email"


def is_count(definition: AttributeDefinition) -> bool:
    """Whether a number attribute counts something, so it cannot be negative (COUNT_WORDS)."""
    words = f"{definition.name.replace('_', ' ')} {definition.label}"
    return definition.type in NUMBER_TYPES and bool(COUNT_WORDS.search(words)) and not NEGATIVE_WORDS.search(words)


#: Leat's own group of its system attributes, and attributes in no group.
GROUP_WORDS = {"profile": _("Profile"), "": _("Other")}


def group_label(name: str) -> str:
    """A group as staff read it: Leat's own `profile` group in the page's language, an account's groups as named."""
    return str(GROUP_WORDS[name]) if name in GROUP_WORDS else name.replace("_", " ").capitalize()


#: Values of Leat's own attributes that are codes, as words (an account's
#: own select attributes keep the labels the account gave their options).
CODE_WORDS = {
    "status": {"ACTIVE": _("Active"), "INACTIVE": _("Inactive")},
    "subscription_status": {"SUBSCRIBED": _("Subscribed"), "UNSUBSCRIBED": _("Not subscribed"), "PENDING_CONFIRMATION": _("Pending confirmation")},
}
#: Leat's system attributes that hold money in euros (as a number).
MONEY_ATTRIBUTES = frozenset({"prepaid_balance"})


@dataclass(frozen=True)
class Shown:
    label: str
    value: Any


def _codes(definition: AttributeDefinition) -> dict[str, Any]:
    name = definition.name
    if name.startswith("subscription_status_"):
        name = "subscription_status"
    return CODE_WORDS.get(name, {}) if definition.leat_defined or name == "subscription_status" else {}


def _display(definition: AttributeDefinition, contact: Contact) -> Any:
    """A value as staff read it, in the page's language: words for Leat's codes
    and for yes/no, money as money, counts, dates and date-times in leatadmin's
    one style (in the staff member's time zone); an option's label for an
    account's own select. Leat's display text only for anything else."""
    value = contact.current_values.get(definition.name)
    if value in (None, ""):
        return None
    kind = definition.type
    words = _codes(definition)
    if str(value) in words:
        return words[str(value)]
    try:
        if definition.name in MONEY_ATTRIBUTES:
            return euros(value)
        if kind == "boolean":
            return yes_no(value if isinstance(value, bool) else str(value))
        if kind in ("date", "birth_date"):
            parsed = parse_date(str(value)[:10])
            return day(parsed) if parsed else value
        if kind == "date_time":
            parsed = parse_datetime(str(value))
            return when(parsed) if parsed else value
        if kind in NUMBER_TYPES and not isinstance(value, bool):
            number = Decimal(str(value))
            return count(int(number)) if number == number.to_integral_value() else decimal(number, None)
    except (ValueError, ArithmeticError):
        pass  # not what its type says: shown as Leat gives it
    if kind == "select":
        for option in definition.options:
            if option.value == str(value):
                return option.label
    shown = contact.current_display_values.get(definition.name)
    return shown if shown not in (None, "") else value


def profile_groups(contact: Contact, definitions: list[AttributeDefinition]) -> tuple[list[tuple[str, list[Shown]]], list[Shown]]:
    """(editable attributes by group, read-only values) for the profile panel."""
    groups: dict[str, list[Shown]] = {}
    read_only: list[Shown] = []
    for definition in definitions:
        if definition.type in NOT_EDITABLE_TYPES and definition.type != "multi_select":
            continue
        shown = Shown(definition.label, _display(definition, contact))
        if is_editable(definition):
            groups.setdefault(group_label(definition.group), []).append(shown)
        else:
            read_only.append(shown)
    return list(groups.items()), read_only


def to_leat(definition: AttributeDefinition, value: Any) -> Any:
    """A cleaned form value in the format Leat expects for this type
    (null clears a typed attribute; text is cleared with an empty string)."""
    if value in (None, ""):
        return "" if definition.type in ("text", "phone", "email", "textarea") else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if definition.type == "boolean":
        return value == "true"
    return value


def from_leat(definition: AttributeDefinition, value: Any) -> Any:
    """Leat's current value as a form's initial value."""
    if value is None:
        return ""
    if definition.type == "boolean":
        return "true" if value in (True, 1, "1", "true", "True") else "false"
    return value


def cached_labels() -> dict[str, str]:
    """The attributes' labels as Leat gave them, if the definitions are cached
    (a history must read while Leat is down: no Leat call here)."""
    return {definition.name: definition.label for definition in cache.get(CACHE_KEY) or () if definition.label}
