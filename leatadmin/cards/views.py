"""A contact's loyalty cards: the panel, linking a card, and blocking a lost
card with its replacement linked in the same step."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.contacts import page
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.claims import fingerprint
from leatadmin.core.failures import describe
from leatadmin.core.forms import MESSAGES
from leatadmin.core.person_filter import asked_value, filtered_url, picked
from leatadmin.core.results import Settled
from leatadmin.leat import errors

from . import selectors, services
from .forms import LinkCardForm, ReplaceCardForm
from .panels import CARDS


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def cards_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, CARDS)


class _CardAction(ContactCorrection):
    permission = "staff.manage_cards"
    noun = gettext_lazy("card change")

    def load(self):
        return selectors.card_list(contact_uuid=self.contact_uuid)

    def stand_in(self):
        return []


class CardLink(_CardAction):
    form_class = LinkCardForm
    title, submit = gettext_lazy("Link a loyalty card"), gettext_lazy("Link card")
    intro = gettext_lazy("Links an unused card to this contact: what they collect or pay with it is theirs from then on.")
    noun = gettext_lazy("card link")

    def initial(self, target):
        # A card number comes by reference (`filtered_url`), never in the URL itself.
        return {"value": asked_value(self.request, "value")[:255]}

    def fingerprint(self, form, target):
        return fingerprint("card.link", self.contact_uuid, form.cleaned_data["value"])

    def perform(self, form, target):
        return services.card_link(user=self.request.user, contact_uuid=self.contact_uuid, value=form.cleaned_data["value"], reason=self.reason(form))

    def reconcile(self, form, target, entry):
        """Linked if Leat now names this contact as the card's owner."""
        card = selectors.card_find(value=form.cleaned_data["value"])
        if card.contact is None or card.contact.uuid != self.contact_uuid:
            return None
        return Settled(contact_url(self.contact_uuid), after={"value": card.value, "linked": True})

    def success_message(self, done, target):
        return _("Card %(card)s is now linked to this contact.") % {"card": done.obj.value}


class CardReplace(_CardAction):
    form_class = ReplaceCardForm
    title, submit = gettext_lazy("Block a lost card and link its replacement"), gettext_lazy("Block and replace")
    intro = gettext_lazy("Blocks the lost card at once (nobody can collect or pay with it any more), then links the new card to this contact.")
    danger = True
    noun = gettext_lazy("card replacement")

    def form_kwargs(self, target):
        return {"cards": target or []}

    def initial(self, target):
        # The panel's link picks the card by a token, not by its number (core/person_filter.py).
        return {"old": picked(self.request.GET.get("card", ""), [card.value for card in target or []])}

    def values(self, target):
        return {card.value: "active" if card.active else "blocked" for card in target}

    def value_text(self, name, value):
        return {"active": _("Active"), "blocked": _("Blocked")}.get(value, value)

    def labels(self):
        return {}

    def fingerprint(self, form, target):
        return fingerprint("card.replace", self.contact_uuid, form.cleaned_data["old"], form.cleaned_data["new"])

    def perform(self, form, target):
        old, new = form.cards[form.cleaned_data["old"]], form.cleaned_data["new"]
        if new:
            # Check the new card before the old one is blocked: most refusals then change nothing.
            found = selectors.card_find(value=new)
            if found.contact is not None:
                raise errors.IdentifierAlreadyLinked()
        return services.card_replace(user=self.request.user, contact_uuid=self.contact_uuid, old=old, new_value=new, reason=self.reason(form))

    def reconcile(self, form, target, entry):
        """Settled if the lost card is blocked and the new one (if any) is this contact's."""
        cards = {card.value: card for card in selectors.card_list(contact_uuid=self.contact_uuid)}
        old, new = cards.get(form.cleaned_data["old"]), form.cleaned_data["new"]
        if old is None or old.active or (new and new not in cards):
            return None
        return Settled(contact_url(self.contact_uuid), after={"blocked": old.value, **({"linked": new} if new else {})})

    def success_message(self, done, target):
        replacement = done.obj
        blocked = _("Card %(card)s is blocked.") % {"card": replacement.blocked.value}
        if not replacement.new_value:
            return blocked
        if replacement.complete:
            return blocked + " " + _("The new card %(card)s is linked to this contact.") % {"card": replacement.linked.value}
        error = replacement.link_error
        url = filtered_url(self.request, reverse("cards:link", args=[self.contact_uuid]), "value", replacement.new_value)
        link = format_html('<a href="{}" hx-get="{}" hx-target="#contact-action">{}</a>', url, url, _("link the new card now"))
        if error.outcome_unknown:
            what = format_html(
                _("leatadmin asked Leat to link the new card {card}, but Leat's answer was lost, so it may or may not be linked. Check the cards panel; if it is not there, {link}."),
                card=replacement.new_value, link=link,
            )
        else:
            said = MESSAGES.get(type(error)) or (describe(error).title if isinstance(error, (errors.Unavailable, errors.RateLimited)) else error.message)
            what = format_html(_("The new card {card} is NOT linked: {said} When that is sorted out, {link}."), card=replacement.new_value, said=said, link=link)
        return format_html("{} {}", blocked, what)


link = CardLink.as_view()
replace = CardReplace.as_view()
