"""A contact's subscriptions: the panel (every type, its strategy and what
changing it does) and subscribing or unsubscribing per type."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.contacts import page
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.results import Settled
from leatadmin.leat.models import SubscriptionType

from . import selectors, services
from .forms import SubscriptionChangeForm
from .panels import SUBSCRIPTIONS

CHANGES = ("subscribe", "unsubscribe")


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def subscriptions_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, SUBSCRIPTIONS)


class SubscriptionChange(ContactCorrection):
    permission = "staff.manage_subscriptions"
    form_class = SubscriptionChangeForm
    noun = gettext_lazy("subscription change")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["change"] not in CHANGES:
            raise Http404(_("No such change."))
        return super().dispatch(request, *args, **kwargs)

    @property
    def subscribing(self) -> bool:
        return self.kwargs["change"] == "subscribe"

    def load(self):
        row = selectors.subscription_row(contact_uuid=self.contact_uuid, type_uuid=self.kwargs["type_uuid"])
        # A type Leat does not list (any more): Leat itself says so when asked (55030).
        return row or selectors.SubscriptionRow(SubscriptionType(id=None, uuid=self.kwargs["type_uuid"], name=""), "")

    def stand_in(self):
        return None

    def values(self, target):
        return {"status": target.status}

    def value_text(self, name, value):
        return selectors.status_words(value or "") if name == "status" else value

    def labels(self):
        return {"status": _("Status")}

    def perform(self, form, target):
        return services.subscription_change(
            user=self.request.user, contact_uuid=self.contact_uuid, type_uuid=self.kwargs["type_uuid"], type_name=target.type.name,
            subscribe=self.subscribing, status_before=target.status, reason=self.reason(form),
        )

    def reconcile(self, form, target, entry):
        """Settled if the contact's subscription now says what was asked."""
        row = selectors.subscription_row(contact_uuid=self.contact_uuid, type_uuid=self.kwargs["type_uuid"])
        if row is None or row.subscribed != self.subscribing or not row.status:
            return None
        return Settled(contact_url(self.contact_uuid), after={"status": row.status})

    def success_message(self, done, target):
        name = done.obj.name or target.type.name or _("this type")
        if done.obj.status == "PENDING_CONFIRMATION":
            return _("Leat sent the contact a confirmation mail for %(name)s; they stay pending until they confirm.") % {"name": name}
        return (_("Subscribed to %(name)s.") if self.subscribing else _("Unsubscribed from %(name)s.")) % {"name": name}

    def extra_context(self, target):
        if target is None:
            return {"title": _("Change a subscription"), "submit": _("Send")}
        name = target.type.name or _("an unknown subscription type")
        title = (_("Subscribe to %(name)s") if self.subscribing else _("Unsubscribe from %(name)s")) % {"name": name}
        now = _("Now: %(status)s.") % {"status": target.status_text.lower()}
        if not target.type.name:
            intro = _("Leat does not list this subscription type (it may have been removed).")
        elif self.subscribing:
            intro = f"{target.strategy_text}. {target.effect} {now}"
        else:
            at_once = _("Unsubscribing takes effect at once: the contact gets no more of these mails.")
            intro = f"{target.strategy_text}. {at_once} {now}"
        return {"title": title, "submit": _("Subscribe") if self.subscribing else _("Unsubscribe"), "intro": intro}


change = SubscriptionChange.as_view()
