"""Subscribing and unsubscribing a contact in Leat. Every write is audited."""

from __future__ import annotations

from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.models import Subscription


def subscription_change(*, user: Any, contact_uuid: str, type_uuid: str, type_name: str, subscribe: bool, status_before: str, reason: str) -> Done[Subscription]:
    """Subscribe (a double opt-in type becomes pending until the contact confirms) or unsubscribe."""
    verb = "subscribe" if subscribe else "unsubscribe"
    sent = {"subscription_type_uuid": type_uuid}
    with audited(
        user=user, action=f"subscription.{verb}", target_type="contact", target_id=contact_uuid,
        target_label=type_name or type_uuid, before={"status": status_before}, sent=sent, reason=reason,
    ) as write:
        change = leat().subscriptions.subscribe if subscribe else leat().subscriptions.unsubscribe
        subscription = change(contact_uuid, subscription_type_uuid=type_uuid)
        write.after = {"status": subscription.status, "is_subscribed": subscription.is_subscribed}
    return Done(Did.CHANGED, subscription, ("status",))
