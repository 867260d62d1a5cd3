"""The daily figures, computed by hand (tests/figures/conftest.py `quiet_days`):
per shop and for every shop, on the shops' days, and a period beside the one before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from leatadmin.figures.models import EVERY_SHOP, DailyShopFigures
from leatadmin.figures.periods import Period
from leatadmin.figures.selectors import NO_SHOW, shop_figures

pytestmark = pytest.mark.django_db

MARCH_10 = dt.date(2020, 3, 10)
ASKED = Period(MARCH_10, dt.date(2020, 3, 11))


def daily(shop_uuid: str, day: int) -> DailyShopFigures:
    return DailyShopFigures.objects.get(shop_uuid=shop_uuid, day=dt.date(2020, 3, day))


def test_a_shops_day_sums_its_transactions(quiet_days):
    a = daily(quiet_days["a"].uuid, 10)
    assert (a.transactions, a.credits_given, a.credits_taken, a.rewards, a.reward_credits) == (4, 15, 3, 1, 8)
    assert (a.purchase_amount, a.purchases, a.contacts, a.unit_label) == (Decimal("29.00"), 2, 2, "Euro")


def test_a_day_is_the_shops_day_not_utcs(quiet_days):
    """23:30 UTC on the 10th is 00:30 on the 11th in Amsterdam; 22:59 UTC on the 9th is still the 9th."""
    eleventh, ninth = daily(quiet_days["a"].uuid, 11), daily(quiet_days["a"].uuid, 9)
    assert (eleventh.transactions, eleventh.credits_given, eleventh.purchase_amount) == (1, 4, Decimal("8.00"))
    assert (ninth.transactions, ninth.credits_given, ninth.purchase_amount) == (1, 6, Decimal("12.00"))


def test_every_shops_row_counts_a_contact_once_whatever_shops_they_went_to(quiet_days):
    every = daily(EVERY_SHOP, 10)
    assert (every.transactions, every.credits_given, every.credits_taken, every.rewards, every.purchase_amount, every.purchases) == (5, 22, 3, 1, Decimal("43.00"), 3)
    assert every.contacts == 2, "x at two shops is one contact of the day"
    assert daily(quiet_days["b"].uuid, 10).contacts == 1


def test_a_shops_period_beside_the_period_before(quiet_days):
    figures = shop_figures(shop_uuid=quiet_days["a"].uuid, scope=None, period=ASKED)
    assert figures.previous == Period(dt.date(2020, 3, 8), dt.date(2020, 3, 9))
    assert [day.day for day in figures.days] == [MARCH_10, dt.date(2020, 3, 11)]
    assert [(day.visits, day.bookings, day.no_shows) for day in figures.days] == [(27, 5, 2), (1, 1, 1)]
    now, before = figures.totals, figures.before
    assert (now.visits, before.visits) == (28, 25) and figures.change("visits").percent == 12
    assert (now.bookings, now.no_shows, before.bookings, before.no_shows) == (6, 3, 2, 0)
    assert now.statuses == {"created": 3, "completed": 1, "canceled": 1, "in progress": 1} and before.statuses == {"completed": 2}
    assert (now.credits_given, now.credits_taken, now.rewards, now.reward_credits, now.purchase_amount, now.purchases) == (19, 3, 1, 8, Decimal("37.00"), 3)
    assert (before.credits_given, before.purchase_amount) == (6, Decimal("12.00"))
    assert figures.contacts_per_day.now == Decimal("1.5") and figures.contacts_per_day.before == Decimal("0.5")
    assert figures.change("credits_given").percent == 217
    assert figures.change("rewards").percent is None, "nothing the period before: no percentage"
    statuses = {row.status: (row.now, row.before) for row in figures.statuses}
    assert statuses == {"created": (3, 0), "in progress": (1, 0), "completed": (1, 2), "canceled": (1, 0), NO_SHOW: (3, 0)}


def test_all_shops_for_someone_not_limited_is_the_chain(quiet_days):
    figures = shop_figures(shop_uuid="", scope=None, period=ASKED)
    assert (figures.totals.visits, figures.totals.bookings, figures.totals.no_shows) == (33, 7, 4)
    assert (figures.totals.credits_given, figures.totals.contacts) == (26, 3)


def test_all_shops_for_someone_limited_is_the_sum_of_theirs(quiet_days):
    a, b = quiet_days["a"].uuid, quiet_days["b"].uuid
    only_a = shop_figures(shop_uuid="", scope=frozenset({a}), period=ASKED)
    assert (only_a.totals.visits, only_a.totals.bookings, only_a.totals.credits_given) == (28, 6, 19)
    both = shop_figures(shop_uuid="", scope=frozenset({a, b}), period=ASKED)
    assert (both.totals.visits, both.totals.credits_given, both.totals.contacts) == (33, 26, 4), "x counts at each of their shops"
