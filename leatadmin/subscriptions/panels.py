"""The contact page's subscriptions panel: every type, with what the contact
has of it (registered in subscriptions/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel

from .selectors import TYPES_CACHE_KEY, contact_subscriptions, subscription_rows_from, subscription_types


class SubscriptionsPanel(Panel):
    name, order, title, loading = "subscriptions", 50, gettext_lazy("Subscriptions"), gettext_lazy("Loading subscriptions…")
    url_name, template = "subscriptions:panel", "subscriptions/panel.html"

    def start(self, request, uuid, reads):
        reads.start("subscriptions", lambda: contact_subscriptions(contact_uuid=uuid))
        reads.start_cached("subscription-types", subscription_types, TYPES_CACHE_KEY)
        return ("subscriptions", "subscription-types")

    def context(self, request, uuid, reads):
        return {"rows": subscription_rows_from(reads.result("subscription-types"), reads.result("subscriptions"))}


SUBSCRIPTIONS = SubscriptionsPanel()
