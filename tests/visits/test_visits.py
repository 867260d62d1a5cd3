"""Visits: list, page, create and edit, as a shop manager uses them."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.visits.models import VisitRecord
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


def new_visit_form(manager, **data):
    html = manager.get(reverse("visits:create")).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    return {"token": token, "shop": "", "contact": "", "starts_at": "", "ends_at": "", "source": "", "external_id": "", **data}


def test_visit_page_and_edit_form(manager, leat, anna, shop):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, source="Kiosk")
    html = manager.get(reverse("visits:detail", args=[visit.uuid])).content.decode()
    assert "anna.devries@example.com" in html and "not given by Leat" in html and "Kiosk" in html
    page = manager.get(reverse("visits:edit", args=[visit.uuid])).content.decode()
    fixed = page.split('aria-label="Not editable"')[1].split("</dl>")[0]
    assert "not given by Leat" in fixed and "anna.devries@example.com" in fixed
    form = page.split('<form class="card form"')[1]
    assert 'name="source"' in form and 'name="shop"' not in form and 'name="contact"' not in form


def test_create_visit_by_email_sends_iso_with_offset(manager, leat, anna, shop):
    external = f"V-{secrets.token_hex(4)}"
    data = new_visit_form(manager, shop=shop.uuid, contact=" Anna.DeVries@example.com", starts_at="2026-07-01T19:00", ends_at="2026-07-01T21:30", source="Phone", external_id=external)
    manager.cookies["tz"] = "Europe%2FAmsterdam"  # as static/js/app.js sets it
    response = manager.post(reverse("visits:create"), data)
    assert response.status_code == 302
    visit = leat.visits.get(response["Location"].split("/")[2])
    # 19:00 in Amsterdam (summer time) is 17:00 UTC
    assert visit.starts_at == dt.datetime(2026, 7, 1, 17, 0, tzinfo=dt.UTC)
    assert (visit.external_id, visit.source, visit.contact.uuid) == (external, "Phone", anna.uuid)
    assert VisitRecord.objects.get(uuid=visit.uuid).shop_uuid == shop.uuid  # Leat does not say; leatadmin remembers
    entry = AuditEntry.objects.get(action="visit.create")
    assert entry.succeeded and entry.sent["starts_at"] == "2026-07-01T19:00:00+02:00"


def test_the_same_create_form_twice_makes_one_visit(manager, leat, anna, shop, sandbox):
    data = new_visit_form(manager, shop=shop.uuid, contact=anna.uuid, external_id=f"V-{secrets.token_hex(4)}")
    first = manager.post(reverse("visits:create"), data)
    again = manager.post(reverse("visits:create"), data, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "already sent" in again.content.decode()
    assert sandbox.stats()["routes"]["POST visits"] == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_at": "2026-07-01T21:00", "ends_at": "2026-07-01T20:00"}, "ends_at", "The end must be after the start."),
        ({"starts_at": "2026-13-45T99:00"}, "starts_at", "Enter a valid date/time."),
        ({"shop": ""}, "shop", "This field is required."),
        ({"contact": "not an email@"}, "contact", "This is not a valid email address."),
    ],
)
def test_bad_input_is_refused_before_leat(manager, anna, shop, sandbox, data, field, message):
    form = new_visit_form(manager, shop=shop.uuid, contact=anna.uuid)
    form.update(data)
    sandbox.reset_stats()
    html = manager.post(reverse("visits:create"), form, **HTMX).content.decode()
    assert f'id="id_{field}_error">{message}' in html
    assert sandbox.stats()["total"] == 0


def test_unknown_contact_email_is_a_field_error(manager, shop):
    html = manager.post(reverse("visits:create"), new_visit_form(manager, shop=shop.uuid, contact="nobody.here@example.com")).content.decode()
    assert 'id="id_contact_error">Leat has no contact with this identifier' in html


def test_leat_errors_land_at_their_field_and_the_form_keeps_its_input(manager, leat, anna, shop):
    taken = f"V-{secrets.token_hex(4)}"
    leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, external_id=taken)
    html = manager.post(reverse("visits:create"), new_visit_form(manager, shop=shop.uuid, contact=anna.uuid, external_id=taken, source="Kept")).content.decode()
    assert 'id="id_external_id_error">Already in use in Leat. Choose another value.' in html and 'value="Kept"' in html
    html = manager.post(reverse("visits:create"), new_visit_form(manager, shop=shop.uuid, contact="no-such-contact")).content.decode()
    assert 'id="id_contact_error">Leat has no contact' in html
    assert AuditEntry.objects.filter(action="visit.create", succeeded=False, error_code=55031).exists()


def test_shop_removed_from_leat_is_a_field_error(manager, anna, sandbox):
    from django.core.cache import cache

    from leatadmin.leat.models import Shop

    cache.set("leat-shops", [Shop(uuid="gone-shop", name="Closed shop")], 60)
    html = manager.post(reverse("visits:create"), new_visit_form(manager, shop="gone-shop", contact=anna.uuid)).content.decode()
    assert 'id="id_shop_error">Leat has no shop with this identifier' in html
    cache.delete("leat-shops")


def test_shop_picker_is_cached(manager, sandbox):
    manager.get(reverse("visits:create"))
    sandbox.reset_stats()
    html = manager.get(reverse("visits:create")).content.decode()
    assert sandbox.stats()["total"] == 0 and "Leat Coffee Webshop (web)" in html


def test_shop_refresh(manager, sandbox):
    manager.get(reverse("shops:index"))
    sandbox.reset_stats()
    response = manager.post(reverse("shops:refresh"), {"next": reverse("visits:create")}, follow=True)
    assert sandbox.stats()["routes"] == {"GET shops": 1}
    assert "Shop list refreshed from Leat: 10 shops." in response.content.decode()
    assert manager.post(reverse("shops:refresh"), {"next": "https://evil.example/"})["Location"] == reverse("shops:index")


def test_edit_visit_sends_only_changes(manager, leat, anna, shop):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, source="Kiosk", starts_at="2026-03-01T10:00:00+00:00")
    form = {"external_id": "", "source": "Website", "starts_at": "2026-03-01T11:00", "ends_at": ""}
    manager.cookies["tz"] = "Europe%2FAmsterdam"
    response = manager.post(reverse("visits:edit", args=[visit.uuid]), form)
    assert response["Location"] == reverse("visits:detail", args=[visit.uuid])
    entry = AuditEntry.objects.get(action="visit.update")
    assert entry.sent == {"source": "Website"}  # 11:00 Amsterdam in March is 10:00 UTC: unchanged
    assert entry.before == {"source": "Kiosk"} and entry.after == {"source": "Website"}


def test_edit_while_leat_is_down_keeps_input(manager, leat, anna, shop, sandbox):
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid)
    manager.get(reverse("visits:edit", args=[visit.uuid]))
    sandbox.faults.update({"path_status": {f"visits/{visit.uuid}": 503}})
    response = manager.post(reverse("visits:edit", args=[visit.uuid]), {"source": "Typed"}, **HTMX)
    assert response.status_code == 503
    html = response.content.decode()
    assert 'value="Typed"' in html and "Your input is kept" in html


def test_visits_permissions(agent, make_staff, anna):
    assert agent.get(reverse("visits:list")).status_code == 200
    assert agent.get(reverse("visits:create")).status_code == 403
    assert agent.post(reverse("visits:create"), {}).status_code == 403
