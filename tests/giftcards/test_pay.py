"""Pay with a gift card and top it up: one form, euros as typed, exactly once,
refused at the field before Leat is asked, and Leat's refusals in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.giftcards.forms import PayOrTopUpForm
from leatadmin.leat import errors
from tests.conftest import HTMX
from tests.contact_actions import IN_FORM, done_in_place, entries, post_in_slot, slot_data
from tests.core.test_exactly_once import FormSubmissionCount, _two_at_once
from tests.core.test_staff_actions import form_data, form_in, posts

pytestmark = pytest.mark.django_db

DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}
WRITE = "POST giftcard-transactions"


def book_url(card, kind: str = "") -> str:
    url = reverse("giftcards:pay_or_top_up", args=[card.uuid])
    return f"{url}?kind={kind}" if kind else url


def card_url(card) -> str:
    return reverse("giftcards:detail", args=[card.uuid])


def balance(leat, card) -> int:
    return leat.giftcards.get(card.uuid).amount_in_cents


def newest(leat, card):
    return leat.giftcard_transactions.list(giftcard_hash=card.hash, sort="-created_at", limit=1).items[0]


# --- Done ----------------------------------------------------------------------------


def test_paying_12_50_in_the_cards_action_slot(agent, leat, card, shop):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="12,50", shop=shop.uuid, reason="Coffee and cake")
    assert data["kind"] == "pay"
    html = done_in_place(post_in_slot(agent, url, data))
    assert "Paid €12.50 with the gift card. Its balance is now €25.00." in html
    assert balance(leat, card) == 2500
    made = newest(leat, card)
    [entry] = entries("giftcard.")
    assert (entry.action, entry.outcome, entry.reason, entry.target_type, entry.target_id, entry.target_label) == ("giftcard.pay", "succeeded", "Coffee and cake", "giftcard", card.uuid, card.hash)
    assert entry.before["giftcard_balance_in_cents"] == 3750 and entry.sent == {"giftcard_uuid": card.uuid, "amount_in_cents": -1250, "shop_uuid": shop.uuid}
    assert entry.after["giftcard_balance_in_cents"] == 2500 and entry.after["amount_in_cents"] == -1250
    assert entry.result_id == f"id:{made.id}" and entry.username == agent.user.username


def test_paying_12_50_with_a_dutch_keyboard_and_page(agent, leat, card, shop):
    url = book_url(card, "pay")
    response = agent.get(url, HTTP_HX_TARGET="contact-action", **HTMX, **DUTCH)
    assert "Betalen met de cadeaukaart of opwaarderen" in response.content.decode()
    data = {**form_in(response), "amount": "12,50", "shop": shop.uuid, "reason": "Koffie"}
    html = done_in_place(agent.post(url, data, **IN_FORM, **DUTCH))
    assert "€\xa012,50 betaald met de cadeaukaart. Het saldo is nu €\xa025,00." in html
    assert balance(leat, card) == 2500


def test_topping_up_without_javascript_returns_to_the_cards_page(agent, leat, card, shop):
    url = book_url(card, "top_up")
    data = form_data(agent, url, amount="20", shop=shop.uuid, reason="Birthday present")
    assert data["kind"] == "top_up"
    response = agent.post(url, data)
    assert response.status_code == 302 and response["Location"] == card_url(card)
    page = agent.get(response["Location"]).content.decode()
    assert "Topped the gift card up with €20.00. Its balance is now €57.50." in page and '<span id="balance">€57.50</span>' in page
    assert balance(leat, card) == 5750
    assert entries("giftcard.")[0].action == "giftcard.top_up"


def test_an_htmx_form_on_its_own_page_is_sent_to_the_card(agent, card, shop):
    url = book_url(card, "pay")
    response = agent.post(url, form_data(agent, url, amount="1", shop=shop.uuid, reason="Tea"), **HTMX)
    assert response["HX-Redirect"] == card_url(card)


# --- Refused before Leat is asked ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount", "said"),
    [
        ("pay", "37,51", "More than the gift card&#x27;s balance: at most €37.50 can be paid with it."),
        ("top_up", "112,51", "The gift card would then hold more than its program&#x27;s maximum of €150.00: top up at most €112.50."),
        ("pay", "0", "Enter an amount above zero."),
        ("pay", "12,505", "has 3 decimals"),
        ("pay", "-5", "The amount cannot be negative."),
        ("pay", "", "This field is required."),
    ],
)
def test_refused_at_the_amount_before_leat_is_asked(agent, sandbox, card, shop, kind, amount, said):
    url = book_url(card, kind)
    data = slot_data(agent, url, amount=amount, shop=shop.uuid, reason="Too much")
    sandbox.reset_stats()
    response = post_in_slot(agent, url, data)
    html = response.content.decode()
    assert response.status_code == 200 and said in html.split('name="amount"')[1].split("</div>")[0]
    assert posts(sandbox, WRITE) == 0 and not entries("giftcard.")


def test_up_to_the_balance_and_up_to_the_maximum_are_allowed(agent, leat, card, shop):
    url = book_url(card, "top_up")
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, amount="112,50", shop=shop.uuid, reason="Fill it up")))
    assert balance(leat, card) == 15000
    url = book_url(card, "pay")
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, amount="150", shop=shop.uuid, reason="All of it")))
    assert balance(leat, card) == 0


def test_a_shop_and_a_reason_are_needed(agent, sandbox, card):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="5", shop="", reason="")
    sandbox.reset_stats()
    html = post_in_slot(agent, url, data).content.decode()
    assert "Say why: the reason is kept in the audit log." in html and "This field is required." in html.split('name="shop"')[1]
    assert posts(sandbox, WRITE) == 0


# --- Leat refusing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("6036821000003456", "This gift card is not activated (blocked), so it cannot be used."),  # 1010
        ("6036821000009012", "This gift card has expired."),  # 5002
        ("6036821000002468", "This gift card cannot be topped up."),  # 5006
    ],
)
def test_leats_refusal_is_said_in_words_at_the_amount(agent, leat, shop, number, said):
    card = leat.giftcards.find(number)
    url = book_url(card, "top_up")
    response = post_in_slot(agent, url, slot_data(agent, url, amount="5", shop=shop.uuid, reason="Gift"))
    html = response.content.decode()
    assert response.status_code == 200 and said in html.split('name="amount"')[1].split("</div>")[0]
    assert 'value="5"' in html  # what was typed is kept
    [entry] = entries("giftcard.")
    assert entry.outcome == "failed" and leat.giftcards.get(card.uuid).amount_in_cents == card.amount_in_cents


@pytest.mark.parametrize(
    ("error", "field", "said"),
    [
        (errors.InsufficientGiftcardBalance(code=5003), "amount", "More than the gift card's balance."),
        (errors.GiftcardMaximumExceeded(code=5008), "amount", "The gift card would then hold more than its program's maximum."),
        (errors.GiftcardInactive(code=1010), "amount", "This gift card is not activated (blocked), so it cannot be used."),
        (errors.GiftcardExpired(code=5002), "amount", "This gift card has expired."),
        (errors.GiftcardNotIncrementable(code=5006), "amount", "This gift card cannot be topped up."),
        (errors.ShopNotInGiftcardProgram(code=7015), "shop", "This shop may not use this gift card's program."),
        (errors.ShopNotFound(code=1008), "shop", "Leat has no shop with this identifier (it may have been removed)."),
    ],
)
def test_each_of_leats_gift_card_refusals_goes_to_its_field(error, field, said):
    """Leat refuses 5003 and 5008 only when the card changed between reading it
    and writing (the form refuses both before Leat is asked): where they are said."""
    form = PayOrTopUpForm({"kind": "pay", "amount": "5", "shop": "s", "reason": "r"}, shops=[("s", "Shop")], balance=1000, maximum=None)
    assert form.is_valid()
    form.apply_leat_error(error)
    assert form.errors[field] == [said]


def test_leat_down_keeps_what_was_typed(agent, leat, sandbox, card, shop):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="12,50", shop=shop.uuid, reason="Lunch")
    sandbox.faults.update({"maintenance": True})
    response = post_in_slot(agent, url, data)
    html = response.content.decode()
    assert response.status_code == 503 and "Leat is down for maintenance." in html and 'value="12,50"' in html
    sandbox.faults.update({"maintenance": False})
    assert balance(leat, card) == 3750


def test_leat_down_while_opening_the_form(agent, sandbox, card):
    sandbox.faults.update({"maintenance": True})
    response = agent.get(book_url(card, "pay"))
    assert response.status_code == 503 and "Leat is down for maintenance." in response.content.decode()


# --- A lost answer -----------------------------------------------------------------------


def test_a_lost_answer_is_settled_against_the_transaction_it_made(agent, leat, sandbox, card, shop):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="12,50", shop=shop.uuid, reason="Lunch")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == card_url(card)
    assert balance(leat, card) == 2500
    lost, settled = entries("giftcard.")
    made = newest(leat, card)
    assert (lost.outcome, settled.action, settled.sent) == ("unknown", "giftcard.pay_settled", {"audit_entry": lost.pk})
    assert settled.result_id == f"id:{made.id}" and settled.after["amount_in_cents"] == -1250
    page = agent.get(card_url(card)).content.decode()
    assert "Leat did make this gift card transaction" in page


def test_a_second_payment_that_never_reached_leat_stays_outcome_unknown(agent, leat, sandbox, card, shop):
    """The first payment of 5,55 matches the lost second one exactly, but the
    audit log accounts for it: the second is not settled against it."""
    url = book_url(card, "pay")
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, amount="5,55", shop=shop.uuid, reason="First")))
    asked = post_in_slot(agent, url, slot_data(agent, url, amount="5,55", shop=shop.uuid, reason="Second"))
    assert "The same gift card transaction was sent" in asked.content.decode()
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, url, form_in(asked, confirm_duplicate="on"))
    html = response.content.decode()
    assert response.status_code == 202 and "Leat may have made this gift card transaction" in html
    assert balance(leat, card) == 3750 - 555
    assert [(e.action, e.outcome) for e in entries("giftcard.")] == [("giftcard.pay", "succeeded"), ("giftcard.pay", "unknown")]


def test_an_unknown_outcome_is_not_sent_again_by_the_same_form(agent, leat, sandbox, card, shop):
    url = book_url(card, "top_up")
    data = slot_data(agent, url, amount="10", shop=shop.uuid, reason="Cash")
    sandbox.faults.update({"drop_writes_next": 1})
    assert post_in_slot(agent, url, data).status_code == 202
    sandbox.reset_stats()
    again = post_in_slot(agent, url, data)  # Back, then send the same form again
    assert again.status_code == 202 and posts(sandbox, WRITE) == 0
    assert balance(leat, card) == 3750


# --- Exactly once -----------------------------------------------------------------------------


def test_a_double_click_pays_once(agent, leat, sandbox, card, shop):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="2", shop=shop.uuid, reason="Tea")
    sandbox.reset_stats()
    done_in_place(post_in_slot(agent, url, data))
    again = post_in_slot(agent, url, data)
    assert again["HX-Redirect"] == card_url(card)
    assert posts(sandbox, WRITE) == 1 and balance(leat, card) == 3550


def test_the_same_payment_again_from_a_new_form_asks_first(agent, leat, card, shop):
    url = book_url(card, "pay")
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, amount="3", shop=shop.uuid, reason="Tea")))
    asked = post_in_slot(agent, url, slot_data(agent, url, amount="3", shop=shop.uuid, reason="Tea again"))
    assert "The same gift card transaction was sent" in asked.content.decode()
    assert balance(leat, card) == 3450
    done_in_place(post_in_slot(agent, url, form_in(asked, confirm_duplicate="on")))
    assert balance(leat, card) == 3150


def test_a_payment_elsewhere_since_the_form_was_opened_is_shown_first(agent, leat, sandbox, card, shop):
    url = book_url(card, "pay")
    data = slot_data(agent, url, amount="5", shop=shop.uuid, reason="Lunch")
    leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-100, shop_uuid=shop.uuid)  # another till
    sandbox.reset_stats()
    html = post_in_slot(agent, url, data).content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html
    stale = html.split('id="stale-changes"')[1]
    assert "€37.50" in stale and "€36.50" in stale and "Changed outside leatadmin." in stale
    assert posts(sandbox, WRITE) == 0


@pytest.mark.django_db(transaction=True)
def test_two_tabs_paying_at_the_same_instant_pay_once(leat, sandbox, card, shop):
    url = book_url(card, "pay")
    sandbox.faults.update({"latency_ms": 30})

    def prepare(client):
        return form_data(client, url, amount="12,50", shop=shop.uuid, reason="Lunch", in_page="1")

    sandbox.reset_stats()
    [statuses] = _two_at_once(url, prepare)
    assert all(status in (200, 302) for status in statuses), statuses
    assert posts(sandbox, WRITE) == 1 and FormSubmissionCount.claimed() == 1
    assert leat.giftcards.get(card.uuid).amount_in_cents == 2500
    assert AuditEntry.objects.filter(action="giftcard.pay").count() == 1


def test_the_payment_reads_in_the_audit_log_with_who_why_before_and_after(supervisor, agent, card, shop):
    url = book_url(card, "pay")
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, amount="12,50", shop=shop.uuid, reason="Coffee and cake")))
    listed = supervisor.get(reverse("audit:list"))
    assert listed.status_code == 200 and card.hash in listed.content.decode()
    [entry] = entries("giftcard.")
    detail = supervisor.get(reverse("audit:detail", args=[entry.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "Coffee and cake" in html and agent.user.username in html
    changes = html.split("Changes")[1]
    assert "Gift card balance" in changes and "€37.50" in changes and "€25.00" in changes and "−€12.50" in changes and shop.name in changes
    assert "Prepaid" not in changes and "Kind of deletion" not in changes
