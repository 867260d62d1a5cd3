"""A new digital gift card (supervisors), from a program picker, then its page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data, form_in, posts

pytestmark = pytest.mark.django_db

NEW = reverse("giftcards:new")
MAKE = "POST giftcards"


def test_a_supervisor_makes_a_digital_card_and_lands_on_its_page(supervisor, leat, sandbox, program):
    opened = supervisor.get(NEW).content.decode()
    picker = opened.split('name="program"')[1].split("</select>")[0]
    assert "Leat Coffee gift card" in picker and "Leat Coffee e-gift card" in picker and "Christmas 2024" not in picker  # an ended program
    response = supervisor.post(NEW, form_in(supervisor.get(NEW), program=program.uuid, reason="Bought online, never arrived"))
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action="giftcard.create")
    made = leat.giftcards.get(entry.result_id)
    assert response["Location"] == reverse("giftcards:detail", args=[made.uuid])
    assert (entry.outcome, entry.target_id, entry.target_label, entry.reason) == ("succeeded", made.uuid, made.hash, "Bought online, never arrived")
    assert entry.sent == {"giftcard_program_uuid": program.uuid}
    sandbox.reset_stats()
    page = supervisor.get(response["Location"]).content.decode()
    assert f"New digital gift card {made.hash} made in Leat, with nothing on it yet." in page
    assert '<span id="balance">€0.00</span>' in page and '<dd id="kind">Digital</dd>' in page
    assert "GET giftcards/{id}" not in sandbox.stats()["routes"]  # handed over: the page did not ask Leat again
    assert made.is_digital and made.amount_in_cents == 0


def test_with_htmx_the_new_cards_page_is_opened(supervisor, program):
    opened = supervisor.get(NEW, **HTMX)
    assert opened.status_code == 200 and "<html" not in opened.content.decode() and 'name="program"' in opened.content.decode()
    response = supervisor.post(NEW, form_data(supervisor, NEW, program=program.uuid), **HTMX)
    assert response["HX-Redirect"].startswith("/giftcards/")


def test_a_program_must_be_chosen(supervisor, sandbox):
    data = form_data(supervisor, NEW)
    sandbox.reset_stats()
    html = supervisor.post(NEW, data).content.decode()
    assert "This field is required." in html.split('name="program"')[1] and posts(sandbox, MAKE) == 0


def test_agents_and_managers_may_not_make_cards(agent, manager, sandbox):
    for client in (agent, manager):
        sandbox.reset_stats()
        assert client.get(NEW).status_code == 403 and client.post(NEW, {}).status_code == 403
        assert sandbox.stats()["total"] == 0


def test_leat_down_while_opening_and_sending(supervisor, sandbox, program):
    data = form_data(supervisor, NEW, program=program.uuid)
    cache.clear()
    sandbox.faults.update({"maintenance": True})
    opened = supervisor.get(NEW)
    assert opened.status_code == 503 and "Leat is down for maintenance." in opened.content.decode()
    sent = supervisor.post(NEW, data)
    html = sent.content.decode()
    assert sent.status_code == 503 and "Select a valid choice" not in html
    assert html.split(f'value="{program.uuid}"')[1].lstrip().startswith("selected")  # the chosen program is kept


def test_the_last_program_list_stands_in_while_leat_is_down(supervisor, sandbox, program):
    supervisor.get(NEW)  # the list is read, and kept
    cache.delete("leat-giftcard-programs")  # its minutes are up
    sandbox.faults.update({"path_status": {"giftcard-programs": 503}})
    html = supervisor.get(NEW).content.decode()
    assert "Leat Coffee gift card" in html.split('name="program"')[1]


def test_a_lost_answer_stays_outcome_unknown(supervisor, sandbox, program):
    """Leat's list of cards says nothing of when a card was made: the card a
    lost write made cannot be told from one made elsewhere."""
    data = form_data(supervisor, NEW, program=program.uuid)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = supervisor.post(NEW, data)
    assert response.status_code == 202 and "Leat may have made this gift card" in response.content.decode()
