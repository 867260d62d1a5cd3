"""The loyalty program: its settings, rewards, a contact's credit balance,
and the loyalty transactions (credit and reward receptions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import BadResponse
from .common import Shop
from .values import as_dict, parse_bool, parse_datetime, parse_decimal, parse_id, parse_int, parse_str, require_dict, require_id


@dataclass(frozen=True)
class CreditBalance:
    balance: int

    @classmethod
    def from_api(cls, data: Any) -> CreditBalance:
        return cls(balance=parse_int(require_dict(data, "credit balance").get("balance")) or 0)


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
