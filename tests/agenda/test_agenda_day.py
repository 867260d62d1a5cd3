"""Today at my shop (#26): one shop's day from the booking ledger and the
visit index, in time order, with its counts; day navigation all in the URL;
and not one Leat call to show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from leatadmin.agenda import views as agenda_views
from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY
from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER
from tests.agenda.conftest import DAY, at, counts, day_url
from tests.conftest import HTMX, _client_for

pytestmark = pytest.mark.django_db


def test_the_day_is_its_bookings_and_visits_in_time_order(manager, shops, ledger, indexed):
    shop, other = shops
    late = ledger(shop, at(19, 30), contact_email="late.guest@example.com", number_of_people=6, company_name="Kerst BV", prepaid_amount=2550)
    early = ledger(shop, at(9, 0), contact_email="early.guest@example.com", ends_at=at(10, 30))
    visit = indexed(shop, at(12, 15), contact_email="walk.in@example.com")
    ledger(other, at(11, 0), contact_email="other.shop@example.com")
    ledger(shop, at(11, 0, DAY + dt.timedelta(days=1)), contact_email="tomorrow@example.com")
    indexed(shop, at(11, 0, DAY - dt.timedelta(days=1)), contact_email="yesterday@example.com")

    response = manager.get(day_url(shop.uuid))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("early.guest@example.com") < page.index("walk.in@example.com") < page.index("late.guest@example.com")
    assert "other.shop@example.com" not in page and "tomorrow@example.com" not in page and "yesterday@example.com" not in page
    assert shop.name in page and "Thursday" in page
    late_row = page.split(f'id="booking-{late.uuid}"')[1].split("</tr>")[0]
    assert "Kerst BV" in late_row and "€25.50" in late_row and ">6<" in late_row and "Created" in late_row
    assert "09:00–10:30" in page.split(f'id="booking-{early.uuid}"')[1].split("</tr>")[0]
    assert reverse("visits:detail", args=[visit.uuid]) in page and reverse("bookings:detail", args=[late.uuid]) in page
    assert counts(page) == {"booked": "2", "checked-in": "0", "completed": "0", "canceled": "0", "no-shows": "0", "visits": "1"}


def test_the_htmx_partial_is_the_day_alone(manager, shop, ledger):
    booking = ledger(shop, at(18, 0))
    full = manager.get(day_url(shop.uuid)).content.decode()
    partial = manager.get(day_url(shop.uuid), **HTMX)
    part = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" in full and 'aria-current="page">Agenda</a>' in full
    assert "<html" not in part and "<nav" not in part and 'id="count-booked"' in part and f'id="booking-{booking.uuid}"' in part
    assert f'hx-get="{day_url(shop.uuid)}" hx-trigger="leat-changed from:body"' in full  # it redraws itself after a row's action



def test_the_page_and_its_partial_at_one_url_are_cached_apart(manager, shop, ledger):
    """The day redraws itself in place from its own URL: a browser that kept
    that partial would show it as the page on Back (tests/browser/test_agenda_journey.py)."""
    ledger(shop, at(18, 0))
    for response in (manager.get(day_url(shop.uuid)), manager.get(day_url(shop.uuid), **HTMX)):
        assert "HX-Request" in response["Vary"]


def test_counts_and_no_shows_at_a_fixed_moment(manager, shops, ledger, indexed, monkeypatch, settings):
    shop, other = shops
    monkeypatch.setattr(agenda_views, "now", lambda: at(12, 0))
    gone = ledger(shop, at(9, 0))  # three hours late: a no-show
    ledger(shop, at(11, 44))  # 16 minutes: a no-show
    ledger(shop, at(11, 45))  # exactly 15 minutes: not yet ("more than")
    ledger(shop, at(11, 50))
    ledger(shop, at(12, 30))  # still to come
    ledger(shop, at(10, 0), status="in progress", checked_in_at=at(10, 5))
    ledger(shop, at(10, 30), status="in progress")
    ledger(shop, at(8, 0), status="completed", checked_in_at=at(8, 2))
    ledger(shop, at(9, 30), status="canceled")
    ledger(shop, at(7, 0), confirmed=False)  # Leat may not even have it: nobody's no-show
    ledger(shop, at(8, 30), checked_in_at=at(8, 35))  # checked in, status not moved on: arrived
    ledger(other, at(9, 0))
    ledger(shop, at(9, 0, DAY - dt.timedelta(days=1)))
    indexed(shop, at(9, 15))

    page = manager.get(day_url(shop.uuid)).content.decode()
    assert counts(page) == {"booked": "11", "checked-in": "4", "completed": "1", "canceled": "1", "no-shows": "2", "visits": "1"}
    row = page.split(f'id="booking-{gone.uuid}"')[0].rsplit("<tr", 1)[1] + page.split(f'id="booking-{gone.uuid}"')[1].split("</tr>")[0]
    assert 'class="no-show ' in row and "No-show" in row

    settings.AGENDA_NO_SHOW_MINUTES = 60
    assert counts(manager.get(day_url(shop.uuid)).content.decode())["no-shows"] == "1"


def test_days_are_in_the_url_with_previous_next_and_today(manager, shop):
    page = manager.get(day_url(shop.uuid)).content.decode()
    assert f'href="{day_url(shop.uuid, DAY - dt.timedelta(days=1))}"' in page and f'href="{day_url(shop.uuid, DAY + dt.timedelta(days=1))}"' in page
    today = timezone.localdate()
    assert f'href="{day_url(shop.uuid, today)}" id="today"' in page
    assert manager.get(reverse("agenda:today", args=[shop.uuid]))["Location"] == day_url(shop.uuid, today)
    on_today = manager.get(day_url(shop.uuid, today)).content.decode()
    assert 'id="today"' not in on_today and "· today" in on_today
    # The picker is a GET form whose answer is the day's own URL.
    picked = manager.get(reverse("agenda:home"), {"shop": shop.uuid, "day": "2027-01-02"})
    assert picked.status_code == 302 and picked["Location"] == day_url(shop.uuid, dt.date(2027, 1, 2))
    # One URL per day.
    assert manager.get(reverse("agenda:day", args=[shop.uuid, "2026-12-4"]))["Location"] == day_url(shop.uuid, dt.date(2026, 12, 4))


def test_agenda_opens_their_shop_else_the_last_one_else_asks(manager, limited, shops, ledger):
    shop, other = shops
    ledger(shop, at(9, 0)), ledger(other, at(9, 0))
    today = timezone.localdate()
    assert limited(SHOP_MANAGER, other.uuid).get(reverse("agenda:home"))["Location"] == day_url(other.uuid, today)
    asked = manager.get(reverse("agenda:home"))
    assert asked.status_code == 200 and f'value="{shop.uuid}"' in asked.content.decode() and f'value="{other.uuid}"' in asked.content.decode()
    manager.get(day_url(shop.uuid))
    assert manager.get(reverse("agenda:home"))["Location"] == day_url(shop.uuid, today)


@pytest.mark.parametrize(
    ("day", "said"), [("2026-02-30", "Enter a valid date."), ("tomorrow", "Enter a valid date."), ("0001-01-01", "Enter a date between 1900 and 2999."), ("99999-01-01", "Enter a valid date.")]
)
def test_a_day_that_is_not_one_is_a_clear_404(manager, shop, day, said):
    response = manager.get(reverse("agenda:day", args=[shop.uuid, day]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "is not a day leatadmin can show" in page and said in page and 'name="day"' in page


def test_a_bad_day_in_the_picker_is_said_at_the_field(manager, shop):
    response = manager.get(reverse("agenda:home"), {"shop": shop.uuid, "day": "31-31-2026"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_day_error"' in page and "Enter a valid date." in page


def test_showing_a_day_makes_no_leat_call(manager, sandbox, shop, ledger, indexed):
    ledger(shop, at(18, 0)), indexed(shop, at(12, 0))
    cache.delete_many([CACHE_KEY, LAST_KNOWN_KEY])  # not even the shop list, cold
    sandbox.reset_stats()
    for response in (manager.get(reverse("agenda:home")), manager.get(day_url(shop.uuid)), manager.get(day_url(shop.uuid), **HTMX), manager.get(reverse("agenda:today", args=[shop.uuid]))):
        assert response.status_code in (200, 302)
    assert sandbox.stats()["total"] == 0, sandbox.stats()["routes"]


def test_who_may_see_the_agenda_and_who_may_act_from_it(make_staff, shop, ledger):
    booking = ledger(shop, at(18, 0))
    agent = _client_for(make_staff, CUSTOMER_SERVICE)
    page = agent.get(day_url(shop.uuid)).content.decode()
    assert f'id="booking-{booking.uuid}"' in page and "/check-in/" not in page  # customer service reads the day, without the buttons
    assert ">Agenda</a>" in page
    nobody = _client_for(make_staff, None)
    assert nobody.get(day_url(shop.uuid)).status_code == 403 and nobody.get(reverse("agenda:home")).status_code == 403


def test_an_unconfirmed_booking_offers_no_button(manager, shop, ledger):
    booking = ledger(shop, at(18, 0), confirmed=False)
    row = manager.get(day_url(shop.uuid)).content.decode().split(f'id="booking-{booking.uuid}"')[1].split("</tr>")[0]
    assert "Unconfirmed" in row and "<form" not in row


def test_the_day_in_dutch(manager, shop, ledger):
    ledger(shop, at(18, 30), prepaid_amount=2550)
    page = manager.get(day_url(shop.uuid), HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9").content.decode()
    assert "donderdag 24-12-2026" in page and "Gereserveerd" in page and "No-shows" in page and "Vorige dag" in page
    assert ">Inchecken</button>" in page and ">Annuleren</button>" in page and "25,50" in page and "18:30" in page
