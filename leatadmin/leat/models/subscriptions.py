"""Mailing subscriptions: the kinds an account has, and a contact's status for each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .values import as_dict, parse_bool, parse_id, parse_int, parse_str


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
