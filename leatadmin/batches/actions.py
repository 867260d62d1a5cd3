"""Applying and undoing a batch: staff actions (the submit-once token, the
stale-page guard, the claim) that start the run doing the writes.

The writes themselves are the run's (apply.py, undo.py): each row is sent
once, recorded in the audit log and settled when its answer is lost, there.
Two clicks, two tabs or two supervisors make one run (core/runs.py's claim)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leatadmin.actions.view import StaffAction
from leatadmin.core.claims import fingerprint
from leatadmin.core.results import Did, Done
from leatadmin.core.templatetags.leat_format import count

from .apply import NotReady, apply_start
from .forms import ApplyForm, CheckForm, UndoForm
from .models import MADE, Batch
from .recheck import unknown_check, unknown_rows
from .selectors import batch_run
from .undo import undo_start


def batch_url(batch: Batch) -> str:
    return reverse("batches:detail", args=[batch.pk])


class _BatchAction(StaffAction):
    permission = "staff.apply_batches"
    #: Where sign-in offers a fresh check (leatadmin/actions/fresh.py), it is asked for first.
    fresh_check = True

    def load(self) -> Batch:
        return get_object_or_404(Batch, pk=self.kwargs["pk"])

    def form_kwargs(self, target):
        return {"batch": target}

    def values(self, target):
        """The batch as the page showed it: rows left out or taken back in since then stop the send."""
        return {"state": target.state, "left_out": target.left_out, "credits_given": target.credits_given, "credits_taken": target.credits_taken}

    def labels(self):
        return {"state": _("State"), "left_out": _("Rows left out"), "credits_given": _("Credits given"), "credits_taken": _("Credits taken")}

    def value_text(self, name, value):
        return str(Batch.State(value).label) if name == "state" and value in Batch.State.values else value

    def target_id(self, target):
        return f"batch:{target.pk}"

    def fingerprint(self, form, target):
        # A batch's runs so far are part of "the same thing": starting a stopped one again is not a duplicate.
        return fingerprint(type(self).__name__, target.pk, target.state, target.runs.count())

    def success_url(self, done, target):
        return batch_url(target)

    def cancel_url(self, target):
        return batch_url(target)

    def check_url(self, form, target, entry):
        return batch_url(target)

    def facts(self, target: Batch) -> list[tuple[str, str]]:
        return [(_("File"), target.file_name), (_("Uploaded by"), target.username)]


class ApplyBatch(_BatchAction):
    form_class = ApplyForm
    title, submit, noun = gettext_lazy("Apply the batch"), gettext_lazy("Apply"), gettext_lazy("batch")
    intro = gettext_lazy("Each row left in is sent to Leat once, on the worker. Rows left out are never sent. You can leave this page: the batch's page shows how far it got.")

    def perform(self, form, target):
        try:
            run = apply_start(batch=target, user=self.request.user)
        except NotReady:
            return Done(Did.UNCHANGED, None)  # it changed in between (the page's guard says so otherwise)
        return Done(Did.CHANGED, run)

    def success_message(self, done, target):
        if done.did is Did.UNCHANGED:
            return _("The batch could not be applied now; its page says why.")
        return _("The batch is being applied: its page shows how far it got.") if done.obj.is_active else _("The batch was applied; here is what happened to each row.")

    def extra_context(self, target):
        if target is None:
            return {}
        sent = target.rows - target.left_out
        facts = [
            *self.facts(target),
            (_("Rows to send"), count(sent)),
            (_("Rows left out"), count(target.left_out)),
            (_("Contacts"), count(target.contacts)),
            (_("Credits given"), count(target.credits_given)),
            (_("Credits taken"), count(target.credits_taken)),
        ]
        return {"facts": facts}

    def _not_ready(self, target: Batch) -> str:
        if target.state not in (Batch.State.READY, Batch.State.APPLYING):
            return _("Only a previewed batch can be applied; this one is: %(state)s.") % {"state": target.get_state_display().lower()}
        still_in = target.batch_rows.filter(has_problem=True, left_out=False).count()
        if still_in:
            return _("%(rows)s rows with a problem are still in the batch: leave them out, or fix the file and upload it again.") % {"rows": count(still_in)}
        return ""

    def review(self, form, target):
        """Nothing is started while the batch is not ready (said at the form, nothing sent)."""
        why = self._not_ready(target)
        if why:
            form.add_error(None, why)
            return {}
        return None


class UndoBatch(_BatchAction):
    form_class = UndoForm
    title, submit, noun, danger = gettext_lazy("Undo the batch"), gettext_lazy("Undo every row"), gettext_lazy("undo"), True
    intro = gettext_lazy("Leat books the opposite of each credit reception the batch made, once each. Receptions already undone one by one are left alone.")

    def perform(self, form, target):
        try:
            run = undo_start(batch=target, user=self.request.user, reason=form.cleaned_data["reason"])
        except NotReady:
            return Done(Did.UNCHANGED, None)
        return Done(Did.CHANGED, run)

    def success_message(self, done, target):
        if done.did is Did.UNCHANGED:
            return _("The batch could not be undone now; its page says why.")
        return _("The batch is being undone: its page shows how far it got.") if done.obj.is_active else _("The batch was undone; here is what happened to each row.")

    def extra_context(self, target):
        if target is None:
            return {}
        made = target.batch_rows.filter(state__in=MADE).count()
        return {"facts": [*self.facts(target), (_("Credit receptions to reverse"), count(made))]}

    def review(self, form, target):
        if target.state not in (Batch.State.APPLIED, Batch.State.APPLYING, Batch.State.UNDOING):
            form.add_error(None, _("Only a batch that was applied can be undone."))
            return {}
        under_way = batch_run(target)
        if under_way is not None and under_way.is_active and under_way.step != under_way.Step.UNDO:
            form.add_error(None, _("The batch is being applied: undo it once the apply has stopped."))
            return {}
        return None


class CheckUnknown(_BatchAction):
    """The rows whose outcome stayed unknown, checked against Leat again (recheck.py):
    reads Leat and writes only leatadmin's record, so anyone who sees the batch may."""

    permission = "staff.correct_loyalty"
    fresh_check = False
    form_class = CheckForm
    title, submit, noun = gettext_lazy("Check unknown rows again"), gettext_lazy("Check again"), gettext_lazy("check")
    intro = gettext_lazy(
        "For each row whose outcome is unknown, leatadmin looks in the contact's newest transactions for exactly the one the lost write would have made. Nothing is sent to Leat."
    )

    def fingerprint(self, form, target):
        return ""  # checking again is never a duplicate: a row is settled once, whoever checks

    def perform(self, form, target):
        checked = unknown_check(batch=target, user=self.request.user)
        return Done(Did.CHANGED if checked.settled else Did.UNCHANGED, checked)

    def success_message(self, done, target):
        checked = done.obj
        said = {"checked": count(checked.checked), "settled": count(checked.settled), "left": count(checked.left)}
        message = ngettext(
            "%(checked)s row checked: %(settled)s found in Leat and settled, %(left)s still unknown.",
            "%(checked)s rows checked: %(settled)s found in Leat and settled, %(left)s still unknown.",
            checked.checked,
        ) % said
        if checked.undo_again:
            message += " " + _("The batch was undone before these were found: undo it again to reverse them.")
        return message

    def extra_context(self, target):
        if target is None:
            return {}
        return {"facts": [*self.facts(target), (_("Rows whose outcome is unknown"), count(unknown_rows(target)))]}

    def review(self, form, target):
        under_way = batch_run(target)
        if under_way is not None and under_way.is_active:
            form.add_error(None, _("The batch is being worked on: check again once its run has stopped."))
            return {}
        if not unknown_rows(target):
            form.add_error(None, _("No row's outcome is unknown."))
            return {}
        return None


apply_batch = ApplyBatch.as_view()
check_unknown = CheckUnknown.as_view()
undo_batch = UndoBatch.as_view()
