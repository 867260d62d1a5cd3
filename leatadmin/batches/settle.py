"""What a row's write did when its answer never came: the same settlement
rule as a single correction (audit/settlement.py), for the apply's credit
receptions and the undo's reversals alike.

Two ways a row's answer is lost:

* Leat's answer was lost in transit (the client says `outcome_unknown`):
  `audited` recorded the write as of unknown outcome, and the row is settled
  against that entry at once.
* The worker ended while the row was being sent (it is still claimed by an
  execution that is gone): the next run takes such rows up first, before
  anything else is sent. Its audit entries since the claim tell how far it
  got; if it left none (killed mid-call), the lost write is recorded now.

Either way the row is settled only against the one Leat transaction that
matches it exactly, was booked since the write was sent and that no audit
entry accounts for; else its outcome stays unknown, and it is never sent again.

A row left unknown is checked again, by the same rule, when staff press
"Check unknown rows again" on the batch's page (settle_later; Leat may show
the transaction by then, or could not be asked at the time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from leatadmin.audit.models import AuditEntry
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import LoyaltyTransaction

from . import selectors, services
from .models import BatchRow, RowState

REVERSE = "loyalty.reverse_credits"
#: What `audited` writes for an exception that is not Leat's: the call may have left.
OUR_ERROR = "leatadmin error before Leat answered"


@dataclass(frozen=True)
class Side:
    """The apply's write of a row, or the undo's."""

    undo: bool

    @property
    def action(self) -> str:
        return REVERSE if self.undo else services.CREDITS

    def target_id(self, row: BatchRow) -> str:
        return row.transaction_uuid if self.undo else ""

    def sent(self, row: BatchRow) -> dict[str, Any]:
        if self.undo:
            return {"transaction_uuid": row.transaction_uuid, "batch": row.batch_id, "batch_row": row.number}
        return services.batch_sent(row)

    def claimed_at(self, row: BatchRow):
        return row.undo_claimed_at if self.undo else row.claimed_at

    def matches(self, row: BatchRow):
        def same_shop(item: LoyaltyTransaction) -> bool:
            return (item.shop.uuid if item.shop else "") == row.shop_uuid

        if self.undo:  # the reversal: the opposite credits, same shop, another reception
            return lambda item: item.type == "credit_reception" and item.uuid != row.transaction_uuid and item.credits == -(row.give or 0) and same_shop(item)

        def same(item: LoyaltyTransaction) -> bool:
            if item.type != "credit_reception" or item.credits != row.give or not same_shop(item):
                return False
            return row.purchase is None or item.unit_value is None or item.unit_value == row.purchase

        return same

    def ended(self, state: str, *, uuid: str = "", balance: int | None = None, answer: str = "", kind: str = "") -> dict[str, Any]:
        """The row's fields for how its write ended."""
        if self.undo:
            return {"undo_state": state, "undo_transaction_uuid": uuid, "undo_answer": answer, "undo_answer_kind": kind}
        return {"state": state, "transaction_uuid": uuid, "balance_after": balance, "answer": answer, "answer_kind": kind}

    def back_in_line(self) -> dict[str, Any]:
        """Leat did not act: the row is pending again, to be sent by whoever comes next."""
        if self.undo:
            return {"undo_state": RowState.PENDING, "undo_attempt": "", "undo_claimed_at": None}
        return {"state": RowState.PENDING, "attempt": "", "claimed_at": None}


APPLY, UNDO = Side(undo=False), Side(undo=True)


def settle(side: Side, *, user: Any, row: BatchRow, entry: AuditEntry, attempt: str) -> str:
    """A lost write of this row (its audit entry, outcome unknown): settled
    against Leat, else of unknown outcome. Returns the row's state."""
    try:
        found = selectors.booked_for(contact_uuid=row.contact_uuid, since=entry.sent_at or entry.created_at, matches=side.matches(row))
    except LeatError:
        found = None  # Leat cannot be asked now: the outcome stays unknown
    if found is None:
        services.row_set(row.pk, by=attempt, undo=side.undo, **side.ended(RowState.UNKNOWN))
        return RowState.UNKNOWN
    after = {"credits_booked": found.credits} if side.undo else {"transaction_uuid": found.uuid, "credits": found.credits}
    services.lost_write_settled(user=user, entry=entry, found=found, after=after)
    services.row_set(row.pk, by=attempt, undo=side.undo, **side.ended(RowState.SETTLED, uuid=found.uuid, balance=found.contact_balance))
    return RowState.SETTLED


