"""Staff limited to shops (#26): a staff member in a role, assigned shops."""

from __future__ import annotations

import pytest

from leatadmin.bookings.services import booking_create
from leatadmin.visits.services import visit_create


@pytest.fixture
def shops(leat):
    """Two of the sandbox's shops: a manager's own, and another."""
    return leat.shops.list()[:2]


@pytest.fixture
def newcomer(leat, unique_email):
    return leat.contacts.get(leat.contacts.create(unique_email).uuid)


@pytest.fixture
def made(supervisor, leat, newcomer, shops):
    """A visit and a booking at each shop, made in leatadmin (so it knows
    their shops), and a visit made elsewhere (shop unknown)."""
    user = supervisor.user
    visits = [visit_create(user=user, shop_uuid=shop.uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"source": f"Visit at {n}"}).obj for n, shop in enumerate(shops)]
    bookings = [
        booking_create(user=user, shop_uuid=shop.uuid, contact_uuid=newcomer.uuid, contact_email=newcomer.email, fields={"number_of_people": 2, "company_name": f"Party at {n}"}).obj
        for n, shop in enumerate(shops)
    ]
    elsewhere = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, source="Made at the kiosk")
    return {"visits": visits, "bookings": bookings, "elsewhere": elsewhere, "contact": newcomer}


def options(html: str, name: str = "shop") -> str:
    """The options of a form's select."""
    return html.split(f'name="{name}"')[1].split("</select>")[0]


def token(html: str) -> str:
    return html.split('name="token" value="')[1].split('"')[0]
