"""The daily figures per shop, recomputed from the mirror for a span of days.

Recomputed, never added to: a day read twice (a resumed read, the second a
read asks again) comes out the same, and a day's distinct contacts need its
rows anyway. A read recomputes each day about once, as it moves past it
(mirror.py), so the cost is one pass over the mirror's new rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from .models import EVERY_SHOP, DailyShopFigures, MirroredTransaction

CREDIT = Q(is_reward=False)
REWARD = Q(is_reward=True)

FIGURES = {
    "transactions": Count("id"),
    "given": Sum("credits", filter=CREDIT & Q(credits__gt=0), default=0),
    "taken": Sum("credits", filter=CREDIT & Q(credits__lt=0), default=0),
    "rewards": Count("id", filter=REWARD),
    "reward_sum": Sum("credits", filter=REWARD, default=0),
    "amount": Sum("unit_value", filter=CREDIT, default=Decimal(0)),
    "purchases": Count("id", filter=CREDIT & Q(unit_value__gt=0)),
    "contacts": Count("contact_uuid", filter=~Q(contact_uuid=""), distinct=True),
    "unit": Max("unit_label"),
}


def _row(shop_uuid: str, values: dict) -> DailyShopFigures:
    return DailyShopFigures(
        shop_uuid=shop_uuid, day=values["day"], transactions=values["transactions"], credits_given=values["given"], credits_taken=-values["taken"],
        rewards=values["rewards"], reward_credits=-values["reward_sum"], purchase_amount=values["amount"], purchases=values["purchases"],
        contacts=values["contacts"], unit_label=values["unit"] or "",
    )


def recompute_days(first: dt.date, before: dt.date) -> int:
    """The figures of the days from `first` up to `before` (not included), per
    shop and for every shop together, from the mirror; returns the rows written.
    Call it inside the transaction that stored the transactions."""
    if first >= before:
        return 0
    mirrored = MirroredTransaction.objects.filter(day__gte=first, day__lt=before).order_by()
    rows = [_row(values["shop_uuid"], values) for values in mirrored.values("shop_uuid", "day").annotate(**FIGURES)]
    rows += [_row(EVERY_SHOP, values) for values in mirrored.values("day").annotate(**FIGURES)]
    DailyShopFigures.objects.filter(day__gte=first, day__lt=before).delete()
    DailyShopFigures.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
