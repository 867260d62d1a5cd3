"""Contact attributes as the account defines them in Leat.

`GET contact-attributes` publishes every attribute with its type, options,
group, position and read-only flags. The edit form and the profile panel are
built from these definitions, so a select attribute offers Leat's options, a
date attribute is a date picker, and read-only values are never fields.
The definitions change rarely and are cached like the shop list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache

from leatadmin.core.leat import leat
from leatadmin.leat.models import AttributeDefinition, Contact

CACHE_KEY = "leat-contact-attributes"

#: Types staff cannot set from a form here (files, multi-selects whose wire
#: format Leat does not document): shown, never sent.
NOT_EDITABLE_TYPES = frozenset({"media_upload", "multi_select", "file", "image"})
NUMBER_TYPES = frozenset({"number", "float", "integer", "decimal"})


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


def group_label(name: str) -> str:
    return name.replace("_", " ").capitalize() if name else "Other"


@dataclass(frozen=True)
class Shown:
    label: str
    value: Any


def _display(definition: AttributeDefinition, contact: Contact) -> Any:
    """What Leat itself displays for the value; an option's label for a select."""
    value = contact.current_values.get(definition.name)
    if definition.type == "select":
        for option in definition.options:
            if option.value == str(value):
                return option.label
    if definition.type == "boolean" and value not in (None, ""):
        return "Yes" if value in (True, 1, "1", "true", "True") else "No"
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
