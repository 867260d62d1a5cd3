"""Booking prepaid money in Leat: a top-up, a refund, a reversal. Every write is audited."""

from __future__ import annotations

from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.models import PrepaidTransaction

CONTACT = "contact"


def transaction_values(transaction: PrepaidTransaction) -> dict[str, Any]:
    """A transaction as the audit log keeps it."""
    return {"uuid": transaction.uuid, "amount_in_cents": transaction.amount_in_cents, "balance_in_cents": transaction.balance_in_cents}


def prepaid_book(*, user: Any, contact_uuid: str, contact_label: str, shop_uuid: str, amount_in_cents: int, balance_before: int | None, reason: str) -> Done[PrepaidTransaction]:
    """A top-up (positive cents) or a refund (negative cents)."""
    action = "prepaid.top_up" if amount_in_cents > 0 else "prepaid.refund"
    sent = {"contact_uuid": contact_uuid, "shop_uuid": shop_uuid, "amount_in_cents": amount_in_cents}
    before = {"balance_in_cents": balance_before}
    with audited(user=user, action=action, target_type=CONTACT, target_id=contact_uuid, target_label=contact_label, before=before, sent=sent, reason=reason) as write:
        transaction = leat().prepaid.create(contact_uuid=contact_uuid, shop_uuid=shop_uuid, amount_in_cents=amount_in_cents)
        write.after, write.result_id = transaction_values(transaction), transaction.uuid
    return Done(Did.CREATED, transaction)


def prepaid_reverse(*, user: Any, contact_uuid: str, contact_label: str, transaction: PrepaidTransaction, reason: str) -> Done[PrepaidTransaction]:
    """Leat books the opposite amount as a new transaction and answers with it."""
    before = transaction_values(transaction)
    with audited(
        user=user, action="prepaid.reverse", target_type=CONTACT, target_id=contact_uuid, target_label=contact_label,
        before=before, sent={"prepaid_transaction_uuid": transaction.uuid}, reason=reason,
    ) as write:
        reversal = leat().prepaid.reverse(transaction.uuid)
        write.after, write.result_id = transaction_values(reversal), reversal.uuid
    return Done(Did.CREATED, reversal)
