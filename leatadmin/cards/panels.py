"""The contact page's loyalty cards panel (registered in cards/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel

from .selectors import card_list


class CardsPanel(Panel):
    name, order, title, loading, url_name, template = "cards", 40, gettext_lazy("Loyalty cards"), gettext_lazy("Loading cards…"), "cards:panel", "cards/panel.html"

    def start(self, request, uuid, reads):
        reads.start("cards", lambda: card_list(contact_uuid=uuid))
        return ("cards",)

    def context(self, request, uuid, reads):
        cards = reads.result("cards")
        return {"cards": cards, "any_active": any(card.active for card in cards)}


CARDS = CardsPanel()
