"""Redeeming a voucher at a shop, exactly once (#29 item 2): Leat's lock,
redeem and release, one audit entry each; a second redemption (double click,
Back, another tab, two tabs at the same instant) is refused and says who
redeemed it when; Leat's refusals in words at the code; a lost answer settled
by reading the voucher again, or left "outcome unknown"."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from leatadmin.vouchers.redemption import VoucherRedeem
from tests.contact_actions import IN_FORM, SLOT, done_in_place, entries, post_in_slot, slot_data
from tests.core.test_exactly_once import _two_at_once
from tests.core.test_staff_actions import form_data, form_in, posts
from tests.vouchers.conftest import claims, page_url, redeem_url

pytestmark = pytest.mark.django_db

REDEEM, LOCK, RELEASE = "POST vouchers/redeem", "POST vouchers/{id}/lock", "POST vouchers/{id}/release"


def steps() -> list[tuple[str, str]]:
    return [(entry.action, entry.outcome) for entry in entries("voucher.")]


def field_error(html: str, name: str) -> str:
    """The error shown at a form field (core/field.html)."""
    assert f'id="id_{name}_error"' in html, html[:2000]
    return html.split(f'id="id_{name}_error">', 1)[1].split("</p>", 1)[0]


def test_redeem_in_the_voucher_pages_action_slot(agent, leat, sandbox, voucher, shop):
    url = redeem_url(voucher)
    opened = agent.get(page_url(voucher)).content.decode()
    assert f'hx-get="{url}" hx-target="#contact-action"' in opened and 'id="contact-action"' in opened
    html = done_in_place(post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid)))
    assert f"Voucher {voucher.code} is redeemed." in html
    assert leat.vouchers.get(voucher.uuid).status == "REDEEMED"
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "succeeded")]
    assert posts(sandbox, LOCK) == 1 and posts(sandbox, REDEEM) == 1 and posts(sandbox, RELEASE) == 0
    redeem = entries("voucher.redeem")[0]
    assert redeem.sent["release_key"] == entries("voucher.lock")[0].after["release_key"] and redeem.contact_uuid == voucher.contact.uuid
    # Leat never says where: the page says it from leatadmin's own record.
    page = agent.get(page_url(voucher)).content.decode()
    assert f"at {shop.name}, by {agent.user.username} in leatadmin" in page and 'id="redeem"' not in page


def test_redeem_without_javascript_returns_to_the_voucher_page(agent, leat, voucher, shop):
    url = redeem_url(voucher)
    opened = agent.get(url)
    assert opened.status_code == 200 and "<html" in opened.content.decode()
    response = agent.post(url, form_data(agent, url, shop=shop.uuid))
    assert response.status_code == 302 and response["Location"] == page_url(voucher)
    assert f"Voucher {voucher.code} is redeemed." in agent.get(response["Location"]).content.decode()


def test_a_voucher_of_nobody_is_redeemed_for_the_customer_given(agent, leat, flyer, shop, contact):
    url = redeem_url(flyer)
    data = slot_data(agent, url, shop=shop.uuid)
    refused = post_in_slot(agent, url, data).content.decode()
    assert "Leat redeems a voucher that belongs to no contact only for one." in refused
    done_in_place(post_in_slot(agent, url, {**form_in(post_in_slot(agent, url, data)), "contact": contact.email.upper()}))
    now = leat.vouchers.get(flyer.uuid)
    assert now.status == "REDEEMED" and now.contact.uuid == contact.uuid


# --- A second redemption is refused, saying who redeemed it when ---------------------


def test_a_double_click_or_back_redeems_once(agent, sandbox, voucher, shop):
    url = redeem_url(voucher)
    data = slot_data(agent, url, shop=shop.uuid)
    done_in_place(post_in_slot(agent, url, data))
    again = post_in_slot(agent, url, data)  # the same form: a double click, or Back and send
    assert again["HX-Redirect"] == page_url(voucher)
    plain = agent.post(url, data, follow=True).content.decode()
    assert "This form was already sent; here is what it did. Nothing was sent again." in plain
    assert posts(sandbox, REDEEM) == 1 and posts(sandbox, LOCK) == 1


def test_another_tab_is_refused_with_who_redeemed_it_when(agent, supervisor, sandbox, voucher, shop):
    url = redeem_url(voucher)
    other_tab = slot_data(supervisor, url, shop=shop.uuid)  # opened while it was still active
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid)))
    response = post_in_slot(supervisor, url, other_tab)
    html = response.content.decode()
    assert response.status_code == 200 and "This voucher has already been redeemed." in html
    assert f"{agent.user.username} redeemed it on" in html and f"at {shop.name}." in html
    assert posts(sandbox, REDEEM) == 1 and posts(sandbox, LOCK) == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_redeeming_at_the_same_instant_redeem_once(leat, sandbox, promotions, unique_email):
    shop = leat.shops.list()[0]
    contact = leat.contacts.create(unique_email)
    voucher = leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, contact_uuid=contact.uuid)
    url = redeem_url(voucher)
    sandbox.faults.update({"latency_ms": 30})
    sandbox.reset_stats()
    [statuses] = _two_at_once(url, lambda client: form_data(client, url, shop=shop.uuid, in_page="1"))
    assert all(status in (200, 302) for status in statuses), statuses
    assert posts(sandbox, REDEEM) == 1 and posts(sandbox, LOCK) == 1, sandbox.stats()["routes"]
    assert claims() == 1
    assert leat.vouchers.get(voucher.uuid).status == "REDEEMED"


# --- Leat refusing, in words at the code -------------------------------------------------


@pytest.fixture
def as_loaded(monkeypatch):
    """The voucher as the form read it, moments before another till (or time) changed it in Leat."""

    def use(voucher, **changes):
        then = dataclasses.replace(voucher, **changes)
        monkeypatch.setattr(VoucherRedeem, "load", lambda self: then)
        return then

    return use


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("VH6PC3ZRA", "This voucher has already been redeemed."),  # 80005
        ("VX2BK9LMD", "This voucher has expired."),  # 80006
        ("VD9WF5TNJ", "This voucher has been deactivated, so it cannot be used."),  # 80012
        ("VR4TN8WQE", "This voucher is not active yet."),  # 80014
        ("VL3QJ7HXS", "This voucher is being redeemed elsewhere right now (locked)."),  # 80017
    ],
)
def test_leat_refusing_the_lock_is_said_at_the_code(agent, sandbox, seeded, as_loaded, shop, code, said):
    voucher = as_loaded(seeded(code), status="ACTIVE", is_redeemed=False, redeemed_at=None)
    url = redeem_url(voucher)
    response = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid))
    html = response.content.decode()
    assert response.status_code == 200 and said in field_error(html, "code"), html[:1500]
    assert posts(sandbox, REDEEM) == 0 and steps() == [("voucher.lock", "failed")]
    assert claims() == 0  # freed: Leat did nothing, the form may be sent again


def test_a_promotion_that_ended_is_refused_and_the_lock_given_back(agent, leat, sandbox, voucher, shop):
    """80020 comes from the redemption, after the lock: the lock is released.
    (Leat makes no voucher of an ended promotion: this one's promotion ended after it was made.)"""
    with sandbox.store.write() as conn:
        conn.execute("UPDATE vouchers SET promotion_id = (SELECT id FROM promotions WHERE name = 'Summer festival 2026') WHERE uuid = ?", (voucher.uuid,))
    ended = voucher
    url = redeem_url(ended)
    html = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid)).content.decode()
    assert "This voucher&#x27;s promotion is not active." in field_error(html, "code")
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "failed"), ("voucher.release", "succeeded")]
    assert leat.vouchers.get(ended.uuid).status == "ACTIVE"


