"""Loyalty corrections in Leat: give or take credits, give a reward, reverse
a reception. Each is audited with the staff member's reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.models import Contact, LoyaltyTransaction, Reward

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


def reception_reverse(*, user: Any, contact: Contact, reception: LoyaltyTransaction, reason: str) -> Done[LoyaltyTransaction]:
    """Undo a credit or reward reception: Leat books a new credit reception of
    the opposite credits. Leat answers with the reversed reception itself, so
    the reversal's own record is looked up afterwards and kept in the audit
    entry: leatadmin then knows that row is a reversal (it cannot be undone)."""
    action = "loyalty.reverse_reward" if reception.is_reward else "loyalty.reverse_credits"
    before = {"credit_balance": contact.credit_balance, "credits": reception.credits}
    sent_at = timezone.now()
    with audited(user=user, action=action, target_type=TRANSACTION, target_id=reception.uuid, target_label=contact.email, contact_uuid=contact.uuid, before=before, sent={"transaction_uuid": reception.uuid}, reason=reason) as write:
        resource = leat().reward_receptions if reception.is_reward else leat().credit_receptions
        reversed_ = resource.reverse(reception.uuid)
        # What the reversal booked: the opposite of the reception (Leat's answer carries the reception's own credits).
        write.after = {"credits_booked": -reversed_.credits, "credit_balance": reversed_.contact_balance}
        write.result_id = selectors.reversal_booked(contact_uuid=contact.uuid, reception=reception, since=sent_at)
    return Done(Did.CHANGED, reversed_, ("reversed",))
