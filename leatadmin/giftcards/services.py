"""Writing gift cards in Leat: pay with one or top it up, undo its last
transaction, email it again, make a new digital one. Every write is audited
(target: the card, by its uuid; named by its number)."""

from __future__ import annotations

from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat.models import Giftcard, GiftcardTransaction

from .selectors import transaction_ref

GIFTCARD = "giftcard"
PAY, TOP_UP = "giftcard.pay", "giftcard.top_up"


def transaction_values(transaction: GiftcardTransaction, *, balance_in_cents: int | None = None) -> dict[str, Any]:
    """A transaction as the audit log keeps it (the balance it left, when known)."""
    values = {"giftcard_transaction": transaction_ref(transaction), "uuid": transaction.uuid, "amount_in_cents": transaction.amount_in_cents}
    if balance_in_cents is not None:
        values["giftcard_balance_in_cents"] = balance_in_cents
    return values


def card_values(card: Giftcard) -> dict[str, Any]:
    return {"giftcard_balance_in_cents": card.amount_in_cents}


def giftcard_book(*, user: Any, card: Giftcard, shop_uuid: str, amount_in_cents: int, reason: str) -> Done[GiftcardTransaction]:
    """Pay with the card (negative cents) or top it up (positive)."""
    sent = {"giftcard_uuid": card.uuid, "amount_in_cents": amount_in_cents, "shop_uuid": shop_uuid}
    action = TOP_UP if amount_in_cents > 0 else PAY
    with audited(user=user, action=action, target_type=GIFTCARD, target_id=card.uuid, target_label=card.hash, before=card_values(card), sent=sent, reason=reason) as write:
        transaction = leat().giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=amount_in_cents, shop_uuid=shop_uuid)
        write.after = transaction_values(transaction, balance_in_cents=card.amount_in_cents + transaction.amount_in_cents)
        write.result_id = transaction_ref(transaction)
    return Done(Did.CREATED, transaction)


def giftcard_undo(*, user: Any, card: Giftcard, transaction: GiftcardTransaction, reason: str) -> Done[GiftcardTransaction]:
    """Leat books the opposite of the card's last transaction and answers with it."""
    before = {**card_values(card), **transaction_values(transaction)}
    with audited(
        user=user, action="giftcard.undo", target_type=GIFTCARD, target_id=card.uuid, target_label=card.hash,
        before=before, sent={"giftcard_transaction_uuid": transaction.uuid}, reason=reason,
    ) as write:
        correction = leat().giftcard_transactions.correct(transaction.uuid)
        write.after = transaction_values(correction, balance_in_cents=card.amount_in_cents + correction.amount_in_cents)
        write.result_id = transaction_ref(correction)
    return Done(Did.CREATED, correction)


def giftcard_send(*, user: Any, card: Giftcard, contact_uuid: str, reason: str) -> Done[Giftcard]:
    """Leat emails the card to the contact (with the account's gift card email)."""
    with audited(
        user=user, action="giftcard.send", target_type=GIFTCARD, target_id=card.uuid, target_label=card.hash, contact_uuid=contact_uuid,
        sent={"contact_uuid": contact_uuid}, reason=reason,
    ) as write:
        answer = leat().giftcards.send_by_email(card.uuid, contact_uuid=contact_uuid)
        write.after = {"contact_uuid": contact_uuid}
    return Done(Did.CHANGED, answer or card)


def giftcard_create(*, user: Any, program_uuid: str, program_name: str, reason: str) -> Done[Giftcard]:
    """A new digital card of the program, with nothing on it."""
    with audited(user=user, action="giftcard.create", target_type=GIFTCARD, target_label=program_name, sent={"giftcard_program_uuid": program_uuid}, reason=reason) as write:
        card = leat().giftcards.create(giftcard_program_uuid=program_uuid)
        write.target_id, write.target_label, write.result_id = card.uuid, card.hash, card.uuid
        write.after = {"uuid": card.uuid, "giftcard_number": card.hash, **card_values(card)}
    return Done(Did.CREATED, card)
