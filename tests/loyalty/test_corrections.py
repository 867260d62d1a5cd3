"""Customer service corrects a contact's loyalty from the contact page:
points given or taken, a reward given, a reception undone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.leat import errors
from leatadmin.loyalty.forms import RewardForm
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db

IN_SLOT = {**HTMX, "HTTP_HX_TARGET": "contact-action"}


def points(client, customer, **fields):
    url = reverse("loyalty:points", args=[customer.uuid])
    return url, form_data(client, url, **fields)


def test_the_points_form_opens_in_the_contact_page_slot(agent, customer):
    html = agent.get(reverse("loyalty:points", args=[customer.uuid]), **IN_SLOT).content.decode()
    assert '<h2 id="action-title">Give or take points</h2>' in html and 'name="in_page" value="1"' in html
    assert "<html" not in html and "At most 10,000 either way" in html


def test_give_points_in_place_refreshes_the_page_and_is_audited(agent, leat, customer, shop):
    url, data = points(agent, customer, how="credits", credits="25", shop=shop.uuid, reason="Missing points for yesterday's coffee", in_page="1")
    response = agent.post(url, data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Done." in html and "Gave 25 Beans (+25). The balance is now 325 Beans." in html
    assert "leat-changed" in response["HX-Trigger"]
    assert leat.contacts.get(customer.uuid).credit_balance == 325
    entry = AuditEntry.objects.get(action="loyalty.credits")
    assert (entry.reason, entry.sent["credits"], entry.before["credit_balance"], entry.after["credit_balance"]) == ("Missing points for yesterday's coffee", 25, 300, 325)


def test_take_points_back_as_a_partial_refund_without_javascript(agent, leat, customer, shop):
    url, data = points(agent, customer, how="credits", credits="-32", shop=shop.uuid, reason="Partial refund")
    response = agent.post(url, data, follow=True)
    assert response.redirect_chain[0][0] == reverse("contacts:detail", args=[customer.uuid])
    assert "Took back 32 Beans (−32)." in response.content.decode()
    page = leat.transactions.list(contact_uuid=customer.uuid)
    assert page.items[0].credits == -32  # Leat's sign


def test_a_purchase_amount_is_previewed_before_it_is_sent(agent, leat, sandbox, customer, shop):
    url, data = points(agent, customer, how="purchase", purchase="12,50", shop=shop.uuid, reason="Receipt 4711 was not scanned")
    sandbox.reset_stats()
    first = agent.post(url, data).content.decode()
    expected = leat.credit_receptions.calculate(shop_uuid=shop.uuid, unit_value="12.50", contact_uuid=customer.uuid)
    assert f"A purchase of €12.50 gives {expected} Beans" in first
    assert f'>Confirm and give {expected} Beans</button>' in first  # the button says what it does, not "Send"
    assert "POST credit-receptions" not in sandbox.stats()["routes"]
    confirmed = form_data(agent, url) | {k: v for k, v in data.items() if k != "token"} | {"confirmed": "1", "token": data["token"]}
    assert agent.post(url, confirmed).status_code == 302
    assert leat.contacts.get(customer.uuid).credit_balance == 300 + expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"how": "credits", "credits": "0"}, "Zero changes nothing"),
        ({"how": "credits", "credits": "25000"}, "At most 10,000 Beans in one correction."),
        ({"how": "credits", "credits": "-301"}, "This contact has 300 Beans: you can take back at most that many."),
        ({"how": "credits", "credits": "lots"}, "Enter a whole number."),
        ({"how": "purchase", "purchase": "twenty"}, "purchase"),
        ({"how": "credits", "credits": "5", "reason": ""}, "Say why: the reason is kept in the audit log."),
    ],
)
def test_bad_points_are_refused_at_the_field_before_leat(agent, sandbox, customer, shop, fields, message):
    url, data = points(agent, customer, **{"shop": shop.uuid, "reason": "Because", **fields})
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert message in html and "field-error" in html
    assert "POST credit-receptions" not in sandbox.stats()["routes"]


def test_give_a_reward_the_contact_can_afford(agent, leat, customer, shop):
    url = reverse("loyalty:reward", args=[customer.uuid])
    rewards = leat.rewards.list(contact_uuid=customer.uuid)
    affordable = next(r for r in rewards if 0 < r.required_credits <= 300)
    too_dear = next(r for r in rewards if r.required_credits > 300)
    html = agent.get(url).content.decode()
    assert f"{affordable.title}: {affordable.required_credits:,} Beans" in html and "(not enough credits)" in html
    refused = agent.post(url, form_data(agent, url, reward=too_dear.uuid, shop=shop.uuid, reason="Birthday"), **HTMX).content.decode()
    assert f"{too_dear.title} costs {too_dear.required_credits:,} Beans; this contact has 300." in refused
    response = agent.post(url, form_data(agent, url, reward=affordable.uuid, shop=shop.uuid, reason="Birthday", in_page="1"), **HTMX)
    assert f"Gave {affordable.title}" in response.content.decode()
    assert leat.contacts.get(customer.uuid).credit_balance == 300 - affordable.required_credits


@pytest.mark.parametrize("error", [errors.InsufficientCredits, errors.RewardOutOfStock, errors.RewardClaimLimitReached, errors.RewardInactive])
def test_leats_reward_refusals_land_at_the_reward(error):
    form = RewardForm({"reward": "x", "shop": "s", "reason": "r"}, shops=[("s", "Shop")], rewards=[], balance=10, credit_name="Beans")
    form.is_valid()
    form.apply_leat_error(error(status=400, code=1017))
    assert form.errors["reward"]


def test_undo_a_credit_reception_from_its_row(agent, leat, customer):
    reception = leat.transactions.list(contact_uuid=customer.uuid).items[0]
    panel = agent.get(reverse("contacts:transactions", args=[customer.uuid]), **HTMX).content.decode()
    undo = reverse("loyalty:reverse", args=[customer.uuid, reception.uuid, "credits"])
    assert f'hx-get="{undo}?at=' in panel
    response = agent.post(undo, form_data(agent, undo, reason="Given by mistake", confirm="on", in_page="1"), **HTMX)
    assert "Reversed: Leat booked −300 Beans." in response.content.decode()
    assert leat.contacts.get(customer.uuid).credit_balance == 0
    panel = agent.get(reverse("contacts:transactions", args=[customer.uuid]), **HTMX).content.decode()
    row = next(row for row in panel.split("<tr") if reception.uuid in row or "Reversed" in row)
    assert "Reversed" in row and f'hx-get="{undo}' not in panel
    again = agent.post(undo, form_data(agent, undo, reason="Again", confirm="on"), **HTMX).content.decode()
    assert "already reversed it" in again
    assert AuditEntry.objects.filter(action="loyalty.reverse_credits").count() == 1


def test_undo_needs_a_reason_and_confirmation(agent, sandbox, leat, customer):
    reception = leat.transactions.list(contact_uuid=customer.uuid).items[0]
    undo = reverse("loyalty:reverse", args=[customer.uuid, reception.uuid, "credits"])
    sandbox.reset_stats()
    html = agent.post(undo, form_data(agent, undo), **HTMX).content.decode()
    assert "Say why: the reason is kept in the audit log." in html and "This field is required." in html
    assert not any(route.startswith("POST") for route in sandbox.stats()["routes"])


def test_a_lost_answer_on_points_is_settled_from_the_transactions(agent, leat, sandbox, customer, shop):
    url, data = points(agent, customer, how="credits", credits="7", shop=shop.uuid, reason="Goodwill")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = agent.post(url, data, follow=True)
    assert "Leat did make this credit reception" in response.content.decode()
    assert leat.contacts.get(customer.uuid).credit_balance == 307


def test_loyalty_corrections_need_their_permission(manager, sandbox, customer):
    for url in (reverse("loyalty:points", args=[customer.uuid]), reverse("loyalty:reward", args=[customer.uuid])):
        assert manager.get(url).status_code == 403 and manager.post(url, {}).status_code == 403
    profile = manager.get(reverse("contacts:profile", args=[customer.uuid]), **HTMX).content.decode()
    assert "Give or take points" not in profile
    panel = manager.get(reverse("contacts:transactions", args=[customer.uuid]), **HTMX).content.decode()
    assert "Undo…" not in panel


def test_the_contact_page_is_a_workbench(supervisor, leat, customer):
    profile = supervisor.get(reverse("contacts:profile", args=[customer.uuid]), **HTMX).content.decode()
    assert f"<title>{customer.email} · leatadmin</title>" in profile  # the browser tab names the contact
    assert 'id="credit-balance">300<' in profile and '<span class="unit">Beans</span>' in profile
    assert f'href="/visits/new/?contact={customer.uuid}"' in profile and f'href="/bookings/new/?contact={customer.uuid}"' in profile
    visits = supervisor.get(reverse("contacts:visits", args=[customer.uuid]), **HTMX).content.decode()
    assert visits  # rows link to their visit (see test_visit_rows_link_to_their_visit)


def test_visit_rows_link_to_their_visit(supervisor, leat, anna):
    visit = leat.visits.list(contact_uuid=anna.uuid, limit=1).items[0]
    panel = supervisor.get(reverse("contacts:visits", args=[anna.uuid]), **HTMX).content.decode()
    assert f'href="/visits/{visit.uuid}/"' in panel


def test_a_purchase_that_gives_no_credits_is_refused_at_the_amount(agent, sandbox, customer, shop):
    url, data = points(agent, customer, how="purchase", purchase="0,40", shop=shop.uuid, reason="Small coffee")
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert "A purchase of €0.40 gives no Beans under the loyalty rules: there is nothing to send." in html.split('id="id_purchase_error"')[1][:300]
    assert "POST credit-receptions" not in sandbox.stats()["routes"]
