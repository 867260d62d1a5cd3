"""Reading the loyalty program, rewards and what leatadmin knows of reversals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from leatadmin.audit.models import AuditEntry
from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import LoyaltyProgram, LoyaltyTransaction, Reward

PROGRAM_CACHE_KEY = "leat-loyalty-program"
REVERSE_ACTIONS = ("loyalty.reverse_credits", "loyalty.reverse_reward")


def loyalty_program() -> LoyaltyProgram:
    """The program's settings (what credits are called, the most one reception
    may give). They change rarely: cached like the other account definitions."""
    program = cache.get(PROGRAM_CACHE_KEY)
    if program is None:
        program = leat().loyalty_program.get()
        cache.set(PROGRAM_CACHE_KEY, program, settings.LEAT_DEFINITIONS_CACHE_SECONDS)
    return program


def credit_name() -> str:
    """What this account calls its credits ("Credits" if Leat cannot say now)."""
    try:
        return loyalty_program().credit_name
    except LeatError:
        return _("Credits")


def credits_for_purchase(*, shop_uuid: str, purchase: Decimal, contact_uuid: str) -> int:
    """What a purchase of this amount gives under the loyalty rules now (nothing is booked)."""
    return leat().credit_receptions.calculate(shop_uuid=shop_uuid, unit_value=purchase, contact_uuid=contact_uuid)


def rewards_for(*, contact_uuid: str) -> list[Reward]:
    """The rewards this contact can be given now (active, in stock, under their limit), cheapest first."""
    return sorted(leat().rewards.list(contact_uuid=contact_uuid), key=lambda reward: (reward.required_credits, reward.title.lower()))


def reversals(*, transaction_uuids: list[str]) -> dict[str, AuditEntry]:
    """The receptions among these that leatadmin reversed (Leat's list does not
    mark them), with who did it and when; an unknown outcome counts too."""
    entries = AuditEntry.objects.filter(action__in=REVERSE_ACTIONS, target_id__in=transaction_uuids).exclude(outcome=AuditEntry.Outcome.FAILED)
    return {entry.target_id: entry for entry in entries.order_by("created_at")}


def recent_transaction(*, contact_uuid: str, since: dt.datetime, matches: Callable[[LoyaltyTransaction], bool]) -> LoyaltyTransaction | None:
    """A transaction of this contact booked since `since` that `matches`: to
    settle a write whose answer was lost. One page of the newest is enough."""
    try:
        page = leat().transactions.list(contact_uuid=contact_uuid, created_from=since, limit=25)
    except LeatError:
        return None
    return next((item for item in page.items if matches(item)), None)
