"""Leat's visits carry no shop: leatadmin says what it knows, and an unknown
visit is a 404 page, not a Leat failure."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.visits.models import VisitRecord
from tests.conftest import HTMX
from tests.visits.test_visits import new_visit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[1]


def test_leat_sends_no_shop_on_visits(leat, anna, shop):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid)
    assert visit.shop is None and leat.visits.get(visit.uuid).shop is None


def test_a_visit_made_here_shows_the_shop_it_was_made_for(manager, leat, anna, shop):
    data = new_visit_form(manager, shop=shop.uuid, contact=anna.email, starts_at="2026-03-01T10:00", source="Kiosk")
    response = manager.post(reverse("visits:create"), data)
    uuid = response["Location"].split("/")[2]
    assert VisitRecord.objects.get(uuid=uuid).shop_uuid == shop.uuid
    page = manager.get(reverse("visits:detail", args=[uuid])).content.decode()
    assert shop.name in page and "not given by Leat" not in page
    edit = manager.get(reverse("visits:edit", args=[uuid])).content.decode()
    assert shop.name in edit.split('aria-label="Not editable"')[1].split("</dl>")[0]
    listed = manager.get(reverse("visits:list"), {"contact": anna.uuid, "date_from": "2026-03-01", "date_to": "2026-03-01"}, **HTMX).content.decode()
    row = next(row for row in listed.split("<tr") if uuid in row)
    assert shop.name in row


def test_a_visit_made_elsewhere_says_leat_does_not_give_its_shop(manager, leat, anna, shop):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, source="Elsewhere")
    page = manager.get(reverse("visits:detail", args=[visit.uuid])).content.decode()
    assert "not given by Leat" in page
    panel = manager.get(reverse("contacts:visits", args=[anna.uuid]), **HTMX).content.decode()
    assert "not given by Leat" in panel


def test_an_unknown_visit_is_a_404_page(manager):
    response = manager.get(reverse("visits:detail", args=["no-such-visit"]))
    html = response.content.decode()
    assert response.status_code == 404 and "<html" in html and "no visit with this identifier" in html
    assert "refused" not in html


def test_an_unknown_visit_is_a_404_for_htmx_too(manager):
    response = manager.get(reverse("visits:edit", args=["no-such-visit"]), **HTMX)
    assert response.status_code == 404 and "<html" not in response.content.decode()


def test_an_unknown_booking_is_a_404_page(manager):
    response = manager.get(reverse("bookings:detail", args=["no-such-booking"]))
    assert response.status_code == 404 and "<html" in response.content.decode()


def test_an_unknown_contact_is_a_404(agent):
    response = agent.get(reverse("contacts:profile", args=["no-such-contact"]), **HTMX)
    assert response.status_code == 404 and "Contact not found." in response.content.decode()
