"""Every role against every page and action: allowed ones work, denied ones
are a 403 that never reaches Leat, and links to what is denied are not shown.

Two more "roles" are shop managers limited to shops (staff/scoping.py, #26):
one of the matrix's shop, who may do all a shop manager may, and one of
another shop, refused the matrix's visit and booking and shown none of their
rows in lists and panels."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.staff.models import StaffShop
from leatadmin.staff.roles import CUSTOMER_SERVICE, ROLES, SHOP_MANAGER, SUPERVISOR
from leatadmin.visits.models import VisitRecord
from tests.conftest import _client_for
from tests.security import matrix_agenda, matrix_batches, matrix_collectables, matrix_giftcards, matrix_vouchers

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def in_leat(sandbox):
    """One contact, visit and booking in Leat for the whole matrix."""
    from leatadmin.leat import LeatClient

    leat = LeatClient(sandbox.url, sandbox.api_key)
    contact = leat.contacts.find_or_create("matrix.contact@example.com")
    shop, other_shop = leat.shops.list()[:2]
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid)
    booking = leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid, number_of_people=2)
    prepaid = leat.prepaid.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, amount_in_cents=500)
    kind = next(kind for kind in leat.subscription_types.list() if kind.uuid)
    # At the counter (#29): the demo's objects (leatadmin/sandbox/seed_counter.py).
    anna = leat.contacts.find_by_email("anna.devries@example.com")
    voucher = leat.vouchers.find("BEANS-ANNA-10")
    giftcard = leat.giftcards.find("6036821000001234")
    collectable = next(iter(leat.collectable_rewards.list(anna.uuid)), None)
    return {
        "contact": contact, "shop": shop, "other_shop": other_shop, "visit": visit.uuid, "booking": booking.uuid, "prepaid": prepaid.uuid, "subscription_type": kind.uuid,
        "anna": anna.uuid, "voucher": voucher.uuid, "giftcard": giftcard.uuid, "collectable": collectable.uuid if collectable else "",
    }


@pytest.fixture
def targets(in_leat):
    contact = in_leat["contact"]
    BookingRecord.objects.create(uuid=in_leat["booking"], contact_uuid=contact.uuid, contact_email=contact.email, shop_uuid=in_leat["shop"].uuid, number_of_people=2)
    # Leat's visits carry no shop: the index knows it, as for a visit made in leatadmin.
    now = timezone.now()
    VisitRecord.objects.create(uuid=in_leat["visit"], contact_uuid=contact.uuid, contact_email=contact.email, shop_uuid=in_leat["shop"].uuid, shop_name=in_leat["shop"].name, sort_at=now, synced_at=now)
    entry = AuditEntry.objects.create(username="x", action="contact.update", target_type="contact", succeeded=True)
    counter = {name: in_leat[name] for name in ("anna", "voucher", "giftcard", "collectable")}
    return {"shop": in_leat["shop"].uuid, "other_shop": in_leat["other_shop"].uuid, "contact": contact.uuid, "visit": in_leat["visit"], "booking": in_leat["booking"], "entry": entry.pk, "prepaid": in_leat["prepaid"], "subscription_type": in_leat["subscription_type"], **counter}


# (name, method, url builder, permission needed)
ENDPOINTS = [
    ("lookup", "get", lambda t: reverse("contacts:lookup"), "view_contacts"),
    ("contact page", "get", lambda t: reverse("contacts:detail", args=[t["contact"]]), "view_contacts"),
    ("profile panel", "get", lambda t: reverse("contacts:profile", args=[t["contact"]]), "view_contacts"),
    ("transactions panel", "get", lambda t: reverse("contacts:transactions", args=[t["contact"]]), "view_contacts"),
    ("visits panel", "get", lambda t: reverse("contacts:visits", args=[t["contact"]]), "view_visits"),
    ("bookings panel", "get", lambda t: reverse("contacts:bookings", args=[t["contact"]]), "view_bookings"),
    ("create contact", "post", lambda t: reverse("contacts:create"), "create_contacts"),
    ("find or create", "post", lambda t: reverse("contacts:find_or_create"), "create_contacts"),
    ("anonymous contact", "post", lambda t: reverse("contacts:create_anonymous"), "create_contacts"),
    ("edit contact", "post", lambda t: reverse("contacts:edit", args=[t["contact"]]), "edit_contacts"),
    ("claim contact", "post", lambda t: reverse("contacts:claim", args=[t["contact"]]), "edit_contacts"),
    ("delete contact", "post", lambda t: reverse("contacts:delete", args=[t["contact"]]), "delete_contacts"),
    ("cards panel", "get", lambda t: reverse("cards:panel", args=[t["contact"]]), "view_contacts"),
    ("link card", "post", lambda t: reverse("cards:link", args=[t["contact"]]), "manage_cards"),
    ("replace card", "post", lambda t: reverse("cards:replace", args=[t["contact"]]), "manage_cards"),
    ("subscriptions panel", "get", lambda t: reverse("subscriptions:panel", args=[t["contact"]]), "view_contacts"),
    ("subscribe", "post", lambda t: reverse("subscriptions:change", args=[t["contact"], t["subscription_type"], "subscribe"]), "manage_subscriptions"),
    ("unsubscribe", "post", lambda t: reverse("subscriptions:change", args=[t["contact"], t["subscription_type"], "unsubscribe"]), "manage_subscriptions"),
    ("prepaid panel", "get", lambda t: reverse("prepaid:panel", args=[t["contact"]]), "view_contacts"),
    ("top up prepaid", "post", lambda t: reverse("prepaid:book", args=[t["contact"]]), "topup_prepaid"),
    ("reverse prepaid", "post", lambda t: reverse("prepaid:reverse", args=[t["contact"], t["prepaid"]]), "refund_prepaid"),
    ("visit list", "get", lambda t: reverse("visits:list"), "view_visits"),
    ("visit page", "get", lambda t: reverse("visits:detail", args=[t["visit"]]), "view_visits"),
    ("create visit", "post", lambda t: reverse("visits:create"), "manage_visits"),
    ("edit visit", "post", lambda t: reverse("visits:edit", args=[t["visit"]]), "manage_visits"),
    ("booking list", "get", lambda t: reverse("bookings:list"), "view_bookings"),
    ("booking page", "get", lambda t: reverse("bookings:detail", args=[t["booking"]]), "view_bookings"),
    ("create booking", "post", lambda t: reverse("bookings:create"), "manage_bookings"),
    ("correct booking", "post", lambda t: reverse("bookings:correct", args=[t["booking"]]), "manage_bookings"),
    ("correct elsewhere", "post", lambda t: reverse("bookings:correct_elsewhere"), "manage_bookings"),
    ("check in", "post", lambda t: reverse("bookings:action", args=[t["booking"], "check-in"]), "manage_bookings"),
    ("complete", "post", lambda t: reverse("bookings:action", args=[t["booking"], "complete"]), "manage_bookings"),
    ("cancel", "post", lambda t: reverse("bookings:action", args=[t["booking"], "cancel"]), "manage_bookings"),
    ("shops", "get", lambda t: reverse("shops:index"), "manage_visits|manage_bookings"),
    ("audit log", "get", lambda t: reverse("audit:list"), "view_audit"),
    ("audit entry", "get", lambda t: reverse("audit:detail", args=[t["entry"]]), "view_audit"),
    ("audit export", "get", lambda t: reverse("audit:export"), "export_data"),
    ("transactions export", "post", lambda t: reverse("contacts:export_transactions", args=[t["contact"]]), "export_data"),
    ("give or take points", "post", lambda t: reverse("loyalty:points", args=[t["contact"]]), "correct_loyalty"),
    ("give a reward", "post", lambda t: reverse("loyalty:reward", args=[t["contact"]]), "correct_loyalty"),
    ("undo a reception", "post", lambda t: reverse("loyalty:reverse", args=[t["contact"], "tx-1", "credits"]), "correct_loyalty"),
    *matrix_vouchers.ENDPOINTS,
    *matrix_giftcards.ENDPOINTS,
    *matrix_collectables.ENDPOINTS,
    *matrix_batches.ENDPOINTS,
    *matrix_agenda.ENDPOINTS,
]
#: Shop managers limited to shops (staff/scoping.py): of the matrix's visit and booking's shop, and of another.
OF_ITS_SHOP, OF_ANOTHER_SHOP = "Shop manager of its shop", "Shop manager of another shop"
LIMITED = {OF_ITS_SHOP: "shop", OF_ANOTHER_SHOP: "other_shop"}
ROLE_NAMES = [CUSTOMER_SERVICE, SHOP_MANAGER, SUPERVISOR, None, OF_ITS_SHOP, OF_ANOTHER_SHOP]
#: What is the matrix's visit or booking, or changes it: another shop's manager is refused it.
ITS_SHOPS_OWN = {"visit page", "edit visit", "booking page", "correct booking", "check in", "complete", "cancel", *matrix_agenda.ITS_SHOPS_OWN}
#: Lists and panels, and the page of the row of the matrix's visit or booking in them.
ROWS = {"visit list": ("visits:detail", "visit"), "visits panel": ("visits:detail", "visit"), "booking list": ("bookings:detail", "booking"), "bookings panel": ("bookings:detail", "booking")}


def allowed(role: str | None, permission: str) -> bool:
    role = SHOP_MANAGER if role in LIMITED else role
    return role is not None and any(p in ROLES[role] for p in permission.split("|"))


def _client(make_staff, role, targets):
    client = _client_for(make_staff, SHOP_MANAGER if role in LIMITED else role)
    if role in LIMITED:
        StaffShop.objects.create(user=client.user, shop_uuid=targets[LIMITED[role]])
    return client


@pytest.mark.parametrize("role", ROLE_NAMES, ids=lambda r: r or "no role")
@pytest.mark.parametrize(("name", "method", "url", "permission"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_permission_matrix(make_staff, sandbox, targets, role, name, method, url, permission):
    client = _client(make_staff, role, targets)
    sandbox.reset_stats()
    response = getattr(client, method)(url(targets), HTTP_HX_REQUEST="true") if "panel" in name else getattr(client, method)(url(targets))
    if role == OF_ANOTHER_SHOP and name in ITS_SHOPS_OWN:
        assert response.status_code == 403, f"{role} should not be allowed {name}"
        assert "This shop is not one of yours" in response.content.decode()
        assert all(route.startswith("GET ") for route in sandbox.stats()["routes"]), "a refused change must not reach Leat"
    elif allowed(role, permission):
        assert response.status_code != 403, f"{role} should be allowed {name}"
        assert response.status_code < 500
    else:
        assert response.status_code == 403, f"{role} should not be allowed {name}"
        assert sandbox.stats()["total"] == 0, "a denied action must not reach Leat"
    if role in LIMITED and name in ROWS:
        route, kind = ROWS[name]
        row = reverse(route, args=[targets[kind]]) in response.content.decode()
        assert row == (role == OF_ITS_SHOP), f"{role} should {'' if role == OF_ITS_SHOP else 'not '}see the {kind} in {name}"


def test_anonymous_users_are_sent_to_log_in(client, targets):
    for name, method, url, _ in ENDPOINTS:
        response = getattr(client, method)(url(targets))
        assert response.status_code == 302 and response["Location"].startswith("/login/"), name


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (CUSTOMER_SERVICE, ["Contacts", "Visits", "Bookings"], ["Audit log", "Shops", "Staff admin"]),
        (SHOP_MANAGER, ["Contacts", "Visits", "Bookings", "Shops"], ["Audit log", "Staff admin"]),
        (SUPERVISOR, ["Contacts", "Visits", "Bookings", "Shops", "Audit log"], ["Staff admin"]),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(make_staff, role, shown, hidden):
    client = _client_for(make_staff, role)
    nav = client.get(reverse("bookings:list")).content.decode().split('<nav aria-label="Main">')[1].split("</nav>")[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


def test_buttons_a_role_cannot_use_are_not_shown(make_staff, targets):
    agent = _client_for(make_staff, CUSTOMER_SERVICE)
    profile = agent.get(reverse("contacts:profile", args=[targets["contact"]]), HTTP_HX_REQUEST="true").content.decode()
    assert "Edit attributes" in profile and "Delete…" not in profile
    manager = _client_for(make_staff, SHOP_MANAGER)
    profile = manager.get(reverse("contacts:profile", args=[targets["contact"]]), HTTP_HX_REQUEST="true").content.decode()
    assert "Edit attributes" not in profile and "Delete…" not in profile
    lookup = manager.get(reverse("contacts:lookup")).content.decode()
    assert "Create contact" not in lookup
    supervisor = _client_for(make_staff, SUPERVISOR)
    assert "Export these entries as CSV" in supervisor.get(reverse("audit:list")).content.decode()


def test_superuser_manages_staff_in_the_admin(admin_client):
    assert admin_client.get("/admin/auth/user/").status_code == 200
    assert admin_client.get("/admin/auth/group/").status_code == 200