def test_an_unknown_customer_is_said_at_the_customer(agent, leat, flyer, shop):
    """55031 for a customer Leat does not know: at the field, and the lock given back."""
    url = redeem_url(flyer)
    html = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid, contact="0d8e5a4e-0000-4000-8000-000000000000")).content.decode()
    assert "Leat has no contact with this identifier" in field_error(html, "contact")
    assert [action for action, _ in steps()] == ["voucher.lock", "voucher.redeem", "voucher.release"]
    assert leat.vouchers.get(flyer.uuid).status == "ACTIVE"


def test_another_contacts_voucher_is_refused_at_the_customer(agent, leat, voucher, as_loaded, shop, anna):
    """1003 about the contact: Leat redeems a contact's voucher only for them."""
    as_loaded(voucher, contact=None)
    url = redeem_url(voucher)
    html = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid, contact=anna.email)).content.decode()
    assert "belongs to another contact" in field_error(html, "contact")
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE"


def test_a_voucher_that_cannot_be_used_is_refused_before_leat_is_asked(agent, sandbox, seeded, shop):
    voucher = seeded("VX2BK9LMD")
    url = redeem_url(voucher)
    html = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid)).content.decode()
    assert "This voucher cannot be redeemed: it is expired." in html
    assert posts(sandbox, LOCK) == 0


# --- Leat down ------------------------------------------------------------------------------


def test_leat_down_when_opening_or_sending_keeps_the_form(agent, sandbox, voucher, shop):
    url = redeem_url(voucher)
    data = slot_data(agent, url, shop=shop.uuid)
    sandbox.faults.update({"maintenance": True})
    opened = agent.get(url, **SLOT)
    assert opened.status_code == 503 and "Leat is down for maintenance." in opened.content.decode()
    sandbox.faults.update({"maintenance": False, "rate_limited": True, "retry_after": 9})
    sent = post_in_slot(agent, url, data)
    assert sent.status_code == 503 and sent["Retry-After"] == "9" and "Leat is limiting requests right now." in sent.content.decode()
    assert posts(sandbox, LOCK) == 0 and claims() == 0


