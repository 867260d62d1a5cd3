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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

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
#: Each status in words (Leat's codes are English lower case).
LABELS = {
    CREATED: pgettext_lazy("booking status", "Created"),
    IN_PROGRESS: pgettext_lazy("booking status", "In progress"),
    CANCELED: pgettext_lazy("booking status", "Canceled"),
    COMPLETED: pgettext_lazy("booking status", "Completed"),
}
NO_STATUS = gettext_lazy("No status")


def label(status: str | None) -> str:
    """A booking's status in words; one Leat sends that leatadmin does not know, as Leat wrote it."""
    if not status:
        return str(NO_STATUS)
    return str(LABELS.get(status, status))


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
        return _("This booking is already checked in; its check-in time stays as it is. To change it, use Correct…")
    if record.status in FINAL:
        return _("This booking is %(status)s, which is final: nothing was sent to Leat. To fix a mistake, use Correct… and give the reason.") % {"status": label(record.status).lower()}
    if record.status not in ALLOWED:
        return _("Leat says this booking is “%(status)s”, a status leatadmin does not know, so it offers no one-click action: nothing was sent. Use Correct… to change it.") % {"status": record.status}
    refused = {
        CHECK_IN: _("A booking that is %(status)s cannot be checked in with one click: nothing was sent to Leat. Use Correct… if it must change."),
        COMPLETE: _("A booking that is %(status)s cannot be marked completed with one click: nothing was sent to Leat. Use Correct… if it must change."),
        CANCEL: _("A booking that is %(status)s cannot be canceled with one click: nothing was sent to Leat. Use Correct… if it must change."),
    }
    return refused.get(action, _("A booking that is %(status)s cannot be changed that way with one click: nothing was sent to Leat. Use Correct… if it must change.")) % {
        "status": label(record.status).lower()
    }
