"""What each staff action says about itself: the hooks `StaffAction` calls
(actions/view.py), with what they do when an action says nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from leatadmin.audit.models import AuditEntry
from leatadmin.core.claims import fingerprint
from leatadmin.core.forms import LeatForm
from leatadmin.core.results import Did, Done, Settled

#: Fields the mechanism adds to every form; never part of "the same thing".
GUARD_FIELDS = ("token", "version", "confirm_duplicate", "duplicate_of", "confirmed", "in_page")
#: Free text that may differ between two sends of the same thing.
FREE_TEXT = ("reason",)


class ActionHooks(View):
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
    #: A dangerous action: asks for the second factor again when it was not
    #: given in the last FRESH_CHECK_SECONDS (actions/fresh.py), and shows the
    #: form again as it was filled in once it was.
    fresh_check = False
    http_method_names = ["get", "post"]

    # --- Hooks --------------------------------------------------------------

    def load(self) -> Any:
        """The thing this action is about (None for a create). May raise LeatError."""
        return None

    def stand_in(self) -> Any:
        """What the form binds against when loading failed (Leat unavailable)."""
        return None

    def choices(self, target: Any) -> dict[str, Callable[[], Any]]:
        """The form's pickers that Leat fills, as form keyword → reader, e.g.
        {"shops": shop_choices}. If a reader fails the form is still shown,
        with the failure, an empty list and the posted choice kept."""
        return {}

    def form_kwargs(self, target: Any) -> dict[str, Any]:
        return {}

    def initial(self, target: Any) -> dict[str, Any]:
        return {}

    def needs_fresh_check(self) -> bool:
        """Whether this POST asks for the fresh check (`fresh_check`, or what was posted: a refund, not a top-up)."""
        return self.fresh_check

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

    def fingerprint(self, form: LeatForm, target: Any) -> str:
        """What makes two submissions "the same thing": by default this action,
        on this target (the URL), with the same values (the reason aside)."""
        data = {name: value for name, value in form.cleaned_data.items() if name not in GUARD_FIELDS + FREE_TEXT}
        return fingerprint(f"{type(self).__module__}.{type(self).__qualname__}", self.kwargs, data)

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

    def check_url(self, form: LeatForm, target: Any, entry: AuditEntry | None) -> str:
        """Where staff can see whether Leat made the change after all."""
        return ""

    def reconcile(self, form: LeatForm, target: Any, entry: AuditEntry) -> Settled | None:
        """After a lost answer: what the write did, if Leat shows exactly that
        (for a new record: one no other audit entry accounts for, booked after
        the write was sent); None leaves the outcome unknown."""
        return None

    def extra_context(self, target: Any) -> dict[str, Any]:
        return {}

    def cancel_url(self, target: Any) -> str:
        return "/"