def recover(side: Side, *, user: Any, row: BatchRow, attempt: str) -> str:
    """A row an execution that is gone left claimed: how far its write got,
    from the audit entries since the claim, else from Leat. Returns the row's state."""
    holder, state = ("undo_attempt", "undo_state") if side.undo else ("attempt", "state")
    if not BatchRow.objects.filter(pk=row.pk, **{state: RowState.WRITING, holder: getattr(row, holder)}).update(**{holder: attempt}):
        return ""  # another execution took it up first
    claimed_at = side.claimed_at(row)
    entries = selectors.row_entries(row, action=side.action, target_id=side.target_id(row))
    entry = (entries.filter(sent_at__gte=claimed_at) if claimed_at else entries).first()
    if entry is None:  # the worker ended mid-call: nothing recorded the write
        entry = services.lost_write_record(user=user, row=row, action=side.action, target_id=side.target_id(row) or row.contact_uuid, sent=side.sent(row), sent_at=claimed_at)
        return settle(side, user=user, row=row, entry=entry, attempt=attempt)
    if entry.outcome == AuditEntry.Outcome.SUCCEEDED:
        made = entry.result_id
        services.row_set(row.pk, by=attempt, undo=side.undo, **side.ended(RowState.DONE, uuid=made, balance=entry.after.get("credit_balance")))
        return RowState.DONE
    if entry.outcome == AuditEntry.Outcome.UNKNOWN:
        found = selectors.settled_entry(entry)
        if found is not None:
            services.row_set(row.pk, by=attempt, undo=side.undo, **side.ended(RowState.SETTLED, uuid=found.result_id))
            return RowState.SETTLED
        return settle(side, user=user, row=row, entry=entry, attempt=attempt)
    if entry.error_message.startswith(OUR_ERROR):  # failed on our side: the call may have left
        return settle(side, user=user, row=row, entry=entry, attempt=attempt)
    if entry.error_status and 400 <= entry.error_status < 500 and entry.error_status != 429:
        services.row_set(row.pk, by=attempt, undo=side.undo, **side.ended(RowState.REFUSED, answer=entry.error_message))
        return RowState.REFUSED
    services.row_set(row.pk, by=attempt, undo=side.undo, **side.back_in_line())  # 429, Leat down: Leat did not act
    return RowState.PENDING


def settle_later(side: Side, *, user: Any, row: BatchRow) -> str:
    """A row whose outcome stayed unknown, checked again against Leat by the
    same rule: settled if Leat now shows exactly the transaction its lost write
    made, else still unknown. LeatError is raised (Leat cannot be asked now).
    Returns the row's state."""
    entry = selectors.row_entries(row, action=side.action, target_id=side.target_id(row)).filter(outcome=AuditEntry.Outcome.UNKNOWN).first()
    if entry is None:
        return RowState.UNKNOWN  # no record of the write to settle against: staff check the contact
    already = selectors.settled_entry(entry)  # settled since, elsewhere (another check)
    if already is not None:
        services.row_settled_later(row.pk, undo=side.undo, **side.ended(RowState.SETTLED, uuid=already.result_id, balance=(already.after or {}).get("credit_balance")))
        return RowState.SETTLED
    found = selectors.booked_for(contact_uuid=row.contact_uuid, since=entry.sent_at or entry.created_at, matches=side.matches(row))
    if found is None:
        return RowState.UNKNOWN
    after = {"credits_booked": found.credits} if side.undo else {"transaction_uuid": found.uuid, "credits": found.credits}
    with transaction.atomic():  # the row and its record together; two checks at once settle it once
        if services.row_settled_later(row.pk, undo=side.undo, **side.ended(RowState.SETTLED, uuid=found.uuid, balance=found.contact_balance)):
            services.lost_write_settled(user=user, entry=entry, found=found, after=after)
    return RowState.SETTLED
