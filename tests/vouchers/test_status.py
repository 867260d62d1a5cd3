"""Deactivating a voucher and activating it again: supervisors, with a
reason, through the staff-action steps (#29 item 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.contact_actions import SLOT, done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, form_in, posts
from tests.vouchers.conftest import claims, page_url

pytestmark = pytest.mark.django_db

UPDATE = "PUT vouchers/{id}"


def deactivate_url(voucher):
    return reverse("vouchers:deactivate", args=[voucher.uuid])


def activate_url(voucher):
    return reverse("vouchers:activate", args=[voucher.uuid])


def test_a_supervisor_deactivates_a_voucher_with_a_reason_and_activates_it_again(supervisor, leat, voucher):
    page = supervisor.get(page_url(voucher)).content.decode()
    assert deactivate_url(voucher) in page and activate_url(voucher) not in page
    url = deactivate_url(voucher)
    html = done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Shared on social media")))
    assert f"Voucher {voucher.code} is deactivated: nobody can use it now." in html
    assert leat.vouchers.get(voucher.uuid).status == "DEACTIVATED"
    [entry] = entries("voucher.deactivate")
    assert (entry.reason, entry.before, entry.after, entry.contact_uuid) == ("Shared on social media", {"status": "ACTIVE"}, {"status": "DEACTIVATED"}, voucher.contact.uuid)
    page = supervisor.get(page_url(voucher)).content.decode()
    assert f"Deactivated by {supervisor.user.username} on" in page and "“Shared on social media”" in page
    assert activate_url(voucher) in page and 'id="redeem"' not in page
    url = activate_url(voucher)
    html = done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Mistake")))
    assert f"Voucher {voucher.code} is active again: it is active now." in html
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE"


def test_without_javascript_it_returns_to_the_voucher_page(supervisor, leat, voucher):
    url = deactivate_url(voucher)
    assert "<html" in supervisor.get(url).content.decode()
    response = supervisor.post(url, form_data(supervisor, url, reason="Fraud"))
    assert response.status_code == 302 and response["Location"] == page_url(voucher)


def test_a_reason_is_needed(supervisor, sandbox, voucher):
    url = deactivate_url(voucher)
    html = post_in_slot(supervisor, url, slot_data(supervisor, url, reason="")).content.decode()
    assert "Say why: the reason is kept in the audit log." in html and posts(sandbox, UPDATE) == 0


def test_only_supervisors_may(agent, manager, voucher):
    for client in (agent, manager):
        assert client.get(deactivate_url(voucher)).status_code == 403
        assert client.post(deactivate_url(voucher), {"reason": "x"}).status_code == 403
        assert deactivate_url(voucher) not in client.get(page_url(voucher)).content.decode()


def test_a_redeemed_voucher_cannot_be_changed(supervisor, sandbox, seeded):
    voucher = seeded("VH6PC3ZRA")
    url = deactivate_url(voucher)
    assert url not in supervisor.get(page_url(voucher)).content.decode()
    html = post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Try")).content.decode()
    assert "A redeemed voucher cannot be changed." in html and posts(sandbox, UPDATE) == 0


def test_only_a_deactivated_voucher_can_be_activated(supervisor, sandbox, voucher):
    url = activate_url(voucher)
    html = post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Try")).content.decode()
    assert "Only a deactivated voucher can be activated again; this one is active." in html and posts(sandbox, UPDATE) == 0


def test_changed_meanwhile_sends_nothing_and_says_what_changed(supervisor, leat, sandbox, voucher):
    url = deactivate_url(voucher)
    data = slot_data(supervisor, url, reason="Fraud")
    leat.vouchers.lock(voucher.uuid)  # a till starts redeeming it, meanwhile
    sandbox.reset_stats()
    html = post_in_slot(supervisor, url, data).content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html
    assert "Locked" in html.split('id="stale-changes"')[1] and "Changed outside leatadmin." in html
    assert posts(sandbox, UPDATE) == 0


def test_deactivated_meanwhile_is_said_at_the_code(supervisor, leat, sandbox, voucher):
    url = deactivate_url(voucher)
    data = slot_data(supervisor, url, reason="Fraud")
    leat.vouchers.deactivate(voucher.uuid)  # a colleague in Leat's dashboard
    sandbox.reset_stats()
    assert "This voucher is deactivated already." in post_in_slot(supervisor, url, data).content.decode()
    assert posts(sandbox, UPDATE) == 0


def test_leat_down_keeps_the_reason(supervisor, sandbox, voucher):
    url = deactivate_url(voucher)
    data = slot_data(supervisor, url, reason="Kept while Leat is down")
    sandbox.faults.update({"maintenance": True})
    assert supervisor.get(url, **SLOT).status_code == 503
    response = post_in_slot(supervisor, url, data)
    html = response.content.decode()
    assert response.status_code == 503 and "Leat is down for maintenance." in html and "Kept while Leat is down" in html
    assert claims() == 0


def test_a_lost_answer_is_settled_by_reading_the_status_again(supervisor, leat, sandbox, voucher):
    url = deactivate_url(voucher)
    data = slot_data(supervisor, url, reason="Fraud")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "garbage"})
    response = post_in_slot(supervisor, url, data)
    assert response["HX-Redirect"] == page_url(voucher)
    assert [(e.action, e.outcome) for e in entries("voucher.")] == [("voucher.deactivate", "unknown"), ("voucher.deactivate_settled", "succeeded")]


def test_a_lost_answer_leat_did_not_act_on_stays_unknown(supervisor, leat, sandbox, voucher):
    url = deactivate_url(voucher)
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Fraud"))
    assert response.status_code == 202 and "Leat may have made this voucher change." in response.content.decode()
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE"
    again = post_in_slot(supervisor, url, form_in(response))  # checked: not done; sent again knowingly
    assert "The same voucher change was sent" in again.content.decode()
    done_in_place(post_in_slot(supervisor, url, form_in(again, confirm_duplicate="on")))
    assert leat.vouchers.get(voucher.uuid).status == "DEACTIVATED"
