"""Gift cards at the counter: a fresh card for each test that writes, so the
demo's cards stay as seeded for the tests that only read them."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _cold_cache():
    """Each test starts without the cached programs, card numbers and handoffs
    (the tests count Leat calls)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def program(leat):
    """"Leat Coffee gift card": at most €150.00 on a card."""
    return next(program for program in leat.giftcard_programs.list() if program.name == "Leat Coffee gift card")


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


@pytest.fixture
def card(leat, program, shop):
    """A new digital card of the program holding €37.50."""
    made = leat.giftcards.create(giftcard_program_uuid=program.uuid)
    leat.giftcard_transactions.create(giftcard_uuid=made.uuid, amount_in_cents=3750, shop_uuid=shop.uuid)
    return leat.giftcards.get(made.uuid)


@pytest.fixture
def demo_card(leat):
    """The demo's physical card 6036821000001234 (read only)."""
    return leat.giftcards.find("6036821000001234")


@pytest.fixture
def old_card(leat):
    """The demo's old card 1000042: its transactions have no uuid."""
    return leat.giftcards.find("1000042")
