"""A voucher's page: its status in words and why it can or cannot be used
now, its promotion and its contact (#29 item 2), as a full page and as the
htmx part an action refreshes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import HTMX, PageReadingClient
from tests.vouchers.conftest import page_url

pytestmark = pytest.mark.django_db


def why(html: str) -> str:
    return html.split('id="why">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("code", "status", "said"),
    [
        ("VQ7HM2KXP", "Active", "Can be used now; it does not expire."),
        ("BEANS-ANNA-10", "Active", "Can be used now, until 1 Jan 2032, 00:00."),
        ("VR4TN8WQE", "Not active yet", "Not active until 14 Mar 2031, 01:00: it cannot be used before then."),
        ("VX2BK9LMD", "Expired", "Expired on 30 May 2026, 10:00: it cannot be used any more."),
        ("VH6PC3ZRA", "Redeemed", "Redeemed on 28 Oct 2026, 10:14: it cannot be used again."),
        ("VD9WF5TNJ", "Deactivated", "Deactivated: it cannot be used until a supervisor activates it again."),
        ("VL3QJ7HXS", "Locked", "Locked: a till is redeeming it right now."),
    ],
)
def test_the_page_says_why_a_voucher_can_or_cannot_be_used_now(agent, seeded, code, status, said):
    voucher = seeded(code)
    response = agent.get(page_url(voucher))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert f'id="voucher-status">{status}</span>' in html
    assert said in why(html), why(html)
    assert ('id="redeem"' in html) == (code in ("VQ7HM2KXP", "BEANS-ANNA-10"))


def test_a_voucher_redeemed_outside_leatadmin_says_leat_does_not_say_where(agent, seeded):
    html = agent.get(page_url(seeded("VH6PC3ZRA"))).content.decode()
    assert "Leat does not say at which shop." in why(html)


def test_the_page_shows_the_promotion_with_its_limits_and_the_contact_linked(agent, seeded, anna):
    html = agent.get(page_url(seeded("VH6PC3ZRA"))).content.decode()  # Welcome coffee: one per customer, 30 days
    promotion = html.split('id="promotion"', 1)[1].split("</section>", 1)[0]
    assert "Welcome coffee" in promotion and "A free coffee of choice for new members" in promotion
    assert "at most 1" in promotion and "no limit" in promotion and "30 days" in promotion
    assert f'<a href="{reverse("contacts:detail", args=[anna.uuid])}">anna.devries@example.com</a>' in html


def test_the_contact_is_not_linked_for_staff_who_may_not_view_contacts(make_staff, seeded):
    user = make_staff(None)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="redeem_vouchers"))
    client = PageReadingClient()
    client.force_login(user)
    html = client.get(page_url(seeded("VQ7HM2KXP"))).content.decode()
    assert "anna.devries@example.com" in html and reverse("contacts:detail", args=[seeded("VQ7HM2KXP").contact.uuid]) not in html


def test_a_voucher_of_nobody_says_so(agent, flyer):
    html = agent.get(page_url(flyer)).content.decode()
    assert "None yet: whoever redeems it first gets it" in html


def test_the_htmx_part_is_the_voucher_alone(agent, seeded):
    response = agent.get(page_url(seeded("VX2BK9LMD")), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="contact-action"' not in html
    assert "Expired on 30 May 2026, 10:00" in why(html)


def test_in_dutch(agent, seeded):
    agent.cookies["django_language"] = "nl"
    html = agent.get(page_url(seeded("VX2BK9LMD")), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Verlopen op 30-05-2026 10:00" in why(html), why(html)


def test_a_voucher_leat_does_not_know_is_a_404(agent):
    response = agent.get(reverse("vouchers:detail", args=["0d8e5a4e-0000-4000-8000-000000000000"]))
    assert response.status_code == 404


@pytest.mark.parametrize(("faults", "status"), [({"maintenance": True}, 503), ({"rate_limited": True, "retry_after": 7}, 503)])
def test_leat_down_is_a_page_saying_so_not_a_traceback(agent, sandbox, seeded, faults, status):
    url = page_url(seeded("VQ7HM2KXP"))
    sandbox.faults.update(faults)
    for headers in ({}, HTMX):
        response = agent.get(url, **headers)
        assert response.status_code == status
        assert "Leat" in response.content.decode()


def test_the_page_needs_the_counter_permission(make_staff, seeded):
    user = make_staff(None)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="view_contacts"))
    client = PageReadingClient()
    client.force_login(user)
    assert client.get(page_url(seeded("VQ7HM2KXP"))).status_code == 403
