"""The contact page's Vouchers panel, paged by Leat, and giving a voucher
from an active promotion as goodwill (#29 item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.contact_actions import SLOT, done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_in, posts
from tests.vouchers.conftest import claims, page_url

pytestmark = pytest.mark.django_db

CREATE = "POST vouchers"


def field_error(html: str, name: str) -> str:
    """The error shown at a form field (core/field.html)."""
    assert f'id="id_{name}_error"' in html, html[:2000]
    return html.split(f'id="id_{name}_error">', 1)[1].split("</p>", 1)[0]


def panel_url(contact, **query):
    from urllib.parse import urlencode

    return reverse("vouchers:panel", args=[contact.uuid]) + (f"?{urlencode(query)}" if query else "")


def give_url(contact):
    return reverse("vouchers:give", args=[contact.uuid])


# --- The panel ------------------------------------------------------------------------------


def test_the_contact_page_shows_the_vouchers_panel_with_badges_and_links(agent, sandbox, anna, seeded):
    sandbox.reset_stats()
    html = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    assert '<slot name="vouchers">' in html and 'slot="vouchers"' in html
    panel = html.split('id="vouchers"', 1)[1].split("</section>", 1)[0]
    for code, status, meaning in (("VQ7HM2KXP", "Active", "ok"), ("VX2BK9LMD", "Expired", "bad"), ("VL3QJ7HXS", "Locked", "warn"), ("VH6PC3ZRA", "Redeemed", "neutral")):
        assert f'href="{page_url(seeded(code))}"><code>{code}</code></a>' in panel
        assert f'<span class="badge {meaning}">{status}</span>' in panel
    assert sandbox.stats()["routes"]["GET vouchers"] == 1  # one call, beside the other panels'


def test_the_panel_for_htmx_and_opened_directly(agent, anna):
    partial = agent.get(panel_url(anna), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode() and "VQ7HM2KXP" in partial.content.decode()
    direct = agent.get(panel_url(anna, vc_page=1))
    assert direct.status_code == 302 and direct["Location"] == reverse("contacts:detail", args=[anna.uuid]) + "?vc_page=1"


def test_the_panel_pages_as_leat_does(agent, leat, promotions, contact):
    for _ in range(11):
        leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, contact_uuid=contact.uuid)
    first = agent.get(panel_url(contact), HTTP_HX_REQUEST="true").content.decode()
    second = agent.get(panel_url(contact, vc_page=2), HTTP_HX_REQUEST="true").content.decode()
    assert first.count("<code>") == 10 and second.count("<code>") == 1
    assert "vc_page=2" in first


def test_a_contact_without_vouchers_says_so(agent, contact):
    assert "No vouchers." in agent.get(panel_url(contact), HTTP_HX_REQUEST="true").content.decode()


def test_leat_failing_fails_only_the_panel_with_a_retry(agent, sandbox, anna):
    sandbox.faults.update({"path_status": {"/vouchers": 503}})
    response = agent.get(panel_url(anna), HTTP_HX_REQUEST="true")
    assert response.status_code == 503 and "Leat is down for maintenance." in response.content.decode()
    page = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    assert "anna.devries@example.com" in page and "Leat is down for maintenance." in page.split('id="vouchers"', 1)[1]


# --- Give a voucher ----------------------------------------------------------------------------


def test_a_supervisor_gives_a_voucher_in_the_contact_pages_action_slot(supervisor, leat, sandbox, promotions, contact):
    panel = supervisor.get(panel_url(contact), HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{give_url(contact)}" hx-target="#contact-action"' in panel
    url = give_url(contact)
    data = slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="Coffee spilled")
    html = done_in_place(post_in_slot(supervisor, url, data))
    [made] = leat.vouchers.list(contact_uuid=contact.uuid).items
    assert made.code == data["code"] and made.promotion.name == "Goodwill: free pastry"
    assert f"Voucher {made.code} (Goodwill: free pastry) given to this contact." in html
    [entry] = entries("voucher.give")
    assert (entry.reason, entry.result_id, entry.target_id, entry.contact_uuid) == ("Coffee spilled", made.uuid, contact.uuid, contact.uuid)
    assert posts(sandbox, CREATE) == 1


def test_the_promotions_offered_are_leats_with_their_limits(supervisor, contact):
    html = supervisor.get(give_url(contact), **SLOT).content.decode()
    assert "Welcome coffee (at most 1 per customer)" in html and "Goodwill: free pastry" in html


def test_only_supervisors_may_give(agent, manager, contact):
    for client in (agent, manager):
        assert client.get(give_url(contact)).status_code == 403
        assert give_url(contact) not in client.get(panel_url(contact), HTTP_HX_REQUEST="true").content.decode()


def test_a_reason_is_needed(supervisor, sandbox, promotions, contact):
    url = give_url(contact)
    html = post_in_slot(supervisor, url, slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="")).content.decode()
    assert "Say why" in html and posts(sandbox, CREATE) == 0


@pytest.mark.parametrize(
    ("promotion", "said"),
    [
        ("Launch weekend Leiden", "This promotion may give no more vouchers (its limit, in all or for this contact, is reached)."),  # 80008
        ("Summer festival 2026", "This voucher&#x27;s promotion is not active."),  # 80020
    ],
)
def test_leat_refusing_is_said_at_the_promotion(supervisor, sandbox, promotions, contact, promotion, said):
    url = give_url(contact)
    html = post_in_slot(supervisor, url, slot_data(supervisor, url, promotion=promotions[promotion].uuid, reason="Goodwill")).content.decode()
    assert said in field_error(html, "promotion")
    assert claims() == 0 and [(e.action, e.outcome) for e in entries("voucher.give")] == [("voucher.give", "failed")]


def test_a_second_one_of_a_once_per_customer_promotion_is_refused(supervisor, leat, promotions, contact):
    url = give_url(contact)
    welcome = promotions["Welcome coffee"].uuid
    done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, promotion=welcome, reason="Welcome")))
    asked = post_in_slot(supervisor, url, slot_data(supervisor, url, promotion=welcome, reason="Again"))
    assert "The same voucher was sent" in asked.content.decode()
    refused = post_in_slot(supervisor, url, form_in(asked, confirm_duplicate="on")).content.decode()
    assert "This promotion may give no more vouchers" in refused
    assert len(leat.vouchers.list(contact_uuid=contact.uuid).items) == 1


def test_leat_down_when_opening_says_so_with_the_right_status(supervisor, sandbox, contact):
    sandbox.faults.update({"rate_limited": True, "retry_after": 5})
    response = supervisor.get(give_url(contact), **SLOT)
    assert response.status_code == 503 and "Leat is limiting requests right now." in response.content.decode()


def test_a_lost_answer_is_settled_by_finding_the_forms_code(supervisor, leat, sandbox, promotions, contact):
    url = give_url(contact)
    data = slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="Goodwill")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(supervisor, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[contact.uuid])
    made = leat.vouchers.find(data["code"])
    lost, settled = entries("voucher.give")
    assert (lost.outcome, settled.action, settled.result_id) == ("unknown", "voucher.give_settled", made.uuid)


def test_a_lost_answer_leat_did_not_act_on_stays_unknown_and_sending_again_makes_one(supervisor, leat, sandbox, promotions, contact):
    url = give_url(contact)
    data = slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="Goodwill")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(supervisor, url, data)
    assert response.status_code == 202 and "Leat may have made this voucher." in response.content.decode()
    asked = post_in_slot(supervisor, url, form_in(response))
    done_in_place(post_in_slot(supervisor, url, form_in(asked, confirm_duplicate="on")))
    assert [voucher.code for voucher in leat.vouchers.list(contact_uuid=contact.uuid).items] == [data["code"]]


def test_the_same_form_sent_again_after_leat_made_it_makes_no_second(supervisor, leat, sandbox, promotions, contact):
    """An unknown outcome that was in fact done: the form's code is in Leat already, so sending it again finds it."""
    url = give_url(contact)
    data = slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="Goodwill")
    leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, contact_uuid=contact.uuid, code=data["code"])  # as if a lost send made it, unseen
    html = done_in_place(post_in_slot(supervisor, url, data))
    assert f"An earlier send of this form already gave voucher {data['code']}: nothing was sent again." in html
    assert len(leat.vouchers.list(contact_uuid=contact.uuid).items) == 1


def test_a_code_another_voucher_has_is_refused_and_the_form_gets_another(supervisor, leat, promotions, contact, unique_email):
    """80003: the code leatadmin chose is someone else's (rare): nothing was made, and sending again makes it."""
    url = give_url(contact)
    data = slot_data(supervisor, url, promotion=promotions["Goodwill: free pastry"].uuid, reason="Goodwill")
    other = leat.contacts.create("other." + unique_email)
    leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, contact_uuid=other.uuid, code=data["code"])
    refused = post_in_slot(supervisor, url, data)
    assert "Leat already has a voucher with the code leatadmin chose for this one" in refused.content.decode()
    again = form_in(refused)
    assert again["code"] != data["code"] and claims() == 0
    done_in_place(post_in_slot(supervisor, url, again))
    assert [voucher.code for voucher in leat.vouchers.list(contact_uuid=contact.uuid).items] == [again["code"]]
