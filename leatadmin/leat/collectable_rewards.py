"""Collectable rewards: physical rewards a contact claimed and has yet to pick
up at a shop; marking one collected, and undoing that."""

from __future__ import annotations

from .models import CollectableReward
from .resource import Resource, items, segment


class CollectableRewards(Resource):
    def list(self, contact_uuid: str) -> list[CollectableReward]:
        """What the contact claimed and has not collected (Leat does not page it)."""
        data = self.client.data("GET", "collectable-rewards", params={"contact_uuid": contact_uuid})
        return items(data, CollectableReward.from_api, "collectable reward")

    def collect(self, loyalty_transaction_uuid: str) -> CollectableReward:
        """Mark it collected; `loyalty_transaction_uuid` is the reward's `uuid` in `list`."""
        return CollectableReward.from_api(self.client.data("PUT", f"collectable-rewards/collect/{segment(loyalty_transaction_uuid)}"))

    def reverse(self, uuid: str) -> CollectableReward:
        """Undo a collection: `uuid` is the one `collect` answered with."""
        return CollectableReward.from_api(self.client.data("POST", f"collectable-rewards/{segment(uuid)}/reverse"))
