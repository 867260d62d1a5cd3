"""A shop manager limited to one shop, on the booking pages: the ledger list,
a booking's page, create, correct (also one made elsewhere), settle and the
one-click actions, and the contact page's bookings panel (full page and htmx)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.bookings.models import BookingRecord
from leatadmin.staff.roles import SHOP_MANAGER
from tests.conftest import HTMX
from tests.staff.conftest import options, token

pytestmark = pytest.mark.django_db


def listed(client, htmx: bool = True, **query) -> str:
    response = client.post(reverse("bookings:list"), query, follow=True, **(HTMX if htmx else {}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_ledger_and_its_shop_filter_hold_only_their_shop(limited, made, shops):
    mine, theirs = made["bookings"]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    for html in (client.get(reverse("bookings:list")).content.decode(), client.get(reverse("bookings:list"), **HTMX).content.decode(), listed(client, q=made["contact"].email)):
        assert mine.uuid in html and theirs.uuid not in html and "Party at 1" not in html
    picker = options(client.get(reverse("bookings:list")).content.decode())
    assert f'value="{shops[0].uuid}"' in picker and f'value="{shops[1].uuid}"' not in picker


def test_a_posted_shop_that_is_not_theirs_is_refused_in_the_ledgers_filter(limited, made, shops):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    html = listed(client, shop=shops[1].uuid)
    assert "Select a valid choice" in html and made["bookings"][1].uuid not in html and made["bookings"][0].uuid not in html


def test_without_shops_a_manager_sees_the_whole_ledger(manager, made):
    html = manager.get(reverse("bookings:list")).content.decode()
    assert all(booking.uuid in html for booking in made["bookings"])


def test_another_shops_booking_is_a_403_page_and_panel(limited, made, shops):
    mine, theirs = made["bookings"]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    assert client.get(reverse("bookings:detail", args=[mine.uuid])).status_code == 200
    response = client.get(reverse("bookings:detail", args=[theirs.uuid]))
    html = response.content.decode()
    assert response.status_code == 403 and "This shop is not one of yours" in html and "Party at 1" not in html
    partial = client.get(reverse("bookings:detail", args=[theirs.uuid]), **HTMX)
    assert partial.status_code == 403 and "<html" not in partial.content.decode() and "This shop is not one of yours" in partial.content.decode()


@pytest.mark.parametrize("action", ["check-in", "complete", "cancel"])
def test_another_shops_booking_cannot_be_changed_with_one_click(limited, made, shops, sandbox, action):
    theirs = made["bookings"][1]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    sandbox.reset_stats()
    response = client.post(reverse("bookings:action", args=[theirs.uuid, action]), {"token": "t" * 32})
    assert response.status_code == 403 and "This shop is not one of yours" in response.content.decode()
    assert sandbox.stats()["total"] == 0 and BookingRecord.objects.get(pk=theirs.pk).status == theirs.status


def test_their_own_shops_booking_is_checked_in(limited, made, shops):
    mine = made["bookings"][0]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    response = client.post(reverse("bookings:action", args=[mine.uuid, "check-in"]), {"token": "a" * 32})
    assert response.status_code == 302 and BookingRecord.objects.get(pk=mine.pk).checked_in_at is not None


def test_another_shops_booking_cannot_be_corrected_or_settled(limited, made, shops, sandbox):
    theirs = made["bookings"][1]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    sandbox.reset_stats()
    assert client.get(reverse("bookings:correct", args=[theirs.uuid])).status_code == 403
    assert client.post(reverse("bookings:correct", args=[theirs.uuid]), {"number_of_people": "9", "reason": "More"}).status_code == 403
    BookingRecord.objects.filter(pk=theirs.pk).update(uuid="unconfirmed-LA-SCOPE", confirmed=False)
    assert client.post(reverse("bookings:settle", args=["unconfirmed-LA-SCOPE"]), {"made": "no"}).status_code == 403
    assert BookingRecord.objects.filter(uuid="unconfirmed-LA-SCOPE").exists() and sandbox.stats()["total"] == 0


def test_the_create_form_offers_their_shops_and_refuses_another(limited, made, shops, sandbox):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    form = client.get(reverse("bookings:create")).content.decode()
    assert f'value="{shops[0].uuid}"' in options(form) and f'value="{shops[1].uuid}"' not in options(form)
    sandbox.reset_stats()
    data = {"token": token(form), "shop": shops[1].uuid, "contact": made["contact"].email, "status": "created", "number_of_people": "2"}
    html = client.post(reverse("bookings:create"), data).content.decode()
    assert "Select a valid choice" in html.split('id="id_shop_error">')[1].split("</p>")[0]
    assert "POST bookings" not in sandbox.stats()["routes"]


@pytest.mark.parametrize("known", [True, False], ids=["another shop's", "unknown to the ledger"])
def test_a_booking_made_elsewhere_is_corrected_only_at_their_shops(limited, made, shops, sandbox, known):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    uuid = made["bookings"][1].uuid if known else "2f1c6a50-0000-4000-8000-000000000001"
    sandbox.reset_stats()
    response = client.post(reverse("bookings:correct_elsewhere"), {"uuid": uuid, "number_of_people": "4", "reason": "Phoned"})
    error = response.content.decode().split('id="id_uuid_error">')[1].split("</p>")[0]
    assert ("not one of yours" in error) if known else ("does not know this booking" in error)
    assert sandbox.stats()["total"] == 0


def test_the_contact_pages_bookings_panel_shows_their_shops_and_says_how_many_are_not(limited, made, shops):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    contact = made["contact"].uuid
    mine, theirs = (reverse("bookings:detail", args=[booking.uuid]) for booking in made["bookings"])
    partial = client.get(reverse("contacts:bookings", args=[contact]), **HTMX).content.decode()
    assert mine in partial and theirs not in partial and "One booking is not shown" in partial
    page = client.get(reverse("contacts:detail", args=[contact])).content.decode()
    assert mine in page and theirs not in page and "One booking is not shown" in page
    other = limited(SHOP_MANAGER, "shop-without-bookings")
    partial = other.get(reverse("contacts:bookings", args=[contact]), **HTMX).content.decode()
    assert "No bookings at your shops known to leatadmin." in partial and "2 bookings are not shown" in partial
