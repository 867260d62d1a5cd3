"""One staff action on Leat: the shape every write view shares.

A staff member opens a form about something (a contact, a visit, a booking,
or nothing yet), fills it in and sends it; leatadmin writes to Leat once and
says what happened. `StaffAction` owns that whole shape, so each action only
says what is particular to it (modelled on Wagtail's generic operation views):

* **load** the target; a Leat failure while loading is shown on the form
  (GET and POST alike) with the right status, never a 500, input kept;
* **bind** the form, with three hidden guards the mechanism adds itself:
  - `token`: submit-once. The first POST claims it before Leat is called;
    the same form sent again (double click, reload, Back) is taken to what
    the first one did, or to its unknown outcome, and never writes again;
  - `version`: the target's values when the form was opened (signed). If they
    changed since, nothing is sent and the form shows what changed and who
    changed it (a stale form never overwrites someone else's change);
  - `confirm_duplicate`: the same thing (a `fingerprint` of what was
    submitted, e.g. contact + shop + start) sent again within minutes, from
    another tab or a new form, asks for confirmation first;
* **perform** one service call, which returns what it did (`Done`);
* map a `LeatError` to the form at the right field with the right status;
  a write whose answer was lost becomes **outcome unknown**: the audit entry
  says so, the page says Leat may have made the change and where to check,
  `reconcile()` looks for it where Leat allows, and the same form cannot
  simply be sent again;
* answer with the htmx partial or a redirect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.http import trigger_client_event

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.services import last_entry
from leatadmin.leat import errors

from .failures import describe
from .forms import LeatForm
from .htmx import redirect_after_write, render_form
from .models import FormSubmission
from .results import Did, Done

VERSION_SALT = "leatadmin.form-version"
#: The same thing submitted again within this many minutes asks to confirm.
DUPLICATE_MINUTES = 10
TOKEN_LENGTH = 32
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def fingerprint(*parts: Any) -> str:
    """A one-way summary of what was submitted (no personal data stored)."""
    return hashlib.sha256(json.dumps([plain(part) for part in parts], sort_keys=True).encode()).hexdigest()


def plain(value: Any) -> Any:
    """A value as comparable, JSON-safe text: instants in UTC, numbers as text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return "" if value is None else value if isinstance(value, (bool, int, float, str)) else str(value)


@dataclass(frozen=True)
class Change:
    """One field that changed since a form was opened."""

    label: str
    then: Any
    now: Any


