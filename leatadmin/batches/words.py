"""What happened to a row, in the reader's words (its page and its CSV)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leatadmin.core.forms import MESSAGES
from leatadmin.core.leat_words import said
from leatadmin.core.templatetags.leat_format import count
from leatadmin.leat import errors

from .models import BatchRow, RowState

ALREADY_ONE_BY_ONE = "already_reversed"
ALREADY_IN_LEAT = "already_in_leat"


def refusal_words(answer: str, kind: str) -> str:
    """Leat's refusal as staff read it: leatadmin's words for the kind of error, else Leat's own, said in ours."""
    known = getattr(errors, kind, None) if kind else None
    if isinstance(known, type) and issubclass(known, errors.LeatError) and known in MESSAGES:
        return str(MESSAGES[known])
    return said(answer) if answer else _("Leat refused it.")


def answer_words(row: BatchRow, *, undo: bool) -> str:
    """One row's outcome (of the apply, or of the undo), in words."""
    state = row.undo_state if undo else row.state
    if state == RowState.REFUSED:
        return refusal_words(row.undo_answer if undo else row.answer, row.undo_answer_kind if undo else row.answer_kind)
    if state == RowState.UNKNOWN:
        return _("Leat's answer was lost and Leat shows no matching transaction: check the contact before doing it again.")
    if state == RowState.SETTLED:
        return _("Leat's answer was lost; leatadmin found the transaction in Leat.")
    if state == RowState.DONE and not undo and row.balance_after is not None:
        return _("Balance now %(balance)s.") % {"balance": count(row.balance_after)}
    if state == RowState.SKIPPED and undo:
        if row.undo_answer_kind == ALREADY_ONE_BY_ONE:
            return _("Already undone on its own before the batch was undone: left alone.")
        if row.undo_answer_kind == ALREADY_IN_LEAT:
            return _("Leat says it was reversed already: left alone.")
    if state == RowState.SKIPPED and not undo:
        return _("Left out.") if row.left_out or row.has_problem else _("Not sent: the batch was undone before this row.")
    return ""


def audit_labels() -> dict[str, str]:
    """How the audit log names what a batch's writes send besides a single correction's."""
    return {"batch": _("Batch"), "batch_row": _("Row in the batch")}


def time_left(seconds: int | None) -> str:
    """'About 3 minutes left.' at the run's pace so far ("" before there is one)."""
    if seconds is None:
        return ""
    if seconds < 90:
        return ngettext("About %(n)s second left.", "About %(n)s seconds left.", seconds) % {"n": seconds}
    minutes = round(seconds / 60)
    return ngettext("About %(n)s minute left.", "About %(n)s minutes left.", minutes) % {"n": count(minutes)}
