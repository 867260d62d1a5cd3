"""A gift card's page: balance, program and its maximum, expiry, state, kind,
and its transactions paged by Leat; what each role is offered; Leat failing."""

from __future__ import annotations

import time
import uuid as uuidlib

import pytest
from django.urls import reverse

from leatadmin.giftcards.selectors import giftcard_hand_over
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def page_url(card) -> str:
    return reverse("giftcards:detail", args=[card.uuid])


def transactions_url(card) -> str:
    return reverse("giftcards:transactions", args=[card.uuid])


def reads(sandbox) -> dict[str, int]:
    routes = sandbox.stats()["routes"]
    return {name: count for name, count in routes.items() if "giftcard" in name}


# --- What the page shows ------------------------------------------------------------


@pytest.fixture
def paid(leat, card, shop):
    """The test's own card after paying €12.50 with it (the demo's cards may be
    used by other tests of the session: they are only read here)."""
    leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-1250, shop_uuid=shop.uuid)
    return leat.giftcards.get(card.uuid)


def test_the_card_page_shows_balance_program_expiry_state_and_transactions(agent, paid, shop):
    response = agent.get(page_url(paid))
    html = response.content.decode()
    assert response.status_code == 200
    assert paid.hash in html and '<span id="balance">€25.00</span>' in html
    facts = html.split('id="giftcard-facts"')[1].split("</dl>")[0]
    assert "Leat Coffee gift card" in facts and '<dd id="maximum">€150.00</dd>' in facts and str(paid.expiration_date.year) in facts
    assert '<dd id="kind">Digital</dd>' in facts
    assert '<span class="badge ok">Active</span>' in html
    rows = html.split('id="giftcard-transactions"')[1]
    assert "−€12.50" in rows and "+€37.50" in rows and shop.name in rows and "1–2 of 2" in rows
    assert rows.index("−€12.50") < rows.index("+€37.50")  # newest first
    assert "Payment" in rows and "Top-up" in rows


def test_a_physical_card(agent, leat):
    html = agent.get(page_url(leat.giftcards.find("6036821000005678"))).content.decode()
    assert '<dd id="kind">Physical</dd>' in html and "Send again by email…" not in html


def test_the_page_reads_card_transactions_and_programs_once_each(agent, demo_card, sandbox):
    sandbox.reset_stats()
    agent.get(page_url(demo_card))
    assert reads(sandbox) == {"GET giftcards/{id}": 1, "GET giftcard-transactions": 1, "GET giftcard-programs": 1}
    sandbox.reset_stats()
    agent.get(page_url(demo_card))  # the programs are cached
    assert reads(sandbox) == {"GET giftcards/{id}": 1, "GET giftcard-transactions": 1}


def test_the_card_and_its_transactions_are_read_at_once_once_its_number_is_known(agent, demo_card, sandbox):
    agent.get(page_url(demo_card))  # leatadmin sees the card: its number is known from now on
    sandbox.faults.update({"path_latency_ms": {"giftcards/": 400, "giftcard-transactions": 400}})
    started = time.monotonic()
    assert agent.get(page_url(demo_card)).status_code == 200
    assert time.monotonic() - started < 0.75  # one after the other takes 0.8 s at least


def test_a_card_the_search_box_handed_over_is_not_read_again(agent, paid, sandbox):
    giftcard_hand_over(paid)
    sandbox.reset_stats()
    html = agent.get(page_url(paid)).content.decode()
    assert "€25.00" in html and "−€12.50" in html
    assert "GET giftcards/{id}" not in reads(sandbox) and reads(sandbox)["GET giftcard-transactions"] == 1
    sandbox.reset_stats()
    agent.get(page_url(paid))  # handed over once only: the next view asks Leat
    assert reads(sandbox)["GET giftcards/{id}"] == 1


def test_a_card_not_activated_and_an_expired_one_say_why_they_cannot_be_used(agent, leat):
    never = agent.get(page_url(leat.giftcards.find("6036821000003456"))).content.decode()
    assert '<span class="badge bad">Not activated</span>' in never and "This gift card is not activated: Leat refuses payments and top-ups with it." in never
    assert "No transactions on this gift card." in never
    expired = agent.get(page_url(leat.giftcards.find("6036821000009012"))).content.decode()
    assert '<span class="badge bad">Expired</span>' in expired and "This gift card expired on 1 Jul 2026" in expired
    assert "Expired balance" in expired  # the balance Leat wrote off at expiry


def test_a_digital_card_and_a_card_without_maximum(agent, leat):
    digital = agent.get(page_url(leat.giftcards.find("41011"))).content.decode()
    assert '<dd id="kind">Digital</dd>' in digital and "Leat Coffee e-gift card" in digital and "€250.00" in digital
    assert "Send again by email…" in digital
    christmas = agent.get(page_url(leat.giftcards.find("6036821000002468"))).content.decode()
    assert "Christmas 2024" in christmas and "no maximum" in christmas and "does not expire" in christmas
    assert "Send again by email…" not in christmas  # a physical card


