"""Rows whose outcome stayed unknown, checked again: "Check unknown rows again"
on the batch's page (actions.CheckUnknown).

A row's write whose answer was lost is settled at once when Leat shows the
transaction it made (settle.py); when Leat shows none, or could not be asked,
the row is "outcome unknown" and is never sent again. Leat may show it later
(or be reachable again): this check settles such rows by the same rule, a
transaction that matches exactly, booked since, that no audit entry accounts
for. It sends nothing to Leat but reads: it is done in the request, at most
MOST_AT_ONCE rows a press.

A reception found for a row of a batch that was undone meanwhile was never
reversed: the batch is put back to "being undone", so its undo can be started
again and reverses that reception alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import services, settle
from .models import Batch, RowState

#: Rows checked at one press (one Leat call each); the rest at the next.
MOST_AT_ONCE = 200


@dataclass(frozen=True)
class Checked:
    checked: int  #: rows checked
    settled: int  #: of which Leat showed the transaction
    left: int  #: rows still unknown in the batch (those not reached included)
    undo_again: bool  #: the batch was undone, and a reception found since is not: undo it again


def unknown_rows(batch: Batch) -> int:
    """How many rows' outcome is unknown (of the apply or of the undo)."""
    return batch.batch_rows.filter(state=RowState.UNKNOWN).count() + batch.batch_rows.filter(undo_state=RowState.UNKNOWN).count()


def unknown_check(*, batch: Batch, user: Any) -> Checked:
    """Check the batch's unknown rows again, in file order (LeatError is raised: what was settled stays)."""
    checked = settled = 0
    undo_again = False
    for side, field in ((settle.APPLY, "state"), (settle.UNDO, "undo_state")):
        for row in batch.batch_rows.filter(**{field: RowState.UNKNOWN}).order_by("number")[: MOST_AT_ONCE - checked]:
            checked += 1
            if settle.settle_later(side, user=user, row=row) != RowState.SETTLED:
                continue
            settled += 1
            if not side.undo:
                undo_again = services.unknown_reopen_undo(batch) or undo_again
    return Checked(checked=checked, settled=settled, left=unknown_rows(batch), undo_again=undo_again)
