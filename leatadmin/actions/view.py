"""One staff action on Leat: the shape every write view shares.

A staff member opens a form about something (a contact, a visit, a booking,
or nothing yet), fills it in and sends it; leatadmin writes to Leat once and
says what happened. `StaffAction` owns that whole shape, so each action only
says what is particular to it (modelled on Wagtail's generic operation views).
`post` is the steps in order, each of which may answer instead of going on
(a dangerous action, `fresh_check`, first asks for the second factor again
when it was not given recently: actions/fresh.py):

1. **load** the target and the form's Leat-filled pickers; a Leat failure is
   shown on the form (GET and POST alike) with the right status, never a
   500, with what was typed (a chosen shop included) kept;
2. **submit-once**: the form's hidden `token` finds a form sent before
   (double click, reload, Back), which is taken to what it did or to its
   unknown outcome, never sent again;
3. **validate** the form;
4. **stale check**: the hidden, signed `version` holds the target's values
   when the form was opened; if they changed since, nothing is sent and the
   form shows what changed and who changed it;
5. **duplicate guard**: the same thing (`fingerprint`) sent within minutes,
   from another tab or a new form, asks to confirm it is a second one;
6. **review**, when an action shows something to confirm first;
7. **claim** the submission in one atomic database step (core/claims.py),
   so two tabs sending at the same instant write once;
8. **perform** one service call, which returns what it did (`Done`); a Leat
   refusal goes to the right field and frees the claim;
9. **outcome**: done, or, when Leat's answer was lost, settled by
   `reconcile` against exactly the record the write made (an audit entry
   `…_settled` says so), else "outcome unknown", which the same form cannot
   simply be sent again over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from leatadmin.audit.services import audit_settled
from leatadmin.core import claims
from leatadmin.core.claims import TOKEN_RE
from leatadmin.core.failures import describe
from leatadmin.core.forms import LeatForm
from leatadmin.core.htmx import redirect_after_write, render_form
from leatadmin.core.models import FormSubmission
from leatadmin.core.results import Done
from leatadmin.leat import errors

from . import fresh, staleness
from .hooks import ActionHooks


@dataclass
class Loaded:
    """What the action is about, the form's Leat-filled choices, and the
    Leat failure met while reading them (the form is then shown with it)."""

    target: Any
    choices: dict[str, Any] = field(default_factory=dict)
    failure: errors.LeatError | None = None


class StaffAction(ActionHooks):
    """One staff action on Leat (see the module's docstring for its steps)."""

    # --- The steps --------------------------------------------------------------

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed = request.method.lower() in self.http_method_names
        if allowed and self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        loaded = self._load()
        # Back from the fresh check: the form as it was filled in, to send again.
        form = self._form(loaded, fresh.restore(request))
        if loaded.failure is not None:
            form.apply_leat_error(loaded.failure)
        return self._render(form, loaded.target)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.needs_fresh_check() and (ask := fresh.require(request)) is not None:
            return ask  # nothing loaded, claimed or sent: what was typed waits in the session
        loaded = self._load()
        target = loaded.target
        form = self._form(loaded, request.POST)
        token = request.POST.get("token", "")
        token = token if TOKEN_RE.fullmatch(token) else ""  # anything else is refused by the form's field

        sent = claims.sent_before(token=token, user=request.user)
        if sent is not None:
            return self._already_sent(sent, form, loaded)
        if loaded.failure is not None:
            form.apply_leat_error(loaded.failure)
            return self._render(form, target)
        if not form.is_valid():
            return self._render(form, target)
        changes = self._stale(form, target)
        if changes:
            return self._show_stale(form, target, changes)
        print_ = self.fingerprint(form, target) or ""
        latest = claims.latest_of(print_, other_than=token)
        if latest is not None and not self._confirmed(form, latest):
            return self._ask_to_confirm(form, target, latest)
        try:
            preview = self.review(form, target)
        except errors.LeatError as error:
            form.apply_leat_error(error)
            return self._render(form, target)
        if preview is not None:
            return self._render(form, target, **preview)
        claim = claims.claim(token=token or claims.new_token(), user=request.user, print_=print_, follows=latest)
        if isinstance(claim, claims.Refused):
            return self._refused(claim, form, loaded)
        return self._perform(claim, form, loaded)

    def _load(self) -> Loaded:
        try:
            loaded = Loaded(self.load())
        except errors.NotFound:
            raise  # a 404 page, from the error middleware
        except errors.LeatError as error:
            loaded = Loaded(self.stand_in(), failure=error)
        for name, read in self.choices(loaded.target).items():
            try:
                loaded.choices[name] = read()
            except errors.LeatError as error:
                loaded.choices[name], loaded.failure = [], loaded.failure or error
        return loaded

    def _form(self, loaded: Loaded, data: Any) -> LeatForm:
        target = loaded.target
        initial = {**self.initial(target), "token": claims.new_token()}
        if target is not None and self.values(target) is not None:
            initial["version"] = staleness.version(self.values(target))
        form = self.form_class(data, initial=initial, **self.form_kwargs(target), **loaded.choices)
        broken = _("This form was altered or is broken: reload the page and fill it in again.")
        form.fields["token"] = forms.RegexField(
            regex=TOKEN_RE, widget=forms.HiddenInput, required=False, max_length=128, error_messages={"max_length": broken, "invalid": broken, "null_characters_not_allowed": broken}
        )
        form.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        form.fields["confirm_duplicate"] = forms.BooleanField(widget=forms.HiddenInput, required=False)
        form.fields["duplicate_of"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
        if loaded.failure is not None and form.is_bound:
            _keep_posted_choices(form)
        return form

    def _stale(self, form: LeatForm, target: Any) -> list[staleness.Change]:
        current = self.values(target) if target is not None else None
        found = staleness.changes_since(form.cleaned_data.get("version", ""), current) or []
        labels = self.labels()
        return [staleness.Change(labels.get(name, name), self.value_text(name, then), self.value_text(name, now)) for name, then, now in found]

    def _show_stale(self, form: LeatForm, target: Any, changes: list[staleness.Change]) -> HttpResponse:
        form.add_error(None, _("Someone changed this since you opened the form, so nothing was sent. Check the changes below, then send your form again."))
        by = staleness.changed_by(self.target_id(target), staleness.opened_at(form.data.get("version", "")))
        form.data = form.data.copy()
        form.data["version"] = staleness.version(self.values(target))  # sending again now overwrites knowingly
        return self._render(form, target, stale=changes, stale_by=by)

    @staticmethod
    def _confirmed(form: LeatForm, latest: FormSubmission) -> bool:
        """Staff ticked "this is a second one" of exactly the latest one (a
        newer one since then asks again)."""
        return bool(form.cleaned_data.get("confirm_duplicate")) and form.cleaned_data.get("duplicate_of") == str(latest.pk)

    def _ask_to_confirm(self, form: LeatForm, target: Any, latest: FormSubmission) -> HttpResponse:
        form.fields["confirm_duplicate"].widget = forms.CheckboxInput()
        form.fields["confirm_duplicate"].label = _("Yes, send it again: this is a second one")
        form.data = form.data.copy()
        form.data["duplicate_of"] = str(latest.pk)
        form.data.pop("confirm_duplicate", None)  # ticked for an older one: tick again for this one
        return self._render(form, target, duplicate=latest)

    def _refused(self, refused: claims.Refused, form: LeatForm, loaded: Loaded) -> HttpResponse:
        """Lost the claim to a submission at the same instant."""
        if refused.sent is not None:
            return self._already_sent(refused.sent, form, loaded)
        if refused.duplicate is not None:
            return self._ask_to_confirm(form, loaded.target, refused.duplicate)
        form.add_error(None, _("The same thing is being sent from somewhere else right now. Wait a moment, then check the result before sending it again."))
        return self._render(form, loaded.target)

    def _perform(self, claim: FormSubmission, form: LeatForm, loaded: Loaded) -> HttpResponse:
        target = loaded.target
        try:
            done = self.perform(form, target)
        except errors.LeatError as error:
            if error.outcome_unknown:
                return self._lost_answer(claim, form, loaded, error)
            claims.release(claim)  # Leat did not act: the corrected form may be sent again
            form.apply_leat_error(error)
            return self._render(form, target)
        except BaseException:
            claims.release(claim)
            raise
        url = self.success_url(done, target)
        claim.finish(FormSubmission.Outcome.DONE, url, wrote=done.sent)
        if self._in_page():
            return self._done_in_place(done, target)
        say = messages.success if done.sent else messages.info
        say(self.request, self.success_message(done, target))
        return redirect_after_write(self.request, url)

    def _lost_answer(self, claim: FormSubmission, form: LeatForm, loaded: Loaded, error: errors.LeatError) -> HttpResponse:
        target, entry = loaded.target, error.record
        settled = None
        if entry is not None:
            try:
                settled = self.reconcile(form, target, entry)
            except errors.LeatError:
                settled = None  # Leat cannot be asked now: the outcome stays unknown
        if settled is None:
            claim.finish(FormSubmission.Outcome.UNKNOWN, self.check_url(form, target, entry), reason=describe(error).title)
            return self._render(self._fresh(form, loaded), target, unknown=claim)
        audit_settled(user=self.request.user, entry=entry, result_id=settled.result_id, after=settled.after)
        claim.finish(FormSubmission.Outcome.DONE, settled.url)
        messages.success(self.request, _("Leat's answer was lost, but leatadmin checked: Leat did make this %(noun)s. Here it is.") % {"noun": self.noun})
        return redirect_after_write(self.request, settled.url)

    def _already_sent(self, sent: FormSubmission, form: LeatForm, loaded: Loaded) -> HttpResponse:
        if sent.outcome == FormSubmission.Outcome.DONE and sent.result_url:
            messages.info(self.request, _("This form was already sent; here is what it did. Nothing was sent again."))
            return redirect_after_write(self.request, sent.result_url)
        if sent.outcome == FormSubmission.Outcome.UNKNOWN:
            return self._render(self._fresh(form, loaded), loaded.target, unknown=sent)
        form.add_error(None, _("This form is already being sent. Wait a moment, then check the result before sending it again."))
        return self._render(form, loaded.target)

    def _fresh(self, form: LeatForm, loaded: Loaded) -> LeatForm:
        """The same input with a new token: sending it again is a deliberate act."""
        data = form.data.copy()
        data["token"] = claims.new_token()
        return self._form(loaded, data)

    def _in_page(self) -> bool:
        return self.in_place and bool(getattr(self.request, "htmx", False)) and self.request.POST.get("in_page") == "1"

    def _done_in_place(self, done: Done, target: Any) -> HttpResponse:
        response = render(self.request, "core/action_done.html", {"message": self.success_message(done, target), "sent": done.sent, "title": self.title})
        return trigger_client_event(response, "leat-changed", {"what": str(self.noun)})

    def _render(self, form: LeatForm, target: Any, **state: Any) -> HttpResponse:
        in_page = self.in_place and getattr(self.request, "htmx", False) and (self.request.htmx.target == "contact-action" or self._in_page())
        context = {
            "form": form,
            "title": self.title,
            "submit": self.submit,
            "intro": self.intro,
            "danger": self.danger,
            "cancel_url": self.cancel_url(target),
            "noun": self.noun,
            "in_page": in_page,
            # What a step found: stale, stale_by, duplicate, unknown, review (and a review's own submit label).
            "stale": None,
            "stale_by": [],
            "duplicate": None,
            "unknown": None,
            "review": None,
            **state,
            **self.extra_context(target),
        }
        response = render_form(self.request, self.template_name, context, partial="action" if in_page and self.request.method == "GET" else "form")
        if state.get("unknown") is not None and response.status_code == 200:
            response.status_code = 202  # accepted by leatadmin; Leat's outcome unknown
        return response


def _keep_posted_choices(form: LeatForm) -> None:
    """Leat could not list a picker's choices (shops, rewards): the posted
    choice stays chosen, so what was typed is kept for the next send."""
    for name, bound_field in form.fields.items():
        if not isinstance(bound_field, forms.ChoiceField):
            continue
        posted = form.data.get(form.add_prefix(name), "")
        known = {str(value) for value, _label in bound_field.choices}
        if posted and posted not in known:
            bound_field.choices = [*bound_field.choices, (posted, _("Your choice (Leat cannot list the choices right now)"))]
