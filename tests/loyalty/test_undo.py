"""Undoing a reception (#28): only the contact's own, never a reversal, and
the page and the audit log say exactly what is undone and what was booked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


def _customer(leat, email, shop, credits):
    uuid = leat.contacts.create(email).uuid
    leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shop.uuid, credits=credits)
    return leat.contacts.get(uuid)


@pytest.fixture
def anna_like(leat, unique_email, shop):
    return _customer(leat, f"anna.{unique_email}", shop, 300)


@pytest.fixture
def mohammed_like(leat, unique_email, shop):
    return _customer(leat, f"mohammed.{unique_email}", shop, 120)


def undo_url(contact, transaction, kind="credits"):
    return reverse("loyalty:reverse", args=[contact.uuid, transaction.uuid, kind])


@pytest.mark.parametrize("kind", ["credits", "reward"])
def test_a_reception_of_another_contact_is_a_404_and_nothing_is_sent(agent, leat, sandbox, shop, anna_like, mohammed_like, kind):
    if kind == "reward":
        reward = next(r for r in leat.rewards.list(contact_uuid=mohammed_like.uuid) if 0 < r.required_credits <= 120)
        leat.reward_receptions.create(contact_uuid=mohammed_like.uuid, reward_uuid=reward.uuid, shop_uuid=shop.uuid)
    theirs = leat.transactions.list(contact_uuid=mohammed_like.uuid).items[0]
    balance = leat.contacts.get(mohammed_like.uuid).credit_balance
    url = undo_url(anna_like, theirs, kind)
    sandbox.reset_stats()
    assert agent.get(url).status_code == 404
    assert agent.get(url + f"?at={theirs.created_at.isoformat()}", **HTMX).status_code == 404
    response = agent.post(url, {"reason": "Trying", "confirm": "on", "token": "x" * 32})
    assert response.status_code == 404
    assert not [route for route in sandbox.stats()["routes"] if not route.startswith("GET")]
    assert leat.contacts.get(mohammed_like.uuid).credit_balance == balance
    assert not AuditEntry.objects.exists()


def test_a_reception_opened_as_the_other_kind_is_a_404(agent, leat, anna_like):
    reception = leat.transactions.list(contact_uuid=anna_like.uuid).items[0]
    assert agent.get(undo_url(anna_like, reception, "reward")).status_code == 404


def test_the_undo_page_says_what_is_undone(agent, leat, shop, anna_like):
    reception = leat.transactions.list(contact_uuid=anna_like.uuid).items[0]
    html = agent.get(undo_url(anna_like, reception) + f"?at={reception.created_at.isoformat()}").content.decode()
    facts = html.split('class="card facts')[1].split("</dl>")[0]
    assert "Booked" in facts and "Credits received" in facts and "+300" in facts and shop.name in facts
    assert reception.uuid not in facts


def test_the_reception_is_found_without_its_date_too(agent, leat, anna_like):
    reception = leat.transactions.list(contact_uuid=anna_like.uuid).items[0]
    assert agent.get(undo_url(anna_like, reception)).status_code == 200


def test_a_reversal_is_marked_and_cannot_be_undone(agent, leat, sandbox, anna_like):
    reception = leat.transactions.list(contact_uuid=anna_like.uuid).items[0]
    url = undo_url(anna_like, reception)
    agent.post(url, form_data(agent, url, reason="Given by mistake", confirm="on"))
    entry = AuditEntry.objects.get(action="loyalty.reverse_credits")
    reversal = next(item for item in leat.transactions.list(contact_uuid=anna_like.uuid).items if item.uuid != reception.uuid)
    assert entry.result_id == reversal.uuid and reversal.credits == -300
    panel = agent.get(reverse("contacts:transactions", args=[anna_like.uuid]), **HTMX).content.decode()
    row = next(row for row in panel.split("<tr") if "−300" in row)
    assert "Reversal" in row and "Undo…" not in row
    # Straight at its URL: refused in words before Leat is asked.
    reversal_url = undo_url(anna_like, reversal)
    sandbox.reset_stats()
    html = agent.post(reversal_url, form_data(agent, reversal_url, reason="Again", confirm="on")).content.decode()
    assert "is itself a reversal" in html and "cannot be undone" in html
    assert not [route for route in sandbox.stats()["routes"] if route.startswith("POST")]


def test_a_reward_undo_is_audited_with_what_was_booked(agent, supervisor, leat, shop, anna_like):
    reward = next(r for r in leat.rewards.list(contact_uuid=anna_like.uuid) if 0 < r.required_credits <= 300)
    leat.reward_receptions.create(contact_uuid=anna_like.uuid, reward_uuid=reward.uuid, shop_uuid=shop.uuid)
    reception = leat.transactions.list(contact_uuid=anna_like.uuid).items[0]
    url = undo_url(anna_like, reception, "reward")
    agent.post(url, form_data(agent, url, reason="Wrong reward", confirm="on"))
    entry = AuditEntry.objects.get(action="loyalty.reverse_reward")
    assert entry.before["credits"] == -reward.required_credits and entry.after["credits_booked"] == reward.required_credits
    assert entry.target_label == anna_like.email and entry.contact_uuid == anna_like.uuid
    html = supervisor.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert f"+{reward.required_credits}" in html and f"−{reward.required_credits}" in html
    assert "Credits booked by the reversal" in html
