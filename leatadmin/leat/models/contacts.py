"""A contact as Leat returns it, what its create calls return, its tier,
and the account's contact attributes (their definitions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadResponse
from .subscriptions import Subscription
from .values import as_dict, parse_bool, parse_datetime, parse_id, parse_int, parse_str, require_dict, require_id


@dataclass(frozen=True)
class ContactRef:
    """What the create calls return: only the new contact's identifier."""

    uuid: str

    @classmethod
    def from_api(cls, data: Any) -> ContactRef:
        return cls(uuid=require_id(require_dict(data, "contact"), "contact"))


@dataclass(frozen=True)
class Tier:
    uuid: str | None
    name: str
    description: str = ""
    position: int | None = None

    @classmethod
    def optional(cls, data: Any) -> Tier | None:
        if not isinstance(data, dict):
            return None
        return cls(
            uuid=parse_id(data.get("uuid")),
            name=parse_str(data.get("name")),
            description=parse_str(data.get("description")),
            position=parse_int(data.get("position")),
        )


@dataclass(frozen=True)
class Contact:
    uuid: str
    email: str
    tier: Tier | None = None
    subscriptions: tuple[Subscription, ...] = ()
    credit_balance: int | None = None
    prepaid_balance_cents: int | None = None
    current_values: dict[str, Any] = field(default_factory=dict)
    current_display_values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, data: Any) -> Contact:
        data = require_dict(data, "contact")
        subscriptions = data.get("subscriptions")
        return cls(
            uuid=require_id(data, "contact"),
            email=parse_str(data.get("email")),
            tier=Tier.optional(data.get("tier")),
            subscriptions=tuple(Subscription.from_api(s) for s in subscriptions or [] if isinstance(s, dict)),
            credit_balance=parse_int(as_dict(data.get("credit_balance")).get("balance")),
            prepaid_balance_cents=parse_int(as_dict(data.get("prepaid_balance")).get("balance_in_cents")),
            current_values=as_dict(data.get("current_values")),
            current_display_values=as_dict(data.get("current_display_values")),
        )

    @property
    def is_anonymous(self) -> bool:
        return parse_bool(self.current_values.get("is_anonymous"))

    @property
    def status(self) -> str:
        return parse_str(self.current_values.get("status"))

    @property
    def firstname(self) -> str:
        return parse_str(self.current_values.get("firstname"))

    @property
    def lastname(self) -> str:
        return parse_str(self.current_values.get("lastname"))

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.firstname, self.lastname) if part)

    @property
    def created_at(self) -> dt.datetime | None:
        try:
            return parse_datetime(self.current_values.get("created_at"))
        except BadResponse:
            return None


@dataclass(frozen=True)
class AttributeOption:
    value: str
    label: str


@dataclass(frozen=True)
class AttributeDefinition:
    """One contact attribute as the account defines it (`GET contact-attributes`):
    its type decides the widget and the format Leat expects."""

    name: str
    label: str
    type: str  # text, number, float, date, birth_date, date_time, select, multi_select, boolean, phone, email, ...
    options: tuple[AttributeOption, ...] = ()
    group: str = ""
    group_position: int = 0
    position: int = 0
    description: str = ""
    read_only: bool = False
    leat_defined: bool = False

    @classmethod
    def from_api(cls, data: Any) -> AttributeDefinition:
        data = require_dict(data, "contact attribute")
        name = parse_str(data.get("name"))
        if not name:
            raise BadResponse("Leat sent a contact attribute without its name.")
        group = as_dict(data.get("group"))
        options = tuple(
            AttributeOption(value=parse_str(option.get("value")), label=parse_str(option.get("label")) or parse_str(option.get("value")))
            for option in data.get("options") or []
            if isinstance(option, dict)
        )
        return cls(
            name=name,
            label=parse_str(data.get("label")) or name,
            type=parse_str(data.get("type")) or "text",
            options=options,
            group=parse_str(group.get("name")) or parse_str(data.get("group_name")),
            group_position=parse_int(group.get("position")) or 0,
            position=parse_int(data.get("position")) or 0,
            description=parse_str(data.get("description")),
            read_only=parse_bool(data.get("is_soft_read_only")) or parse_bool(data.get("is_hard_read_only")),
            leat_defined=parse_bool(data.get("is_piggy_defined")),
        )
