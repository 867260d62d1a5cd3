"""Typed records for what Leat returns, and the tolerant parsing they need.

Leat is loose in places (dates with `T` or a space, numbers as strings,
`meta` as `[]` or `{}`, nulls anywhere, undocumented extra fields) and the
records absorb that here, once. They are strict where a missing value would
make the record meaningless: an object without its identifier is a
`BadResponse`, never a half-filled record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypedDict, TypeVar

from .errors import BadResponse

T = TypeVar("T")


# --- Value parsing -----------------------------------------------------


def parse_datetime(value: Any) -> dt.datetime | None:
    """ISO 8601 with `T` or a space, `Z` or an offset; naive values are UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise BadResponse(f"Leat sent a date that could not be read: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def parse_int(value: Any) -> int | None:
    """Numbers may arrive as strings ("10") or floats (10.0)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise BadResponse(f"Leat sent a number that could not be read: {value!r}") from None


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadResponse(f"Leat sent a number that could not be read: {value!r}") from None


def parse_id(value: Any) -> str | None:
    """Identifiers are opaque strings: `123` and `12345-abcdefg` are both valid."""
    if value is None or value == "":
        return None
    return str(value)


def parse_str(value: Any) -> str:
    return "" if value is None else str(value)


def parse_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def as_dict(value: Any) -> dict[str, Any]:
    """`meta` and nested objects come as `{}`, `[]` or null when empty."""
    return value if isinstance(value, dict) else {}


def require_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadResponse(f"Leat sent no {what} where one was expected.")
    return value


def require_id(data: dict[str, Any], what: str) -> str:
    uuid = parse_id(data.get("uuid"))
    if uuid is None:
        raise BadResponse(f"Leat sent a {what} without its identifier.")
    return uuid


# --- Records -----------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    uuid: str
    name: str
    type: str = ""
    reference: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Shop:
        data = require_dict(data, "shop")
        return cls(
            uuid=require_id(data, "shop"),
            name=parse_str(data.get("name")),
            type=parse_str(data.get("type")),
            reference=parse_str(data.get("reference")),
        )

    @classmethod
    def optional(cls, data: Any) -> Shop | None:
        return cls.from_api(data) if isinstance(data, dict) and data.get("uuid") is not None else None


@dataclass(frozen=True)
class ContactSummary:
    """The `{uuid, email}` stub nested in visits, bookings and transactions."""

    uuid: str
    email: str = ""

    @classmethod
    def from_api(cls, data: Any) -> ContactSummary:
        data = require_dict(data, "contact")
        return cls(uuid=require_id(data, "contact"), email=parse_str(data.get("email")))


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
class SubscriptionType:
    """A kind of mailing a contact can be subscribed to. Leat identifies it by
    `uuid` in subscribe/unsubscribe calls; older types may have a null uuid."""

    id: int | None
    uuid: str | None
    name: str
    strategy: str = ""  # OPT_IN, DOUBLE_OPT_IN or OPT_OUT
    description: str = ""
    active: bool = True

    @classmethod
    def from_api(cls, data: Any) -> SubscriptionType:
        data = as_dict(data)
        return cls(
            id=parse_int(data.get("id")),
            uuid=parse_id(data.get("uuid")),
            name=parse_str(data.get("name")),
            strategy=parse_str(data.get("strategy")),
            description=parse_str(data.get("description")),
            active=parse_bool(data.get("active", True)),
        )


@dataclass(frozen=True)
class Subscription:
    type: SubscriptionType
    status: str  # SUBSCRIBED, UNSUBSCRIBED or PENDING_CONFIRMATION (docs show 0 too)
    is_subscribed: bool

    @classmethod
    def from_api(cls, data: Any) -> Subscription:
        data = as_dict(data)
        return cls(
            type=SubscriptionType.from_api(data.get("subscription_type")),
            status=parse_str(data.get("status")),
            is_subscribed=parse_bool(data.get("is_subscribed")),
        )

    @property
    def name(self) -> str:
        return self.type.name

    @property
    def strategy(self) -> str:
        return self.type.strategy


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
class CreditBalance:
    balance: int

    @classmethod
    def from_api(cls, data: Any) -> CreditBalance:
        return cls(balance=parse_int(require_dict(data, "credit balance").get("balance")) or 0)


@dataclass(frozen=True)
class PrepaidBalance:
    balance_in_cents: int
    balance: str = ""

    @classmethod
    def from_api(cls, data: Any) -> PrepaidBalance:
        data = require_dict(data, "prepaid balance")
        return cls(
            balance_in_cents=parse_int(data.get("balance_in_cents")) or 0,
            balance=parse_str(data.get("balance")),
        )


@dataclass(frozen=True)
class RewardSummary:
    """The reward a reward reception is for."""

    uuid: str | None
    title: str
    required_credits: int | None = None
    reward_type: str = ""

    @classmethod
    def optional(cls, data: Any) -> RewardSummary | None:
        if not isinstance(data, dict):
            return None
        return cls(
            uuid=parse_id(data.get("uuid")),
            title=parse_str(data.get("title")),
            required_credits=parse_int(data.get("required_credits")),
            reward_type=parse_str(data.get("reward_type")),
        )


@dataclass(frozen=True)
class LoyaltyTransaction:
    """A credit reception or a reward reception.

    `credits` carries Leat's own sign: a reward reception spends credits and
    comes as a negative number (-2); a credit reception is usually positive
    but is negative for a partial refund. Never flip it.
    """

    uuid: str
    type: str
    credits: int
    created_at: dt.datetime | None
    shop: Shop | None = None
    unit_value: Decimal | None = None
    unit_label: str = ""
    contact_uuid: str | None = None
    #: The loyalty card used for it (Leat's `contact_identifier.value`), if any.
    card: str = ""
    #: Reward receptions only.
    title: str = ""
    reward: RewardSummary | None = None
    expires_at: dt.datetime | None = None
    has_been_collected: bool | None = None
    #: The contact's credit balance Leat reports with the transaction (after
    #: it, on the create and reverse answers).
    contact_balance: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> LoyaltyTransaction:
        data = require_dict(data, "loyalty transaction")
        reward = RewardSummary.optional(data.get("reward"))
        collected = data.get("has_been_collected")
        return cls(
            uuid=require_id(data, "loyalty transaction"),
            type=parse_str(data.get("type")),
            credits=parse_int(data.get("credits")) or 0,
            created_at=parse_datetime(data.get("created_at")),
            shop=Shop.optional(data.get("shop")),
            unit_value=parse_decimal(data.get("unit_value")),
            unit_label=parse_str(as_dict(data.get("unit")).get("label")),
            contact_uuid=parse_id(as_dict(data.get("contact")).get("uuid")),
            card=parse_str(as_dict(data.get("contact_identifier")).get("value")),
            title=parse_str(data.get("title")) or (reward.title if reward else ""),
            reward=reward,
            expires_at=parse_datetime(data.get("expires_at")),
            has_been_collected=None if collected is None else parse_bool(collected),
            contact_balance=parse_int(as_dict(as_dict(data.get("contact")).get("credit_balance")).get("balance")),
        )

    @property
    def is_reward(self) -> bool:
        return self.type.endswith("reward_reception")


@dataclass(frozen=True)
class Reward:
    """A reward of the loyalty program (`GET rewards`); `required_credits` is
    what a reward reception of it costs (booked as minus that)."""

    uuid: str
    title: str
    required_credits: int = 0
    description: str = ""
    reward_type: str = ""
    is_active: bool = True
    media_url: str = ""
    #: Seconds a received reward stays valid (None: it does not expire).
    expiration_duration: int | None = None
    #: None where Leat does not say (the list does not): no limit known.
    stock: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> Reward:
        data = require_dict(data, "reward")
        return cls(
            uuid=require_id(data, "reward"),
            title=parse_str(data.get("title")),
            required_credits=parse_int(data.get("required_credits")) or 0,
            description=parse_str(data.get("description")),
            reward_type=parse_str(data.get("reward_type")) or parse_str(data.get("type")),
            is_active=parse_bool(data.get("is_active", data.get("active", True))),
            media_url=parse_str(as_dict(data.get("media")).get("value")),
            expiration_duration=parse_int(data.get("expiration_duration")),
            stock=parse_int(data.get("stock")),
        )


@dataclass(frozen=True)
class LoyaltyProgram:
    """The program's settings: what credits are called, the most one credit
    reception may give, and the unit its rules count in."""

    name: str
    credit_name: str = "Credits"
    max_amount: int | None = None
    unit_name: str = ""
    unit_label: str = ""
    unit_prefix: str = ""

    @classmethod
    def from_api(cls, data: Any) -> LoyaltyProgram:
        data = require_dict(data, "loyalty program")
        unit = as_dict(data.get("unit"))
        return cls(
            name=parse_str(data.get("name")),
            credit_name=parse_str(data.get("custom_credit_name")) or "Credits",
            max_amount=parse_int(data.get("max_amount")),
            unit_name=parse_str(unit.get("name")),
            unit_label=parse_str(unit.get("label")),
            unit_prefix=parse_str(unit.get("prefix")),
        )


@dataclass(frozen=True)
class CreditCalculation:
    """`GET credit-receptions/calculate`: the credits a reception would give."""

    credits: int

    @classmethod
    def from_api(cls, data: Any) -> CreditCalculation:
        credits = parse_int(require_dict(data, "credit calculation").get("credits"))
        if credits is None:
            raise BadResponse("Leat sent a credit calculation without credits.")
        return cls(credits=credits)


@dataclass(frozen=True)
class ContactIdentifier:
    """A loyalty card (or any identifier): `contact` is None while unlinked.
    Its `value` is what identifies it (there is no uuid)."""

    value: str
    name: str = ""
    active: bool = True
    contact: ContactSummary | None = None

    @classmethod
    def from_api(cls, data: Any) -> ContactIdentifier:
        data = require_dict(data, "contact identifier")
        value = parse_str(data.get("value"))
        if not value:
            raise BadResponse("Leat sent a contact identifier without its value.")
        contact = data.get("contact")
        return cls(
            value=value,
            name=parse_str(data.get("name")),
            active=parse_bool(data.get("active", True)),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        )


@dataclass(frozen=True)
class PrepaidTransaction:
    """Money on a contact's prepaid balance, in cents: positive tops it up,
    negative pays or refunds. `balance_in_cents` is the balance it left."""

    uuid: str
    amount_in_cents: int
    balance_in_cents: int | None = None
    created_at: dt.datetime | None = None
    shop: Shop | None = None
    #: The card used (Leat's `contact_identifier.value`), if any.
    card: str = ""
    #: List items only; the create and reverse answers carry no contact.
    contact: ContactSummary | None = None

    @classmethod
    def from_api(cls, data: Any) -> PrepaidTransaction:
        data = require_dict(data, "prepaid transaction")
        contact = data.get("contact")
        return cls(
            uuid=require_id(data, "prepaid transaction"),
            amount_in_cents=parse_int(data.get("amount_in_cents")) or 0,
            balance_in_cents=parse_int(as_dict(data.get("prepaid_balance")).get("balance_in_cents")),
            created_at=parse_datetime(data.get("created_at")),
            shop=Shop.optional(data.get("shop")),
            card=parse_str(as_dict(data.get("contact_identifier")).get("value")),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        )


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


def _visit_fields(data: dict[str, Any], what: str) -> dict[str, Any]:
    """What a visit and a booking share (a booking is a visit with more)."""
    contact = data.get("contact")
    return {
        "uuid": require_id(data, what),
        "contact": ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        "external_id": parse_str(data.get("external_id")),
        "source": parse_str(data.get("source")),
        "starts_at": parse_datetime(data.get("starts_at")),
        "ends_at": parse_datetime(data.get("ends_at")),
        "created_at": parse_datetime(data.get("created_at")),
        "shop": Shop.optional(data.get("shop")),
    }


@dataclass(frozen=True)
class Visit:
    uuid: str
    contact: ContactSummary | None
    external_id: str = ""
    source: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    shop: Shop | None = None

    @classmethod
    def from_api(cls, data: Any) -> Visit:
        return cls(**_visit_fields(require_dict(data, "visit"), "visit"))


@dataclass(frozen=True)
class Booking(Visit):
    checked_in_at: dt.datetime | None = None
    number_of_people: int | None = None
    company_name: str = ""
    status: str = ""
    prepaid_amount: int | None = None  # cents

    @classmethod
    def from_api(cls, data: Any) -> Booking:
        data = require_dict(data, "booking")
        return cls(
            **_visit_fields(data, "booking"),
            checked_in_at=parse_datetime(data.get("checked_in_at")),
            number_of_people=parse_int(data.get("number_of_people")),
            company_name=parse_str(data.get("company_name")),
            status=parse_str(data.get("status")),
            prepaid_amount=parse_int(data.get("prepaid_amount")),
        )


class Listed(TypedDict, Generic[T], total=False):
    """A list's answer as `Page.from_api` reads it, its items of shape T (a
    TypedDict of the members wanted): for `LeatClient.request(shape=...)`."""

    data: list[T]
    meta: Any


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, whatever pagination shape Leat used."""

    items: list[T]
    page: int
    last_page: int
    total: int
    per_page: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_api(cls, body: Any, parse: Callable[[Any], T], *, requested_page: int = 1, requested_limit: int = 0) -> Page[T]:
        body = require_dict(body, "list")
        data = body.get("data")
        if not isinstance(data, list):
            raise BadResponse("Leat sent no list where one was expected.")
        meta = as_dict(body.get("meta"))
        items = [parse(item) for item in data]
        # Three shapes: {page, limit, last_page, total} (transactions),
        # {current_page, per_page, last_page, total} (visits) and Laravel's
        # full paginator (the same keys plus from/to/links/path).
        page = parse_int(meta.get("page", meta.get("current_page"))) or requested_page
        per_page = parse_int(meta.get("limit", meta.get("per_page"))) or requested_limit or len(items)
        total = parse_int(meta.get("total"))
        if total is None:
            total = (page - 1) * per_page + len(items)
        last_page = parse_int(meta.get("last_page"))
        if last_page is None:
            last_page = max(1, -(-total // per_page)) if per_page else 1
        return cls(items=items, page=page, last_page=max(1, last_page), total=total, per_page=per_page)
