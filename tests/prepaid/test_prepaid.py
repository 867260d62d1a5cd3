"""Prepaid money on the contact page: the history, a top-up or refund typed in
euros, and reversing a transaction from its row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.leat import errors
from leatadmin.prepaid.forms import PrepaidForm
from tests.conftest import HTMX
from tests.contact_actions import done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, form_in, posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.find_or_create(unique_email)


@pytest.fixture
def funded(leat, contact, shop):
    """A contact with €30.00 prepaid (one top-up)."""
    leat.prepaid.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, amount_in_cents=3000)
    return contact


def balance(leat, contact):
    return leat.contacts.prepaid_balance(contact.uuid).balance_in_cents


def book_url(contact):
    return reverse("prepaid:book", args=[contact.uuid])


# --- The panel -------------------------------------------------------------------


def test_prepaid_panel_shows_one_leat_page_of_history(agent, anna, sandbox):
    sandbox.reset_stats()
    response = agent.get(reverse("prepaid:panel", args=[anna.uuid]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Balance after" in html and "€20.00" in html  # anna's balance is left by her newest transaction
    assert posts(sandbox, "GET prepaid-transactions") == 1
    assert "Top up…" in html and "Top up or refund…" not in html and "Reverse…" not in html  # an agent may not refund


def test_prepaid_panel_offers_refunds_and_reversals_to_supervisors(supervisor, funded):
    html = supervisor.get(reverse("prepaid:panel", args=[funded.uuid]), **HTMX).content.decode()
    assert "Top up or refund…" in html and "Reverse…" in html and "+€30.00" in html


def test_prepaid_panel_without_history(agent, contact, manager):
    assert "No prepaid transactions." in agent.get(reverse("prepaid:panel", args=[contact.uuid]), **HTMX).content.decode()
    assert "Top up" not in manager.get(reverse("prepaid:panel", args=[contact.uuid]), **HTMX).content.decode()


def test_prepaid_panel_opened_directly_goes_to_the_contact_page(agent, anna):
    assert agent.get(reverse("prepaid:panel", args=[anna.uuid]))["Location"] == reverse("contacts:detail", args=[anna.uuid])


# --- Top up or refund ----------------------------------------------------------------


def test_top_up_typed_as_people_type_it_in_the_action_slot(agent, leat, contact, shop):
    data = slot_data(agent, book_url(contact), amount="25,50", shop=shop.uuid, reason="Paid cash at the desk")
    assert "Refund" not in agent.get(book_url(contact), **HTMX).content.decode()
    html = done_in_place(post_in_slot(agent, book_url(contact), data))
    assert "Topped up €25.50. The prepaid balance is now €25.50." in html
    assert balance(leat, contact) == 2550
    [entry] = entries("prepaid.")
    assert (entry.action, entry.outcome, entry.reason) == ("prepaid.top_up", "succeeded", "Paid cash at the desk")
    assert entry.sent == {"contact_uuid": contact.uuid, "shop_uuid": shop.uuid, "amount_in_cents": 2550}


def test_a_supervisor_refunds_on_the_standalone_page(supervisor, leat, funded, shop):
    data = form_data(supervisor, book_url(funded), kind="refund", amount="12.25", shop=shop.uuid, reason="Unused balance paid back")
    response = supervisor.post(book_url(funded), data, follow=True)
    assert "Refunded €12.25. The prepaid balance is now €17.75." in response.content.decode()
    assert balance(leat, funded) == 1775
    [entry] = entries("prepaid.")
    assert entry.action == "prepaid.refund" and entry.sent["amount_in_cents"] == -1225


def test_a_refund_larger_than_the_balance_is_refused_at_the_field_before_leat(supervisor, sandbox, funded, shop):
    data = slot_data(supervisor, book_url(funded), kind="refund", amount="30,01", shop=shop.uuid, reason="Too much")
    sandbox.reset_stats()
    html = post_in_slot(supervisor, book_url(funded), data).content.decode()
    assert "A refund can be at most the prepaid balance, €30.00." in html.split('id="id_amount_error"')[1][:200]
    assert posts(sandbox, "POST prepaid-transactions") == 0 and not entries("prepaid.")


def test_leats_own_refusal_of_an_amount_is_said_at_the_amount_field():
    form = PrepaidForm({"kind": "top_up", "amount": "5", "shop": "s", "reason": "r"}, shops=[("s", "Shop")], balance=0, may_refund=False)
    assert form.is_valid()
    form.apply_leat_error(errors.InvalidInput(code=1003, field_errors={"amount_in_cents": ["The prepaid balance is not sufficient for this amount."]}))
    assert form.errors["amount"] == ["The prepaid balance is not sufficient for this amount."]


def test_an_agent_cannot_refund_even_by_posting_it(agent, sandbox, funded, shop):
    data = slot_data(agent, book_url(funded), kind="refund", amount="5", shop=shop.uuid, reason="Sneaky")
    sandbox.reset_stats()
    html = post_in_slot(agent, book_url(funded), data).content.decode()
    assert "Select a valid choice" in html and posts(sandbox, "POST prepaid-transactions") == 0


@pytest.mark.parametrize(("typed", "words"), [("abc", "Enter an amount in euros"), ("0", "above zero"), ("1.234", "“1.234” has 3 decimals: type whole cents, like 1.23 or 1.24; or 1234 if you meant 1234 euros.")])
def test_amounts_that_are_not_money_are_said_at_the_field(agent, contact, shop, typed, words):
    html = post_in_slot(agent, book_url(contact), slot_data(agent, book_url(contact), amount=typed, shop=shop.uuid, reason="x")).content.decode()
    assert words in html.split('id="id_amount_error"')[1][:300]


def test_the_same_top_up_again_within_minutes_asks_to_confirm(agent, leat, contact, shop):
    done_in_place(post_in_slot(agent, book_url(contact), slot_data(agent, book_url(contact), amount="10", shop=shop.uuid, reason="One")))
    second = slot_data(agent, book_url(contact), amount="10,00", shop=shop.uuid, reason="Two")
    asked = post_in_slot(agent, book_url(contact), second)
    assert "The same prepaid transaction was sent" in asked.content.decode() and balance(leat, contact) == 1000
    done_in_place(post_in_slot(agent, book_url(contact), form_in(asked, confirm_duplicate="on")))
    assert balance(leat, contact) == 2000


def test_a_top_up_whose_answer_was_lost_is_found_in_the_history(agent, leat, sandbox, contact, shop):
    data = slot_data(agent, book_url(contact), amount="7,50", shop=shop.uuid, reason="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, book_url(contact), data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[contact.uuid])
    assert balance(leat, contact) == 750
    [lost, settled] = entries("prepaid.")
    assert (lost.action, lost.outcome, settled.action, settled.outcome) == ("prepaid.top_up", "unknown", "prepaid.top_up_settled", "succeeded")
    assert settled.sent == {"audit_entry": lost.pk} and settled.result_id == settled.after["uuid"] and settled.after["amount_in_cents"] == 750


def test_a_top_up_that_never_arrived_is_outcome_unknown_and_not_sent_again(agent, leat, sandbox, contact, shop):
    data = slot_data(agent, book_url(contact), amount="7,50", shop=shop.uuid, reason="Dropped")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, book_url(contact), data)
    assert response.status_code == 202 and "Leat may have made this prepaid transaction" in response.content.decode()
    again = post_in_slot(agent, book_url(contact), data)
    assert again.status_code == 202 and balance(leat, contact) == 0


def test_a_top_up_form_opened_before_the_balance_changed_is_stale(agent, leat, contact, shop):
    mine = slot_data(agent, book_url(contact), amount="5", shop=shop.uuid, reason="Stale")
    leat.prepaid.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, amount_in_cents=100)
    html = post_in_slot(agent, book_url(contact), mine).content.decode()
    assert "Someone changed this since you opened the form" in html and "Prepaid balance" in html
    assert balance(leat, contact) == 100


# --- Reverse ---------------------------------------------------------------------------


@pytest.fixture
def top_up(leat, funded):
    return leat.prepaid.list(contact_uuid=funded.uuid).items[0]


def reverse_url(contact, transaction):
    return reverse("prepaid:reverse", args=[contact.uuid, transaction.uuid])


def test_a_supervisor_reverses_a_transaction_from_its_row(supervisor, leat, funded, top_up):
    url = reverse_url(funded, top_up)
    opened = supervisor.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="contact-action").content.decode()
    assert "Books the opposite amount (−€30.00)" in opened and "Reverse transaction" in opened
    html = done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Booked on the wrong contact")))
    assert "Reversed: Leat booked −€30.00. The prepaid balance is now €0.00." in html
    assert balance(leat, funded) == 0
    [entry] = entries("prepaid.")
    assert (entry.action, entry.reason, entry.target_label, entry.before["amount_in_cents"]) == ("prepaid.reverse", "Booked on the wrong contact", funded.email, 3000)


def test_reversing_twice_is_refused_in_words(supervisor, leat, funded, top_up):
    leat.prepaid.create(contact_uuid=funded.uuid, shop_uuid=top_up.shop.uuid, amount_in_cents=5000)
    url = reverse_url(funded, top_up)
    done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="First")))
    again = post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Second", confirm_duplicate="on"))
    html = again.content.decode()
    assert 'class="card done"' not in html and "revers" in html.split('role="alert"')[1][:400].lower()
    assert balance(leat, funded) == 5000


def test_a_transaction_of_another_contact_cannot_be_reversed_here(supervisor, leat, sandbox, unique_email, top_up):
    other = leat.contacts.find_or_create(f"other.{unique_email}")
    url = reverse_url(other, top_up)
    data = slot_data(supervisor, url, reason="Wrong page")
    sandbox.reset_stats()
    html = post_in_slot(supervisor, url, data).content.decode()
    assert "not in this contact&#x27;s recent prepaid history" in html
    assert posts(sandbox, "POST prepaid-transactions/{id}/reverse") == 0


def test_a_reversal_whose_answer_was_lost_is_found(supervisor, leat, sandbox, funded, top_up):
    url = reverse_url(funded, top_up)
    data = slot_data(supervisor, url, reason="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    assert post_in_slot(supervisor, url, data)["HX-Redirect"] == reverse("contacts:detail", args=[funded.uuid])
    assert balance(leat, funded) == 0


def test_a_reversal_that_never_arrived_is_outcome_unknown(supervisor, leat, sandbox, funded, top_up):
    url = reverse_url(funded, top_up)
    data = slot_data(supervisor, url, reason="Dropped")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(supervisor, url, data)
    assert response.status_code == 202 and "Leat may have made this reversal" in response.content.decode()
    assert balance(leat, funded) == 3000


def test_refunds_and_reversals_are_for_supervisors_only(agent, manager, sandbox, funded, top_up):
    sandbox.reset_stats()
    assert agent.get(reverse_url(funded, top_up)).status_code == 403
    assert agent.post(reverse_url(funded, top_up), {"reason": "x"}).status_code == 403
    assert manager.post(book_url(funded), {"amount": "5", "reason": "x"}).status_code == 403
    assert sandbox.stats()["total"] == 0