def test_leat_down_between_lock_and_redeem_gives_the_lock_back(agent, leat, sandbox, voucher, shop):
    url = redeem_url(voucher)
    sandbox.faults.update({"path_status": {"vouchers/redeem": 503}})
    response = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid))
    assert response.status_code == 503 and "Leat is down for maintenance." in response.content.decode()
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "failed"), ("voucher.release", "succeeded")]
    assert leat.vouchers.get(voucher.uuid).status == "ACTIVE" and claims() == 0


# --- A lost answer ----------------------------------------------------------------------------


def test_a_lost_answer_is_settled_by_reading_the_voucher_again(agent, leat, sandbox, voucher, shop, settings):
    """Leat redeemed it, but its answer came too late: redeemed now and not before, under leatadmin's lock."""
    settings.LEAT_TIMEOUT = 1.0
    url = redeem_url(voucher)
    data = slot_data(agent, url, shop=shop.uuid)
    sandbox.faults.update({"path_latency_ms": {"vouchers/redeem": 1600}})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == page_url(voucher), response.content.decode()[:800]
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "unknown"), ("voucher.redeem_settled", "succeeded")]
    settled = entries("voucher.redeem_settled")[0]
    assert settled.after["shop"] == shop.name and settled.target_id == voucher.uuid
    html = agent.get(page_url(voucher)).content.decode()
    assert "Leat&#x27;s answer was lost, but leatadmin checked" in html
    assert f"at {shop.name}, by {agent.user.username} in leatadmin" in html


def test_a_lost_answer_leat_did_not_act_on_stays_unknown_and_the_lock_is_used_again(agent, leat, sandbox, voucher, shop):
    url = redeem_url(voucher)
    sandbox.faults.update({"path_status": {"vouchers/redeem": 502}})  # a gateway's "no answer": Leat never redeemed it
    response = post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid))
    html = response.content.decode()
    assert response.status_code == 202 and "Leat may have made this voucher redemption." in html
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "unknown")]
    # Nobody else can use it meanwhile: Leat holds leatadmin's lock, and the page says until when.
    assert leat.vouchers.get(voucher.uuid).status == "LOCKED"
    page = agent.get(page_url(voucher)).content.decode()
    assert "leatadmin was redeeming it when Leat&#x27;s answer was lost" in page
    assert 'id="redeem"' in page
    # Checked, not redeemed: sent again (asked to confirm it is a second one), it uses that lock.
    sandbox.faults.update({"path_status": {}})
    asked = post_in_slot(agent, url, form_in(response))
    assert "The same voucher redemption was sent" in asked.content.decode()
    done_in_place(post_in_slot(agent, url, form_in(asked, confirm_duplicate="on")))
    assert posts(sandbox, LOCK) == 1 and leat.vouchers.get(voucher.uuid).status == "REDEEMED"
    assert steps() == [("voucher.lock", "succeeded"), ("voucher.redeem", "unknown"), ("voucher.redeem", "succeeded")]


def test_a_lost_answer_to_the_lock_redeems_nothing_and_says_so(agent, leat, sandbox, voucher, shop):
    url = redeem_url(voucher)
    data = slot_data(agent, url, shop=shop.uuid)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "answer to locking the voucher was lost, so it was not redeemed" in field_error(html, "code").replace("&#x27;", "'")
    assert posts(sandbox, REDEEM) == 0 and steps() == [("voucher.lock", "unknown")] and claims() == 0
    # Leat did lock it, with a key nobody has: sending again is refused as locked, in words.
    again = post_in_slot(agent, url, form_in(response)).content.decode()
    assert "This voucher is being redeemed elsewhere right now (locked)." in again


def test_opening_the_form_for_a_voucher_leat_does_not_know_is_a_404(agent):
    assert agent.get(reverse("vouchers:redeem", args=["0d8e5a4e-0000-4000-8000-000000000000"]), **SLOT).status_code == 404


def test_redeem_form_posted_in_place_is_an_htmx_partial(agent, voucher, shop):
    url = redeem_url(voucher)
    response = agent.post(url, {**slot_data(agent, url), "shop": ""}, **IN_FORM)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="action-form"' in html


def test_the_audit_log_lists_each_step_of_a_redemption(agent, supervisor, voucher, shop):
    url = redeem_url(voucher)
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, shop=shop.uuid)))
    response = supervisor.get(reverse("audit:list"))
    html = response.content.decode()
    assert response.status_code == 200 and voucher.code in html
    redeem = entries("voucher.redeem")[0]
    detail = supervisor.get(reverse("audit:detail", args=[redeem.pk]))
    assert detail.status_code == 200 and shop.name in detail.content.decode()
