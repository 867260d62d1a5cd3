"""Send a digital gift card again by email: to the contact whose email staff
type (Leat gives no contact with a card), audited."""

from __future__ import annotations

import pytest
import requests
from django.urls import reverse

from tests.conftest import HTMX
from tests.contact_actions import done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db

SEND = "POST giftcards/{id}/send-by-email"


def send_url(card) -> str:
    return reverse("giftcards:send", args=[card.uuid])


def card_url(card) -> str:
    return reverse("giftcards:detail", args=[card.uuid])


def giftcard_mails(sandbox, contact) -> list[dict]:
    answer = requests.get(f"{sandbox.url}/__sandbox/mails", params={"contact_uuid": contact.uuid}, headers={"Authorization": f"Bearer {sandbox.api_key}"}, timeout=5)
    return [mail for mail in answer.json()["data"] if mail["kind"] == "giftcard"]


def test_an_agent_sends_a_digital_card_to_the_contact_typed(agent, sandbox, card, anna):
    before = len(giftcard_mails(sandbox, anna))
    url = send_url(card)
    html = done_in_place(post_in_slot(agent, url, slot_data(agent, url, email="  Anna.deVries@Example.com ", reason="Lost the email")))
    assert "Leat is emailing the gift card to the contact." in html
    assert len(giftcard_mails(sandbox, anna)) == before + 1
    [entry] = entries("giftcard.")
    assert (entry.action, entry.outcome, entry.target_id, entry.contact_uuid, entry.reason) == ("giftcard.send", "succeeded", card.uuid, anna.uuid, "Lost the email")
    assert entry.sent == {"contact_uuid": anna.uuid}


def test_the_reason_is_optional_and_without_javascript_it_returns_to_the_card(manager, sandbox, card, anna):
    url = send_url(card)
    response = manager.post(url, form_data(manager, url, email=anna.email))
    assert response.status_code == 302 and response["Location"] == card_url(card)
    assert "Leat is emailing the gift card to the contact." in manager.get(card_url(card)).content.decode()


def test_an_email_leat_does_not_know_is_said_at_the_field(agent, sandbox, card):
    url = send_url(card)
    data = slot_data(agent, url, email="nobody.here@example.com")
    sandbox.reset_stats()
    html = post_in_slot(agent, url, data).content.decode()
    assert "Leat has no contact with this email." in html.split('name="email"')[1].split("</div>")[0]
    assert posts(sandbox, SEND) == 0


@pytest.mark.parametrize("email", ["", "not an email", "anna@"])
def test_a_missing_or_broken_email_is_refused_at_the_field(agent, sandbox, card, email):
    url = send_url(card)
    data = slot_data(agent, url, email=email)
    sandbox.reset_stats()
    response = post_in_slot(agent, url, data)
    assert response.status_code == 200 and 'id="id_email_error"' in response.content.decode()
    assert posts(sandbox, SEND) == 0


def test_a_physical_card_cannot_be_sent(agent, sandbox, demo_card, anna):
    url = send_url(demo_card)
    said = "Only a digital gift card can be sent by email; this one is a physical card."
    assert said in agent.get(url).content.decode()
    data = form_data(agent, url, email=anna.email)
    sandbox.reset_stats()
    assert said in agent.post(url, data).content.decode().split('role="alert"')[1]
    assert posts(sandbox, SEND) == 0


def test_staff_without_the_permission_may_not_send(make_staff, sandbox, card):
    from tests.conftest import _client_for

    nobody = _client_for(make_staff, None)
    sandbox.reset_stats()
    assert nobody.get(send_url(card)).status_code == 403 and nobody.post(send_url(card), {}).status_code == 403
    assert sandbox.stats()["total"] == 0


def test_leat_down_keeps_the_email(agent, sandbox, card, anna):
    url = send_url(card)
    data = slot_data(agent, url, email=anna.email)
    sandbox.faults.update({"maintenance": True})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 503 and f'value="{anna.email}"' in response.content.decode()


def test_a_lost_answer_stays_outcome_unknown(agent, sandbox, card, anna):
    """Leat keeps no list of the emails it sent: nothing to settle it against."""
    url = send_url(card)
    data = slot_data(agent, url, email=anna.email)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this gift card email" in response.content.decode()
    assert [(e.action, e.outcome) for e in entries("giftcard.")] == [("giftcard.send", "unknown")]


def test_the_same_email_again_asks_first(agent, sandbox, card, anna):
    url = send_url(card)
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, email=anna.email)))
    asked = post_in_slot(agent, url, slot_data(agent, url, email=anna.email.upper()))
    assert "The same gift card email was sent" in asked.content.decode()
    assert len(entries("giftcard.")) == 1


def test_the_form_opens_in_the_slot_and_on_its_own_page(agent, card):
    assert "<html" not in agent.get(send_url(card), HTTP_HX_TARGET="contact-action", **HTMX).content.decode()
    assert "<html" in agent.get(send_url(card)).content.decode()
