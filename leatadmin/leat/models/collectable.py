"""Collectable rewards: physical rewards a contact claimed (a reward reception)
and picks up at a shop.

Leat answers `collect` and `reverse` with the whole reward reception in the
captured answers and with only `{uuid, status}` in its docs; both are read.
The captured `reverse` answer still says `has_been_collected: true` (the
reward as it was collected): after an undo, `list` says it waits again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .common import ContactSummary
from .loyalty import RewardSummary
from .values import as_dict, parse_bool, parse_datetime, parse_str, require_dict, require_id

#: The docs' `status` after collect and after reverse.
COLLECTED, REVERSED = "COLLECTED", "REVERSED"


@dataclass(frozen=True)
class CollectableReward:
    """`uuid` is the loyalty transaction (the reward reception) that claimed it:
    what `collect` takes, and what Leat answers `collect` with (its captured
    answer names the same uuid), so `reverse` takes it too."""

    uuid: str
    title: str = ""
    reward: RewardSummary | None = None
    contact: ContactSummary | None = None
    created_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    has_been_collected: bool = False
    #: The docs' short answers only ("COLLECTED", "REVERSED"); "" otherwise.
    status: str = ""
    media_url: str = ""

    @classmethod
    def from_api(cls, data: Any) -> CollectableReward:
        data = require_dict(data, "collectable reward")
        reward = as_dict(data.get("reward"))
        contact = data.get("contact")
        status = parse_str(data.get("status")).upper()
        collected = data.get("has_been_collected")
        return cls(
            uuid=require_id(data, "collectable reward"),
            title=parse_str(data.get("title")) or parse_str(reward.get("title")),
            reward=RewardSummary.optional(data.get("reward")),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) and contact.get("uuid") is not None else None,
            created_at=parse_datetime(data.get("created_at")),
            expires_at=parse_datetime(data.get("expires_at")),
            has_been_collected=status == COLLECTED if collected is None else parse_bool(collected),
            status=status,
            media_url=parse_str(as_dict(reward.get("media")).get("value")),
        )

    def is_expired(self, at: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= at