class StaffAction(View):
    """Subclasses set `permission`, `form_class`, the texts, and override the hooks."""

    permission: str = ""
    form_class: type[LeatForm] = LeatForm
    template_name = "core/form_page.html"
    title = ""
    submit = ""
    intro = ""
    danger = False
    #: What the action makes or changes, in words ("visit", "booking", "contact").
    noun = gettext_lazy("change")
    #: Opened in the contact page's action slot, it finishes there: the form is
    #: replaced by what was done and the page's panels refresh themselves
    #: (the `leat-changed` event), without leaving the page.
    in_place = False
    http_method_names = ["get", "post"]

    # --- Hooks --------------------------------------------------------------

    def load(self) -> Any:
        """The thing this action is about (None for a create). May raise LeatError."""
        return None

    def stand_in(self) -> Any:
        """What the form binds against when loading failed (Leat unavailable)."""
        return None

    def form_kwargs(self, target: Any) -> dict[str, Any]:
        return {}

    def initial(self, target: Any) -> dict[str, Any]:
        return {}

    def values(self, target: Any) -> dict[str, Any] | None:
        """The target's current values, for the stale-form guard (None: no guard)."""
        return None

    def labels(self) -> dict[str, str]:
        """Field labels for the stale-form message."""
        return {}

    def value_text(self, name: str, value: Any) -> Any:
        """A value of `values()` as staff read it in the stale-form message
        (`values()` itself stays plain data, the same in every language)."""
        return value

    def target_id(self, target: Any) -> str:
        return ""

    def fingerprint(self, form: LeatForm, target: Any) -> str | None:
        """What makes two submissions "the same thing" (None: no duplicate guard)."""
        return None

    def review(self, form: LeatForm, target: Any) -> dict[str, Any] | None:
        """Before sending: what staff should see and confirm first (e.g. the
        credits a purchase amount will give), as extra context; None: send now."""
        return None

    def perform(self, form: LeatForm, target: Any) -> Done:
        raise NotImplementedError

    def success_url(self, done: Done, target: Any) -> str:
        raise NotImplementedError

    def success_message(self, done: Done, target: Any) -> str:
        if done.did is Did.UNCHANGED:
            return _("No changes, nothing was sent.")
        said = {Did.CREATED: _("%(noun)s created in Leat."), Did.FOUND: _("%(noun)s found in Leat."), Did.CHANGED: _("%(noun)s changed in Leat.")}[done.did]
        return said % {"noun": capfirst(self.noun)}

    def check_url(self, form: LeatForm, target: Any) -> str:
        """Where staff can see whether Leat made the change after all."""
        return ""

    def reconcile(self, form: LeatForm, target: Any, entry: AuditEntry | None) -> str | None:
        """Look for the result of a write whose answer was lost; its URL if found."""
        return None

    def extra_context(self, target: Any) -> dict[str, Any]:
        return {}

    # --- The mechanism ---------------------------------------------------------

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed = request.method.lower() in self.http_method_names
        if allowed and self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self._load()[0]
        form = self._form(target, None)
        failure = self._failure
        if failure is not None:
            form.apply_leat_error(failure)
        return self._render(form, target)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self._load()[0]
        form = self._form(target, request.POST)
        failure = self._failure
        token = request.POST.get("token", "")
        token = token if TOKEN_RE.fullmatch(token) else ""  # anything else is refused by the form's field
        sent_before = FormSubmission.objects.filter(token=token, user=request.user).first() if token else None
        if sent_before is not None:
            return self._already_sent(sent_before, form, target)
        if failure is not None:
            form.apply_leat_error(failure)
            return self._render(form, target)
        if not form.is_valid():
            return self._render(form, target)
        changes = self._stale(form, target)
        if changes is not None:
            form.add_error(None, _("Someone changed this since you opened the form, so nothing was sent. Check the changes below, then send your form again."))
            by = self._changed_by(target, self._opened_at(form))
            form.data = form.data.copy()
            form.data["version"] = self._version(target)  # sending again now overwrites knowingly
            return self._render(form, target, stale=changes, stale_by=by)
        print_ = self.fingerprint(form, target)
        duplicate = self._duplicate(print_, token) if print_ else None
        if duplicate is not None and not form.cleaned_data.get("confirm_duplicate"):
            form.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            form.fields["confirm_duplicate"].label = _("Yes, send it again: this is a second one")
            return self._render(form, target, duplicate=duplicate)
        try:
            preview = self.review(form, target)
        except errors.LeatError as error:
            form.apply_leat_error(error)
            return self._render(form, target)
        if preview is not None:
            return self._render(form, target, **preview)
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=token or new_token(), user=self.request.user, fingerprint=print_ or "")
        except IntegrityError:
            return self._already_sent(FormSubmission.objects.filter(token=token).first(), form, target)
        try:
            done = self.perform(form, target)
        except errors.LeatError as error:
            if error.outcome_unknown:
                return self._unknown(claim, form, target, error)
            claim.delete()  # Leat did not act: the corrected form may be sent again
            form.apply_leat_error(error)
            return self._render(form, target)
        except BaseException:
            claim.delete()
            raise
        url = self.success_url(done, target)
        claim.finish(FormSubmission.Outcome.DONE, url)
        if self._in_page():
            return self._done_in_place(done, target)
        say = messages.success if done.sent else messages.info
        say(self.request, self.success_message(done, target))
        return redirect_after_write(self.request, url)

    # --- Steps ---------------------------------------------------------------------

    def _load(self) -> tuple[Any, errors.LeatError | None]:
        self._failure: errors.LeatError | None = None
        try:
            return self.load(), None
        except errors.NotFound:
            raise  # a 404 page, from the error middleware
        except errors.LeatError as error:
            self._failure = error
            return self.stand_in(), error

    def leat_choices(self, fetch: Callable[[], Any], default: Any) -> Any:
        """A Leat read a form needs for its choices (shops, rewards). If Leat
        fails, the form is still shown, with the failure and what was typed,
        like a failure to load the target; the choices are then `default`."""
        if self._failure is not None:
            return default
        try:
            return fetch()
        except errors.LeatError as error:
            self._failure = error
            return default

    def _form(self, target: Any, data: Any) -> LeatForm:
        initial = {**self.initial(target), "token": new_token()}
        if target is not None and self.values(target) is not None:
            initial["version"] = self._version(target)
        form = self.form_class(data, initial=initial, **self.form_kwargs(target))
        broken = _("This form was altered or is broken: reload the page and fill it in again.")
        form.fields["token"] = forms.RegexField(
            regex=TOKEN_RE, widget=forms.HiddenInput, required=False, max_length=TOKEN_LENGTH * 2, error_messages={"max_length": broken, "invalid": broken, "null_characters_not_allowed": broken}
        )
        form.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        form.fields["confirm_duplicate"] = forms.BooleanField(widget=forms.HiddenInput, required=False)
        return form

    def _version(self, target: Any) -> str:
        return signing.dumps({"at": timezone.now().timestamp(), "values": plain(self.values(target))}, salt=VERSION_SALT, compress=True)

    def _stale(self, form: LeatForm, target: Any) -> list[Change] | None:
        """What changed since the form was opened, or None if nothing did."""
        current = self.values(target) if target is not None else None
        posted = form.cleaned_data.get("version")
        if current is None or not posted:
            return None
        try:
            opened = signing.loads(posted, salt=VERSION_SALT)
        except signing.BadSignature:
            return None  # a form from before versions existed: nothing to compare
        then, now = opened.get("values", {}), plain(current)
        if then == now:
            return None
        labels = self.labels()
        return [Change(labels.get(name, name), self.value_text(name, then.get(name)), self.value_text(name, now.get(name))) for name in now if then.get(name) != now.get(name)]

    def _changed_by(self, target: Any, since: float | None) -> list[AuditEntry]:
        target_id = self.target_id(target)
        if not target_id or since is None:
            return []
        return list(AuditEntry.objects.filter(target_id=target_id, created_at__gte=dt.datetime.fromtimestamp(since, dt.UTC)).exclude(outcome=AuditEntry.Outcome.FAILED)[:10])

    def _duplicate(self, print_: str, token: str) -> FormSubmission | None:
        since = timezone.now() - dt.timedelta(minutes=DUPLICATE_MINUTES)
        return FormSubmission.objects.filter(fingerprint=print_, created_at__gte=since).exclude(token=token).select_related("user").order_by("-created_at").first()

    def _already_sent(self, sent: FormSubmission | None, form: LeatForm, target: Any) -> HttpResponse:
        if sent is not None and sent.outcome == FormSubmission.Outcome.DONE and sent.result_url:
            messages.info(self.request, _("This form was already sent; here is what it did. Nothing was sent again."))
            return redirect_after_write(self.request, sent.result_url)
        if sent is not None and sent.outcome == FormSubmission.Outcome.UNKNOWN:
            return self._render(self._fresh(form, target), target, unknown=sent)
        form.add_error(None, _("This form is already being sent. Wait a moment, then check the result before sending it again."))
        return self._render(form, target)

    def _fresh(self, form: LeatForm, target: Any) -> LeatForm:
        """The same input with a new token: sending it again is a deliberate act."""
        data = form.data.copy()
        data["token"] = new_token()
        return self._form(target, data)

    def _unknown(self, claim: FormSubmission, form: LeatForm, target: Any, error: errors.LeatError) -> HttpResponse:
        found = self.reconcile(form, target, last_entry.get())
        if found:
            claim.finish(FormSubmission.Outcome.DONE, found)
            messages.success(self.request, _("Leat's answer was lost, but leatadmin checked: Leat did make this %(noun)s. Here it is.") % {"noun": self.noun})
            return redirect_after_write(self.request, found)
        claim.finish(FormSubmission.Outcome.UNKNOWN, self.check_url(form, target), reason=describe(error).title)
        return self._render(self._fresh(form, target), target, unknown=claim)

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
            "stale": state.get("stale"),
            "stale_by": state.get("stale_by", []),
            "duplicate": state.get("duplicate"),
            "unknown": state.get("unknown"),
            "noun": self.noun,
            "in_page": in_page,
            "review": state.get("review"),
            **self.extra_context(target),
        }
        response = render_form(self.request, self.template_name, context, partial="action" if in_page and self.request.method == "GET" else "form")
        if state.get("unknown") is not None and response.status_code == 200:
            response.status_code = 202  # accepted by leatadmin; Leat's outcome unknown
        return response

    @staticmethod
    def _opened_at(form: LeatForm) -> float | None:
        try:
            return signing.loads(form.data.get("version", ""), salt=VERSION_SALT).get("at")
        except signing.BadSignature:
            return None

    def cancel_url(self, target: Any) -> str:
        return "/"
