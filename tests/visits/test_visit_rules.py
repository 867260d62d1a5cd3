"""Issue #9, visits: an end without a start is refused at the field; a filter
error shows inside the htmx swap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


def test_edit_visit_refuses_clearing_the_start_while_the_end_stays(manager, leat, anna, shop, sandbox):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, starts_at="2026-03-01T10:00:00+00:00", ends_at="2026-03-01T12:00:00+00:00")
    form = {"external_id": "", "source": "", "starts_at": "", "ends_at": "2026-03-01T13:00"}
    sandbox.reset_stats()
    for headers in ({}, HTMX):
        response = manager.post(reverse("visits:edit", args=[visit.uuid]), form, **headers)
        html = response.content.decode()
        assert response.status_code == 200 and 'id="id_starts_at_error">An end without a start makes no sense' in html
    assert "PUT visits/{id}" not in sandbox.stats()["routes"]


def test_new_visit_refuses_an_end_without_a_start(manager, anna, shop):
    html = manager.get(reverse("visits:create")).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    data = {"token": token, "shop": shop.uuid, "contact": anna.email, "starts_at": "", "ends_at": "2026-03-01T13:00", "source": "", "external_id": ""}
    assert 'id="id_starts_at_error">An end without a start makes no sense' in manager.post(reverse("visits:create"), data).content.decode()


def test_visit_filter_error_shows_in_the_htmx_swap(manager):
    html = manager.get(reverse("visits:list"), {"contact": "nobody.at.all@example.com"}, **HTMX).content.decode()
    assert "<html" not in html and "Fix the filter to see visits." in html and "No contact with this email." in html
    html = manager.get(reverse("visits:list"), {"contact": "not an email"}, **HTMX).content.decode()
    assert "Enter the contact" in html and "Fix the filter to see visits." in html
