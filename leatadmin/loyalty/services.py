"""Loyalty corrections in Leat: give or take credits, give a reward, reverse
a reception; mark a reward collected, and undo that. Each is audited with the
staff member's reason (a collection's is an optional note)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import CollectableReward, Contact, LoyaltyTransaction, Reward

from . import selectors

CONTACT = "contact"
TRANSACTION = "transaction"


def credits_give(*, user: Any, contact: Contact, shop_uuid: str, reason: str, credits: int | None = None, purchase: Decimal | None = None) -> Done[LoyaltyTransaction]:
    """A credit reception: an exact number of `credits` (negative takes them
    back, Leat's way of a partial refund), or a `purchase` amount in euros
    for which the account's loyalty rules decide the credits."""
    sent: dict[str, Any] = {"contact_uuid": contact.uuid, "shop_uuid": shop_uuid}
    if credits is not None:
        sent["credits"] = credits
    else:
        sent["unit_value"] = str(purchase)
    with audited(user=user, action="loyalty.credits", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before={"credit_balance": contact.credit_balance}, sent=sent, reason=reason) as write:
        reception = leat().credit_receptions.create(contact_uuid=contact.uuid, shop_uuid=shop_uuid, credits=credits, unit_value=purchase)
        write.after = {"transaction_uuid": reception.uuid, "credits": reception.credits, "credit_balance": reception.contact_balance}
        write.result_id = reception.uuid
    return Done(Did.CREATED, reception)


def reward_give(*, user: Any, contact: Contact, reward: Reward, shop_uuid: str, reason: str) -> Done[LoyaltyTransaction]:
    sent = {"contact_uuid": contact.uuid, "reward_uuid": reward.uuid, "shop_uuid": shop_uuid}
    before = {"credit_balance": contact.credit_balance, "reward": reward.title, "required_credits": reward.required_credits}
    with audited(user=user, action="loyalty.reward", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before=before, sent=sent, reason=reason) as write:
        reception = leat().reward_receptions.create(contact_uuid=contact.uuid, reward_uuid=reward.uuid, shop_uuid=shop_uuid)
        write.after = {"transaction_uuid": reception.uuid, "credits": reception.credits, "credit_balance": reception.contact_balance}
        write.result_id = reception.uuid
    return Done(Did.CREATED, reception)


def reception_reverse(*, user: Any, contact: Contact, reception: LoyaltyTransaction, reason: str, sent_also: dict[str, Any] | None = None) -> Done[LoyaltyTransaction]:
    """Undo a credit or reward reception: Leat books a new credit reception of
    the opposite credits. Leat answers with the reversed reception itself, so
    the reversal's own record is looked up afterwards and kept in the audit
    entry: leatadmin then knows that row is a reversal (it cannot be undone).
    `sent_also`: kept with what was sent in the audit entry (a batch's undo: its batch and row)."""
    action = "loyalty.reverse_reward" if reception.is_reward else "loyalty.reverse_credits"
    before = {"credit_balance": contact.credit_balance, "credits": reception.credits}
    sent_at = timezone.now()
    with audited(user=user, action=action, target_type=TRANSACTION, target_id=reception.uuid, target_label=contact.email, contact_uuid=contact.uuid, before=before, sent={"transaction_uuid": reception.uuid, **(sent_also or {})}, reason=reason) as write:
        resource = leat().reward_receptions if reception.is_reward else leat().credit_receptions
        reversed_ = resource.reverse(reception.uuid)
        # What the reversal booked: the opposite of the reception (Leat's answer carries the reception's own credits).
        write.after = {"credits_booked": -reversed_.credits, "credit_balance": reversed_.contact_balance}
        write.result_id = selectors.reversal_booked(contact_uuid=contact.uuid, reception=reception, since=sent_at)
    return Done(Did.CHANGED, reversed_, ("reversed",))


def reward_collect(*, user: Any, contact_uuid: str, reward: CollectableReward, note: str) -> Done[CollectableReward]:
    """Mark a reward the contact claimed as picked up. What the panel showed is
    kept in the entry (`before`): Leat no longer lists a collected reward."""
    before = {"reward": reward.title, "collected": False, "claimed_at": reward.created_at, "expires_at": reward.expires_at}
    label = reward.contact.email if reward.contact else ""
    sent = {"reward_reception_uuid": reward.uuid}
    with audited(user=user, action=selectors.COLLECT, target_type=TRANSACTION, target_id=reward.uuid, target_label=label, contact_uuid=contact_uuid, before=before, sent=sent, reason=note) as write:
        collected = leat().collectable_rewards.collect(reward.uuid)
        # Leat's undo takes the uuid it answers with (the captured answers repeat the reward reception's).
        write.after = {"collected": collected.has_been_collected, "redemption_uuid": collected.uuid}
    return Done(Did.CHANGED, collected, ("collected",))


def reward_uncollect(*, user: Any, contact_uuid: str, collection: AuditEntry, reason: str) -> Done[CollectableReward | None]:
    """Undo a collection leatadmin made (`collection`, its audit entry). Leat's
    answer still says "collected" (the reward as it was), so what the undo did
    is read from the contact's list afterwards: the reward waits again, or, if
    Leat cannot be asked or no longer lists it (expired since), only that Leat
    accepted the undo is recorded. Done's object: the reward as listed, or None."""
    before = {"reward": collection.before.get("reward", ""), "collected": True}
    redemption = selectors.redemption_of(collection)
    with audited(
        user=user, action=selectors.UNCOLLECT, target_type=TRANSACTION, target_id=collection.target_id, target_label=collection.target_label,
        contact_uuid=contact_uuid, before=before, sent={"redemption_uuid": redemption}, reason=reason,
    ) as write:
        leat().collectable_rewards.reverse(redemption)
        write.after = {"reversed": True}
        try:
            listed = selectors.listed(selectors.contact_collectable_rewards(contact_uuid=contact_uuid), collection.target_id)
        except LeatError:
            listed = None  # Leat accepted the undo: the panel reads the list again anyway
        if listed is not None:
            write.after["collected"] = listed.has_been_collected
    return Done(Did.CHANGED, listed, ("collected",))
