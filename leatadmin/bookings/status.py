"""Which one-click actions a booking allows, by its status.

    created ──check in──▶ in progress ──complete──▶ completed
       │  └───────────────complete──────────────────▲
       └──cancel──▶ canceled

Completed and canceled are final: no one-click action undoes them (a wrong
status is fixed with "Correct…", which says why in the history). Check in
happens once: a booking already checked in keeps its check-in time. A status
Leat sends that leatadmin does not know allows no one-click action, since
nobody can say what it means; "Correct…" still works.

The server enforces this (the action view refuses, nothing is sent to Leat)
and the booking page shows only the buttons allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import BookingRecord

CREATED, IN_PROGRESS, CANCELED, COMPLETED = "created", "in progress", "canceled", "completed"
CHECK_IN, COMPLETE, CANCEL = "check-in", "complete", "cancel"

#: status -> the actions it allows. A booking without a status is taken as just created.
ALLOWED: dict[str, frozenset[str]] = {
    "": frozenset({CHECK_IN, COMPLETE, CANCEL}),
    CREATED: frozenset({CHECK_IN, COMPLETE, CANCEL}),
    IN_PROGRESS: frozenset({CHECK_IN, COMPLETE}),
    COMPLETED: frozenset(),
    CANCELED: frozenset(),
}
#: Actions that cannot be undone with one click: the button asks first.
IRREVERSIBLE = frozenset({COMPLETE, CANCEL})
FINAL = frozenset({COMPLETED, CANCELED})
DONE = {CHECK_IN: "checked in", COMPLETE: "marked completed", CANCEL: "canceled"}


def allowed_actions(record: BookingRecord) -> frozenset[str]:
    actions = ALLOWED.get(record.status, frozenset())
    if record.checked_in_at:
        actions -= {CHECK_IN}
    return actions


def refusal(record: BookingRecord, action: str) -> str:
    """Why `action` is not allowed on this booking now; empty if it is."""
    if action in allowed_actions(record):
        return ""
    if action == CHECK_IN and record.checked_in_at and record.status not in FINAL:
        return "This booking is already checked in; its check-in time stays as it is. To change it, use Correct…"
    if record.status in FINAL:
        return f"This booking is {record.status}, which is final: nothing was sent to Leat. To fix a mistake, use Correct… and give the reason."
    if record.status not in ALLOWED:
        return f"Leat says this booking is “{record.status}”, a status leatadmin does not know, so it offers no one-click action: nothing was sent. Use Correct… to change it."
    return f"A booking that is {record.status} cannot be {DONE.get(action, action)} with one click: nothing was sent to Leat. Use Correct… if it must change."
