"""A contact's subscriptions, one row per subscription type, in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.leat import leat
from leatadmin.leat.models import Subscription, SubscriptionType

TYPES_CACHE_KEY = "leat-subscription-types"

#: Each strategy, and what subscribing does, as staff should read it.
STRATEGIES = {
    "OPT_IN": (gettext_lazy("Opt-in"), gettext_lazy("The contact gets these mails only once subscribed; subscribing takes effect at once.")),
    "DOUBLE_OPT_IN": (gettext_lazy("Double opt-in"), gettext_lazy("A double opt-in sends a confirmation mail; the contact stays pending until they confirm.")),
    "OPT_OUT": (gettext_lazy("Opt-out"), gettext_lazy("The contact gets these mails until they unsubscribe; subscribing again takes effect at once.")),
}
STATUSES = {"SUBSCRIBED": gettext_lazy("Subscribed"), "UNSUBSCRIBED": gettext_lazy("Not subscribed"), "PENDING_CONFIRMATION": gettext_lazy("Pending confirmation")}
NO_UUID = gettext_lazy("An older subscription type: Leat's API cannot change it, so it cannot be changed here. Change it in Leat's own dashboard.")


def status_words(status: str) -> str:
    """A contact's status for a subscription type, in words."""
    return str(STATUSES.get(status, status.replace("_", " ").capitalize() or _("Unknown")))


@dataclass(frozen=True)
class SubscriptionRow:
    type: SubscriptionType
    status: str

    @property
    def changeable(self) -> bool:
        return bool(self.type.uuid)

    @property
    def subscribed(self) -> bool:
        return self.status in ("SUBSCRIBED", "PENDING_CONFIRMATION")

    @property
    def status_text(self) -> str:
        return status_words(self.status)

    @property
    def strategy_text(self) -> str:
        return str(STRATEGIES.get(self.type.strategy, (self.type.strategy.replace("_", " ").capitalize() or _("Unknown"), ""))[0])

    @property
    def effect(self) -> str:
        return str(STRATEGIES.get(self.type.strategy, ("", ""))[1] if self.changeable else NO_UUID)


def _same_type(a: SubscriptionType, b: SubscriptionType) -> bool:
    return (a.uuid is not None and a.uuid == b.uuid) or (a.uuid is None and b.uuid is None and a.id == b.id and a.name == b.name)


def subscription_types() -> list[SubscriptionType]:
    """Every subscription type of the account. They change rarely: cached
    like the other account definitions."""
    kinds = cache.get(TYPES_CACHE_KEY)
    if kinds is None:
        kinds = leat().subscription_types.list()
        cache.set(TYPES_CACHE_KEY, kinds, settings.LEAT_DEFINITIONS_CACHE_SECONDS)
    return kinds


def subscription_rows_from(kinds: list[SubscriptionType], subscriptions: list[Subscription]) -> list[SubscriptionRow]:
    """One row per type Leat knows, with the contact's status in it."""
    rows = []
    for kind in kinds:
        status = next((sub.status for sub in subscriptions if _same_type(sub.type, kind)), "")
        rows.append(SubscriptionRow(kind, status))
    return rows


def contact_subscriptions(*, contact_uuid: str) -> list[Subscription]:
    """What the contact has of each subscription type, as Leat says now."""
    return leat().subscriptions.list(contact_uuid)


def subscription_rows(*, contact_uuid: str) -> list[SubscriptionRow]:
    """Every type Leat knows, with the contact's status."""
    return subscription_rows_from(subscription_types(), contact_subscriptions(contact_uuid=contact_uuid))


def subscription_row(*, contact_uuid: str, type_uuid: str) -> SubscriptionRow | None:
    return next((row for row in subscription_rows(contact_uuid=contact_uuid) if row.type.uuid == type_uuid), None)
