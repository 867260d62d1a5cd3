"""#28.11: a date-time typed in the night of a clock change (Europe/Amsterdam).

On 2026-10-25 the clocks go back from 03:00 to 02:00, so 02:30 happens twice:
the form asks which one. On 2026-03-29 they jump from 02:00 to 03:00, so 02:30
never happens: the form says so. Django's own answer was "… couldn't be
interpreted in time zone …; it may be ambiguous or it may not exist".
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.core.fields import DateTimeLocalField
from leatadmin.core.wall_time import clock_change
from leatadmin.visits.forms import VisitEditForm
from tests.conftest import HTMX
from tests.core.test_languages import DUTCH
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TWICE, NEVER = "2026-10-25T02:30", "2026-03-29T02:30"
TWICE_SAID = "25 Oct 2026, 02:30 happens twice this night (the clocks go back from 03:00 to 02:00): choose which one you mean."
NEVER_SAID = "29 Mar 2026, 02:30 does not exist: this night the clocks jump forward from 02:00 to 03:00. Choose 03:00 or later, or a time before 02:00."


@pytest.fixture
def in_amsterdam():
    with timezone.override(AMSTERDAM):
        yield


class StartForm(forms.Form):
    starts_at = DateTimeLocalField()


def test_the_clock_changes_are_found(in_amsterdam):
    assert clock_change(dt.datetime(2026, 10, 25, 2, 30), AMSTERDAM) == (dt.datetime(2026, 10, 25, 3, 0), dt.datetime(2026, 10, 25, 2, 0))
    assert clock_change(dt.datetime(2026, 3, 29, 2, 30), AMSTERDAM) == (dt.datetime(2026, 3, 29, 2, 0), dt.datetime(2026, 3, 29, 3, 0))


def test_a_time_that_happens_twice_asks_which_one(in_amsterdam):
    form = StartForm({"starts_at": TWICE})
    assert form.errors["starts_at"] == [TWICE_SAID]
    html = str(form["starts_at"])
    assert 'type="radio" name="starts_at_offset" value="+02:00"> the first 02:30, in summer time (UTC+02:00)' in html
    assert 'type="radio" name="starts_at_offset" value="+01:00"> the second 02:30, in winter time (UTC+01:00)' in html


@pytest.mark.parametrize(("offset", "utc"), [("+02:00", dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)), ("+01:00", dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC))])
def test_the_choice_decides_the_moment(in_amsterdam, offset, utc):
    form = StartForm({"starts_at": TWICE, "starts_at_offset": offset})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == utc and form.cleaned_data["starts_at"].isoformat().endswith(offset)
    assert f'value="{offset}" checked' in str(form["starts_at"])


def test_a_time_that_never_happens_says_where_the_clocks_jump(in_amsterdam):
    for data in ({"starts_at": NEVER}, {"starts_at": NEVER, "starts_at_offset": "+01:00"}):
        form = StartForm(data)
        assert form.errors["starts_at"] == [NEVER_SAID]
        assert "radio" not in str(form["starts_at"])


def test_an_ordinary_night_is_as_before_and_ignores_a_left_over_choice(in_amsterdam):
    form = StartForm({"starts_at": "2026-10-25T04:00", "starts_at_offset": "+02:00"})  # the radios stay in the page when the time is changed
    assert form.is_valid() and form.cleaned_data["starts_at"] == dt.datetime(2026, 10, 25, 3, 0, tzinfo=dt.UTC)
    assert "radio" not in str(form["starts_at"])


def test_the_first_0230_to_the_second_0215_is_45_minutes_not_an_end_before_the_start(in_amsterdam):
    form = VisitEditForm({"starts_at": TWICE, "starts_at_offset": "+02:00", "ends_at": "2026-10-25T02:15", "ends_at_offset": "+01:00", "source": "", "external_id": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ends_at"] - form.cleaned_data["starts_at"] == dt.timedelta(minutes=45)


def test_a_saved_second_0230_is_shown_with_its_choice_made(in_amsterdam):
    form = VisitEditForm(initial={"starts_at": dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)})
    html = str(form["starts_at"])
    assert 'value="2026-10-25T02:30"' in html and 'value="+01:00" checked' in html


# --- Through the visit and booking forms --------------------------------------------


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


def field_error(html: str, name: str) -> str:
    return html.split(f'id="id_{name}_error">')[1].split("</p>")[0]


def test_creating_a_visit_at_a_time_that_happens_twice(manager, leat, sandbox, anna, shop):
    manager.cookies["tz"] = "Europe%2FAmsterdam"
    url = reverse("visits:create")
    data = form_data(manager, url, shop=shop.uuid, contact=anna.email, starts_at=TWICE, external_id=f"V-{secrets.token_hex(4)}")
    sandbox.reset_stats()
    asked = manager.post(url, data, **HTMX)
    html = asked.content.decode()
    assert asked.status_code == 200 and field_error(html, "starts_at") == TWICE_SAID
    assert "couldn" not in html and 'name="starts_at_offset" value="+01:00"' in html
    assert posts(sandbox, "POST visits") == 0

    made = manager.post(url, {**data, "starts_at_offset": "+01:00"})
    assert made.status_code == 302
    visit = leat.visits.get(made["Location"].split("/")[2])
    assert visit.starts_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # the second 02:30, in winter time
    assert AuditEntry.objects.get(action="visit.create", target_id=visit.uuid).sent["starts_at"] == "2026-10-25T02:30:00+01:00"


def test_editing_a_visit_at_the_second_0230_keeps_it(manager, leat, anna, shop):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, starts_at="2026-10-25T01:30:00+00:00", source="Kiosk")
    url = reverse("visits:edit", args=[visit.uuid])
    data = form_data(manager, url, source="Phone")
    assert data["starts_at"] == TWICE and data["starts_at_offset"] == "+01:00"  # as the page shows it
    assert manager.post(url, data).status_code == 302
    assert leat.visits.get(visit.uuid).starts_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)


def test_booking_at_a_time_that_never_happens(manager, sandbox, anna, shop):
    from tests.bookings.test_bookings import booking_form

    data = booking_form(manager, shop=shop.uuid, contact=anna.email, starts_at="2026-03-29T20:00", checked_in_at=NEVER)
    sandbox.reset_stats()
    html = manager.post(reverse("bookings:create"), data, **HTMX).content.decode()
    assert field_error(html, "checked_in_at") == NEVER_SAID and "couldn" not in html
    assert posts(sandbox, "POST bookings") == 0


def test_in_dutch(manager, anna, shop):
    url = reverse("visits:create")
    data = form_data(manager, url, shop=shop.uuid, contact=anna.email, starts_at=TWICE)
    html = manager.post(url, data, **HTMX, **DUTCH).content.decode()
    assert field_error(html, "starts_at") == "25-10-2026 02:30 komt deze nacht twee keer voor (de klok gaat terug van 03:00 naar 02:00): kies welke van de twee."
    assert "de eerste 02:30, in zomertijd (UTC+02:00)" in html and "de tweede 02:30, in wintertijd (UTC+01:00)" in html
