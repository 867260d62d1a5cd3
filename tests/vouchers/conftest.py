"""Vouchers of their own for each test: the demo's vouchers (Anna's, one in
every status) are read, never used up, so every test finds them as seeded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.core.models import FormSubmission


@pytest.fixture
def promotions(leat):
    return {promotion.name: promotion for promotion in leat.promotions.list()}


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.get(leat.contacts.create(unique_email).uuid)


@pytest.fixture
def voucher(leat, promotions, contact):
    """A fresh ACTIVE voucher of a promotion without limits, for a contact of its own."""
    return leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, contact_uuid=contact.uuid)


@pytest.fixture
def flyer(leat, promotions):
    """A fresh voucher of nobody yet (printed on a flyer): redeeming it needs a customer."""
    return leat.vouchers.create(promotion_uuid=promotions["10% off coffee beans"].uuid)


@pytest.fixture
def seeded(leat):
    """The demo's vouchers by code (leatadmin/sandbox/seed_counter.py): one in every status."""
    return lambda code: leat.vouchers.find(code)


def page_url(voucher) -> str:
    return reverse("vouchers:detail", args=[voucher.uuid])


def redeem_url(voucher) -> str:
    return reverse("vouchers:redeem", args=[voucher.uuid])


def claims() -> int:
    return FormSubmission.objects.count()
