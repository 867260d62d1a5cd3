"""Subscription types and a contact's subscriptions to them.

Types are named by `uuid` in subscribe/unsubscribe; an older type may have
none (`SubscriptionType.uuid is None`) and then cannot be changed over the
API. Subscribing to a DOUBLE_OPT_IN type gives `PENDING_CONFIRMATION`: Leat
mails the contact, who must confirm.
"""

from __future__ import annotations

from .models import Subscription, SubscriptionType
from .resource import Resource, items, segment


class SubscriptionTypes(Resource):
    def list(self) -> list[SubscriptionType]:
        return items(self.client.data("GET", "subscription-types"), SubscriptionType.from_api, "subscription type")


class ContactSubscriptions(Resource):
    def list(self, contact_uuid: str) -> list[Subscription]:
        data = self.client.data("GET", f"contact-subscriptions/{segment(contact_uuid)}")
        return items(data, Subscription.from_api, "subscription")

    def subscribe(self, contact_uuid: str, *, subscription_type_uuid: str) -> Subscription:
        data = self.client.data(
            "PUT", f"contact-subscriptions/{segment(contact_uuid)}/subscribe", json={"subscription_type_uuid": _named(subscription_type_uuid)}
        )
        return Subscription.from_api(data)

    def unsubscribe(self, contact_uuid: str, *, subscription_type_uuid: str) -> Subscription:
        data = self.client.data(
            "PUT", f"contact-subscriptions/{segment(contact_uuid)}/unsubscribe", json={"subscription_type_uuid": _named(subscription_type_uuid)}
        )
        return Subscription.from_api(data)


def _named(uuid: str | None) -> str:
    if not uuid:
        raise ValueError("This subscription type has no uuid, so Leat's API cannot change it.")
    return uuid