def test_the_old_card_shows_its_transactions_without_uuid_and_why_they_cannot_be_undone(supervisor, old_card):
    html = supervisor.get(page_url(old_card)).content.decode()
    assert "−€4.00" in html and "−€9.00" in html and "+€25.00" in html
    assert "Cannot be undone: Leat gave it no identifier" in html and "Undo…" not in html.split('id="giftcard-transactions"')[1]


# --- What each role is offered ---------------------------------------------------------


def test_an_agent_and_a_manager_may_pay_and_top_up_but_not_undo_or_make_cards(agent, manager, demo_card):
    for client in (agent, manager):
        html = client.get(page_url(demo_card)).content.decode()
        assert "Pay with it…" in html and "Top up…" in html
        assert "Undo the last transaction…" not in html and "New digital gift card" not in html and "Undo…" not in html


def test_a_supervisor_is_offered_everything(supervisor, paid):
    html = supervisor.get(page_url(paid)).content.decode()
    for button in ("Pay with it…", "Top up…", "Undo the last transaction…", "New digital gift card", "Undo…"):
        assert button in html
    assert html.count("Undo…") == 1  # on the last transaction only


def test_staff_without_the_permission_get_403_without_leat_being_asked(make_staff, demo_card, sandbox):
    from tests.conftest import _client_for

    nobody = _client_for(make_staff, None)
    sandbox.reset_stats()
    assert nobody.get(page_url(demo_card)).status_code == 403
    assert nobody.get(transactions_url(demo_card), **HTMX).status_code == 403
    assert sandbox.stats()["total"] == 0


# --- htmx: the card's part and the transactions --------------------------------------------


def test_htmx_asks_the_cards_part_alone(agent, card, sandbox):
    sandbox.reset_stats()
    response = agent.get(page_url(card), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "€37.50" in html and "Pay with it…" in html and "giftcard-transactions" not in html
    assert "GET giftcard-transactions" not in reads(sandbox)


def test_the_transactions_page_with_htmx_and_without(agent, leat, card, shop, sandbox):
    for _ in range(11):
        leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-10, shop_uuid=shop.uuid)
    sandbox.reset_stats()
    response = agent.get(transactions_url(card) + "?page=2", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "11–12 of 12" in html and "+€37.50" in html
    assert reads(sandbox) == {"GET giftcards/{id}": 1, "GET giftcard-transactions": 1}  # the card first, for its number
    sandbox.reset_stats()
    agent.get(transactions_url(card) + "?page=2", **HTMX)
    assert reads(sandbox) == {"GET giftcard-transactions": 1}  # the card's number is known now: only its transactions
    assert f'hx-get="{transactions_url(card)}?page=1"' in html and 'href="?page=1"' in html
    whole = agent.get(page_url(card) + "?page=2").content.decode()
    assert "11–12 of 12" in whole and "€37.40" not in whole.split('id="giftcard-transactions"')[1]
    opened = agent.get(transactions_url(card) + "?page=2")
    assert opened.status_code == 302 and opened["Location"] == page_url(card) + "?page=2"


def test_nonsense_page_numbers_give_the_first_page(agent, demo_card):
    for page in ("abc", "-3", "99999999999999999999"):
        response = agent.get(transactions_url(demo_card) + f"?page={page}", **HTMX)
        assert response.status_code == 200


# --- Leat failing ------------------------------------------------------------------


def test_an_unknown_card_is_a_404_page_in_words(agent):
    response = agent.get(reverse("giftcards:detail", args=[str(uuidlib.uuid4())]))
    assert response.status_code == 404 and "Leat has no such gift card" in response.content.decode()


def test_leat_down_gives_its_page_and_panel_never_a_500(agent, demo_card, sandbox):
    sandbox.faults.update({"maintenance": True})
    page = agent.get(page_url(demo_card))
    assert page.status_code == 503 and "Leat is down for maintenance." in page.content.decode()
    part = agent.get(page_url(demo_card), **HTMX)
    assert part.status_code == 503 and "<html" not in part.content.decode() and "Retry" in part.content.decode()
    table = agent.get(transactions_url(demo_card), **HTMX)
    assert table.status_code == 503 and "Retry" in table.content.decode()


def test_transactions_failing_leave_the_rest_of_the_page_with_a_retry(agent, card, sandbox):
    sandbox.faults.update({"path_status": {"giftcard-transactions": 500}})
    response = agent.get(page_url(card) + "?page=1")
    html = response.content.decode()
    assert response.status_code == 200 and "€37.50" in html
    part = html.split('id="giftcard-transactions"')[1]
    assert "Leat had an internal error." in part and f'hx-get="{transactions_url(card)}?page=1"' in part


def test_the_program_list_failing_leaves_the_cards_own_word_on_its_program(agent, demo_card, sandbox):
    sandbox.faults.update({"path_status": {"giftcard-programs": 500}})
    html = agent.get(page_url(demo_card)).content.decode()
    assert "Leat Coffee gift card" in html and "€150.00" in html  # Leat's card names its program and maximum


def test_the_page_in_dutch(agent, card):
    html = agent.get(page_url(card), HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9").content.decode()
    assert "Cadeaukaart" in html and "Betalen met de kaart…" in html and "Opwaarderen…" in html and "Vestiging" in html and "Digitaal" in html
    assert "€\xa037,50" in html
