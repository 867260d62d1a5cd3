"""Rewards and reward receptions (a contact receiving a reward for credits).

A reward reception comes back with Leat's sign: minus the reward's cost.
Reversing one gives the credits back (Leat books a credit reception of the
cost) and answers with the reversed reward reception.
"""

from __future__ import annotations

from .models import LoyaltyTransaction, Reward
from .resource import Resource, items, segment


class Rewards(Resource):
    def list(self, *, contact_uuid: str | None = None, shop_uuid: str | None = None) -> list[Reward]:
        """Every reward; with `contact_uuid`, those the contact can claim now
        (active, in stock, under its claim limit). Affordability is not
        filtered: compare `required_credits` with the balance."""
        params = {"contact_uuid": contact_uuid, "shop_uuid": shop_uuid}
        return items(self.client.data("GET", "rewards", params=params), Reward.from_api, "reward")


class RewardReceptions(Resource):
    def create(self, *, contact_uuid: str, reward_uuid: str, shop_uuid: str, contact_identifier_value: str | None = None) -> LoyaltyTransaction:
        payload = {"contact_uuid": contact_uuid, "reward_uuid": reward_uuid, "shop_uuid": shop_uuid}
        if contact_identifier_value:
            payload["contact_identifier_value"] = contact_identifier_value
        return LoyaltyTransaction.from_api(self.client.data("POST", "reward-receptions", json=payload))

    def reverse(self, uuid: str) -> LoyaltyTransaction:
        return LoyaltyTransaction.from_api(self.client.data("POST", f"reward-receptions/{segment(uuid)}/reverse"))
