"""Every write exactly once: the staff-action mechanism as staff meet it.

Double clicks, Back and resubmit, two tabs, stale forms, and writes whose
answer Leat lost (the sandbox acts, then drops the connection, times out or
answers garbage), driven through the real views against the sandbox.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.contacts.attributes import attribute_definitions
from tests.conftest import HTMX, _client_for

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would post from leatadmin's form (`form.card.form`)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "form" in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("checkbox", "radio", "submit"):
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.data[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "select":
            self.select = attrs.get("name")
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            self.data[self.textarea] = self.data[self.textarea].removeprefix("\n")  # as a browser reads it
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_data(client, url: str, **fields) -> dict:
    """What the browser would post: the form's hidden guards and current values, plus `fields`."""
    return form_in(client.get(url), **fields)


def form_in(response, **fields) -> dict:
    """What the browser would post from the form a response shows (opened, or
    shown again with a question such as "is this a second one?"), plus `fields`."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    reader.data.pop("csrfmiddlewaretoken", None)
    return {**reader.data, **fields}


def posts(sandbox, route: str) -> int:
    return sandbox.stats()["routes"].get(route, 0)


@pytest.fixture
def shop(leat):
    return leat.shops.list()[2]


@pytest.fixture
def visit_form(manager, shop, anna):
    return form_data(manager, reverse("visits:create"), shop=shop.uuid, contact=anna.email, starts_at="2026-12-01T18:30", source="Phone")


# --- Submitted twice ------------------------------------------------------------


def test_back_then_create_again_makes_one_visit(manager, sandbox, visit_form):
    first = manager.post(reverse("visits:create"), visit_form)
    again = manager.post(reverse("visits:create"), visit_form, follow=True)  # Back, then Create again
    assert again.redirect_chain[0][0] == first["Location"]
    assert "already sent" in again.content.decode()
    assert posts(sandbox, "POST visits") == 1


def test_double_click_with_htmx_makes_one_visit(manager, sandbox, visit_form):
    first = manager.post(reverse("visits:create"), visit_form, **HTMX)
    second = manager.post(reverse("visits:create"), visit_form, **HTMX)
    assert first["HX-Redirect"] == second["HX-Redirect"]
    assert posts(sandbox, "POST visits") == 1


def test_the_same_visit_from_another_tab_asks_to_confirm(manager, sandbox, visit_form, shop, anna):
    manager.post(reverse("visits:create"), visit_form)
    other_tab = form_data(manager, reverse("visits:create"), shop=shop.uuid, contact=anna.email.upper(), starts_at="2026-12-01T18:30")
    asked = manager.post(reverse("visits:create"), other_tab)
    html = asked.content.decode()
    assert asked.status_code == 200 and "The same visit was sent" in html and "by you" in html
    assert posts(sandbox, "POST visits") == 1
    confirmed = manager.post(reverse("visits:create"), form_in(asked, confirm_duplicate="on"))
    assert confirmed.status_code == 302 and posts(sandbox, "POST visits") == 2


def test_anonymous_contact_double_click_makes_one(agent, sandbox):
    data = form_data(agent, reverse("contacts:create_anonymous"))
    first = agent.post(reverse("contacts:create_anonymous"), data)
    second = agent.post(reverse("contacts:create_anonymous"), data)
    assert first["Location"] == second["Location"]
    assert posts(sandbox, "POST contacts/anonymous") == 1


# --- Outcome unknown --------------------------------------------------------------


@pytest.mark.parametrize("lost_as", ["drop", "timeout", "garbage"])
def test_a_visit_whose_answer_was_lost_is_found_by_its_external_id(manager, sandbox, visit_form, settings, lost_as):
    settings.LEAT_TIMEOUT = 1.0
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": lost_as})
    response = manager.post(reverse("visits:create"), visit_form, follow=True)
    html = response.content.decode()
    assert "Leat did make this visit" in html
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.outcome) for e in entries] == [("visit.create", "unknown"), ("visit.create_settled", "succeeded")]
    assert entries[0].sent["external_id"].startswith("LA-")  # given by leatadmin when left empty
    assert posts(sandbox, "POST visits") == 1
    assert response.redirect_chain[-1][0] == reverse("visits:detail", args=[entries[1].target_id])


def test_a_lost_answer_that_cannot_be_settled_says_so_and_is_not_sent_again(manager, sandbox, visit_form):
    sandbox.faults.update({"drop_writes_next": 1})  # dropped before Leat acted: the visit is not there
    response = manager.post(reverse("visits:create"), visit_form)
    html = response.content.decode()
    assert response.status_code == 202
    assert "Leat may have made this visit" in html and "Check in Leat whether it is there" in html
    assert AuditEntry.objects.get().outcome == "unknown"
    assert "Try again" not in html and "failed" not in html.lower().split("outcome-unknown")[1][:400]
    again = manager.post(reverse("visits:create"), visit_form)  # the same form, sent again
    assert again.status_code == 202 and "Leat may have made this visit" in again.content.decode()
    assert posts(sandbox, "POST visits") == 0  # the dropped one never arrived; the resubmission wrote nothing


def test_after_checking_staff_can_send_it_again_deliberately(manager, sandbox, visit_form):
    sandbox.faults.update({"drop_writes_next": 1})
    html = manager.post(reverse("visits:create"), visit_form).content.decode()
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh != visit_form["token"]
    asked = manager.post(reverse("visits:create"), {**visit_form, "token": fresh})
    assert "The same visit was sent" in asked.content.decode() and "outcome is unknown" in asked.content.decode()
    sent = manager.post(reverse("visits:create"), form_in(asked, confirm_duplicate="on"))
    assert sent.status_code == 302 and posts(sandbox, "POST visits") == 1


def test_a_contact_whose_answer_was_lost_is_found_by_its_email(agent, sandbox, unique_email):
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = agent.post(reverse("contacts:create"), form_data(agent, reverse("contacts:create"), email=unique_email), follow=True)
    assert "Leat did make this contact" in response.content.decode()
    assert [(e.action, e.outcome) for e in AuditEntry.objects.order_by("id")] == [("contact.create", "unknown"), ("contact.create_settled", "succeeded")]


def test_a_lost_answer_on_an_edit_is_settled_when_leat_holds_the_change(agent, sandbox, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:edit", args=[uuid])
    data = form_data(agent, url, firstname="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "garbage"})
    response = agent.post(url, data, follow=True)
    assert "Leat did make this change" in response.content.decode()
    assert leat.contacts.get(uuid).firstname == "Lost"
    assert AuditEntry.objects.get(action="contact.update").outcome == "unknown"


def test_a_lost_delete_answer_is_not_called_failed(supervisor, sandbox, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:delete", args=[uuid])
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = supervisor.post(url, form_data(supervisor, url, type="GDPR", confirm_email=unique_email))
    html = response.content.decode()
    assert response.status_code == 202 and "Leat may have made this" in html
    assert AuditEntry.objects.get().outcome == "unknown"
    assert "Failed" not in supervisor.get(reverse("audit:list")).content.decode().split("<tbody")[1]


# --- Stale forms ---------------------------------------------------------------------


def test_a_stale_contact_form_never_overwrites_someone_elses_change(agent, make_staff, sandbox, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    leat.contacts.update(uuid, attributes={"firstname": "Ann", "lastname": "Old"})
    url = reverse("contacts:edit", args=[uuid])
    mine = form_data(agent, url)
    colleague = _client_for(make_staff, "Supervisor")
    colleague.post(url, form_data(colleague, url, lastname="New"))
    sandbox.reset_stats()
    response = agent.post(url, {**mine, "firstname": "Anna"}, **HTMX)
    html = response.content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html
    assert "Old" in html and "New" in html and colleague.user.username in html
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"]
    assert leat.contacts.get(uuid).lastname == "New"
    assert 'value="Anna"' in html  # what was typed is kept
    # Sent again from the refreshed form, knowingly: it goes through.
    again = form_data(agent, url) | {"firstname": "Anna", "version": re.search(r'name="version" value="([^"]+)"', html).group(1)}
    assert agent.post(url, again).status_code == 302
    contact = leat.contacts.get(uuid)
    assert (contact.firstname, contact.lastname) == ("Anna", "New")


def test_a_stale_visit_form_is_refused(manager, leat, anna, shop, sandbox):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, source="Kiosk")
    url = reverse("visits:edit", args=[visit.uuid])
    mine = form_data(manager, url)
    leat.visits.update(visit.uuid, source="Website")  # changed outside leatadmin
    response = manager.post(url, {**mine, "external_id": "MINE-1"})
    html = response.content.decode()
    assert "nothing was sent" in html and "Changed outside leatadmin." in html and "Website" in html
    assert leat.visits.get(visit.uuid).external_id != "MINE-1"


# --- Honest messages and no 500s ------------------------------------------------------


def test_saving_an_unchanged_form_says_nothing_was_sent(agent, sandbox, anna):
    url = reverse("contacts:edit", args=[anna.uuid])
    data = form_data(agent, url)
    sandbox.reset_stats()
    response = agent.post(url, data, follow=True)
    assert "No changes, nothing was sent." in response.content.decode()
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"] and not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", ["contacts:edit", "contacts:claim", "contacts:delete"])
@pytest.mark.parametrize("faults", [{"maintenance": True}, {"rate_limited": True, "retry_after": 30}, {"drop_rate": 1.0}])
def test_opening_a_contact_form_while_leat_fails_is_never_a_500(supervisor, sandbox, anna, name, faults):
    attribute_definitions()
    sandbox.faults.update(faults)
    response = supervisor.get(reverse(name, args=[anna.uuid]))
    assert response.status_code in (502, 503, 504)
    html = response.content.decode()
    assert "<form" in html and ("maintenance" in html or "limiting" in html or "could not be reached" in html)


# --- Bookings ---------------------------------------------------------------------------


@pytest.fixture
def booking_form(manager, shop, anna):
    return form_data(manager, reverse("bookings:create"), shop=shop.uuid, contact=anna.email, starts_at="2026-12-31T19:00", number_of_people="4", prepaid_amount="25,50")


def test_back_then_create_again_makes_one_booking(manager, sandbox, booking_form):
    first = manager.post(reverse("bookings:create"), booking_form)
    again = manager.post(reverse("bookings:create"), booking_form)
    assert first["Location"] == again["Location"] and posts(sandbox, "POST bookings") == 1


def test_a_booking_whose_answer_was_lost_stays_unconfirmed_until_settled(manager, sandbox, booking_form):
    from leatadmin.bookings.models import BookingRecord

    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = manager.post(reverse("bookings:create"), booking_form)
    html = response.content.decode()
    assert response.status_code == 202 and "Leat may have made this booking" in html
    record = BookingRecord.objects.get(confirmed=False)
    assert record.external_id.startswith("LA-") and record.number_of_people == 4 and record.prepaid_amount == 2550
    assert f'href="{reverse("bookings:detail", args=[record.uuid])}"' in html  # where to check
    page = manager.get(reverse("bookings:detail", args=[record.uuid])).content.decode()
    assert "Unconfirmed: Leat's answer was lost" in page and "Check in now" not in page
    assert manager.post(reverse("bookings:action", args=[record.uuid, "complete"])).status_code == 404
    # Staff checked Leat and found it: they paste its identifier.
    settled = manager.post(reverse("bookings:settle", args=[record.uuid]), {"made": "yes", "uuid": "11111111-2222-3333-4444-555555555555"}, follow=True)
    record.refresh_from_db()
    assert record.confirmed and record.uuid == "11111111-2222-3333-4444-555555555555"
    assert "Confirmed" in settled.content.decode()
    assert list(AuditEntry.objects.order_by("id").values_list("action", "outcome")) == [("booking.create", "unknown"), ("booking.create_settled", "succeeded")]


def test_an_unconfirmed_booking_that_was_not_made_is_removed(manager, sandbox, booking_form):
    from leatadmin.bookings.models import BookingRecord

    sandbox.faults.update({"drop_writes_next": 1})
    manager.post(reverse("bookings:create"), booking_form)
    record = BookingRecord.objects.get(confirmed=False)
    manager.post(reverse("bookings:settle", args=[record.uuid]), {"made": "no"})
    assert not BookingRecord.objects.exists()
    assert AuditEntry.objects.order_by("-id").first().action == "booking.create_discarded"


def test_a_stale_correction_does_not_undo_a_colleagues_cancel(manager, make_staff, sandbox, booking_form):
    from leatadmin.bookings.models import BookingRecord

    manager.post(reverse("bookings:create"), booking_form)
    record = BookingRecord.objects.get()
    url = reverse("bookings:correct", args=[record.uuid])
    mine = form_data(manager, url)  # opened Correct…
    colleague = _client_for(make_staff, "Supervisor")
    colleague.post(reverse("bookings:action", args=[record.uuid, "cancel"]))
    sandbox.reset_stats()
    response = manager.post(url, {**mine, "number_of_people": "5", "reason": "Party of five"})
    html = response.content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html
    assert "canceled" in html and colleague.user.username in html
    assert sandbox.stats()["total"] == 0
    record.refresh_from_db()
    assert record.status == "canceled" and record.number_of_people == 4


@pytest.mark.parametrize("name", ["visits:create", "bookings:create"])
def test_a_create_form_whose_shop_list_cannot_be_had_keeps_what_was_typed(manager, sandbox, settings, name):
    from django.core.cache import cache

    from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY

    cache.delete_many([CACHE_KEY, LAST_KNOWN_KEY])  # the shop picker must ask Leat
    settings.LEAT_RETRIES = 0
    sandbox.faults.update({"maintenance": True})
    response = manager.post(reverse(name), {"contact": "someone@example.com", "source": "Typed by staff"})
    html = response.content.decode()
    assert response.status_code == 503 and "Your input is kept below" in html and 'value="Typed by staff"' in html
