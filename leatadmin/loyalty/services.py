"""Loyalty corrections in Leat: give or take credits, give a reward, reverse
a reception. Each is audited with the staff member's reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.models import Contact, LoyaltyTransaction, Reward

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
    return Done(Did.CREATED, reception)


def reward_give(*, user: Any, contact: Contact, reward: Reward, shop_uuid: str, reason: str) -> Done[LoyaltyTransaction]:
    sent = {"contact_uuid": contact.uuid, "reward_uuid": reward.uuid, "shop_uuid": shop_uuid}
    before = {"credit_balance": contact.credit_balance, "reward": reward.title, "required_credits": reward.required_credits}
    with audited(user=user, action="loyalty.reward", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before=before, sent=sent, reason=reason) as write:
        reception = leat().reward_receptions.create(contact_uuid=contact.uuid, reward_uuid=reward.uuid, shop_uuid=shop_uuid)
        write.after = {"transaction_uuid": reception.uuid, "credits": reception.credits, "credit_balance": reception.contact_balance}
    return Done(Did.CREATED, reception)


def reception_reverse(*, user: Any, contact: Contact, transaction_uuid: str, reward: bool, reason: str) -> Done[LoyaltyTransaction]:
    """Undo a credit or reward reception: Leat books the opposite credits."""
    action = "loyalty.reverse_reward" if reward else "loyalty.reverse_credits"
    with audited(user=user, action=action, target_type=TRANSACTION, target_id=transaction_uuid, target_label=contact.email, contact_uuid=contact.uuid, before={"credit_balance": contact.credit_balance}, sent={"transaction_uuid": transaction_uuid}, reason=reason) as write:
        resource = leat().reward_receptions if reward else leat().credit_receptions
        reversed_ = resource.reverse(transaction_uuid)
        write.after = {"credits": reversed_.credits, "credit_balance": reversed_.contact_balance}
    return Done(Did.CHANGED, reversed_, ("reversed",))
