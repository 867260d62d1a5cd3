"""Undo a gift card's last transaction (supervisors): Leat books the opposite
amount, only for the card's last transaction and only one with a uuid."""

from __future__ import annotations

import uuid as uuidlib

import pytest
from django.urls import reverse

from leatadmin.giftcards.forms import UndoForm
from leatadmin.leat import errors
from tests.conftest import HTMX
from tests.contact_actions import done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db

CORRECT = "POST giftcard-transactions/{id}/correct"


def undo_url(card) -> str:
    return reverse("giftcards:undo", args=[card.uuid])


def card_url(card) -> str:
    return reverse("giftcards:detail", args=[card.uuid])


@pytest.fixture
def paid(leat, card, shop):
    """The card after paying €12.50 with it: €25.00 left; the payment is its last transaction."""
    return leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-1250, shop_uuid=shop.uuid)


def balance(leat, card) -> int:
    return leat.giftcards.get(card.uuid).amount_in_cents


def test_a_supervisor_undoes_the_last_payment_in_the_slot(supervisor, leat, card, shop, paid):
    url = undo_url(card)
    opened = supervisor.get(url, HTTP_HX_TARGET="contact-action", **HTMX).content.decode()
    assert "Undoes the gift card&#x27;s last transaction, −€12.50 at Leat Coffee Airport Kiosk on" in opened
    assert "Leat books the opposite amount (+€12.50)" in opened
    html = done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Rang up twice")))
    assert "Undone: Leat booked +€12.50. The gift card&#x27;s balance is now €37.50." in html
    assert balance(leat, card) == 3750
    correction = leat.giftcard_transactions.list(giftcard_hash=card.hash, sort="-created_at", limit=1).items[0]
    [entry] = entries("giftcard.")
    assert (entry.action, entry.outcome, entry.reason, entry.target_id) == ("giftcard.undo", "succeeded", "Rang up twice", card.uuid)
    assert entry.before["giftcard_transaction"] == f"id:{paid.id}" and entry.before["amount_in_cents"] == -1250 and entry.before["giftcard_balance_in_cents"] == 2500
    assert entry.sent == {"giftcard_transaction_uuid": paid.uuid}
    assert entry.after["amount_in_cents"] == 1250 and entry.after["giftcard_balance_in_cents"] == 3750 and entry.result_id == f"id:{correction.id}"


def test_undo_without_javascript_returns_to_the_cards_page(supervisor, leat, card, paid):
    url = undo_url(card)
    response = supervisor.post(url, form_data(supervisor, url, reason="Mistake"))
    assert response.status_code == 302 and response["Location"] == card_url(card)
    assert "Undone: Leat booked +€12.50." in supervisor.get(card_url(card)).content.decode()
    assert balance(leat, card) == 3750


def test_agents_and_managers_may_not_undo(agent, manager, sandbox, card, paid):
    for client in (agent, manager):
        sandbox.reset_stats()
        assert client.get(undo_url(card)).status_code == 403
        assert client.post(undo_url(card), {"reason": "x"}).status_code == 403
        assert sandbox.stats()["total"] == 0


def test_a_transaction_without_uuid_cannot_be_undone_and_the_form_says_so(supervisor, sandbox, old_card):
    url = undo_url(old_card)
    said = "Leat gave this transaction no identifier (it was booked before Leat had them), so Leat cannot undo it."
    assert said in supervisor.get(url).content.decode()
    data = form_data(supervisor, url, reason="Customer asked")
    sandbox.reset_stats()
    response = supervisor.post(url, data)
    assert response.status_code == 200 and said in response.content.decode().split('role="alert"')[1]
    assert posts(sandbox, CORRECT) == 0 and not entries("giftcard.")


def test_a_card_without_transactions_has_nothing_to_undo(supervisor, leat, program, sandbox):
    empty = leat.giftcards.create(giftcard_program_uuid=program.uuid)
    url = undo_url(empty)
    data = form_data(supervisor, url, reason="Nothing")
    assert "This gift card has no transactions to undo." in supervisor.post(url, data).content.decode()
    assert posts(sandbox, CORRECT) == 0


def test_a_transaction_booked_since_the_form_was_opened_is_shown_not_undone(supervisor, leat, sandbox, card, shop, paid):
    url = undo_url(card)
    data = slot_data(supervisor, url, reason="Mistake")
    leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-200, shop_uuid=shop.uuid)  # another till, meanwhile
    sandbox.reset_stats()
    html = post_in_slot(supervisor, url, data).content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html
    stale = html.split('id="stale-changes"')[1]
    assert "Last transaction" in stale and "−€12.50" in stale and "−€2.00" in stale
    assert posts(sandbox, CORRECT) == 0 and balance(leat, card) == 2300


def test_leat_refusing_anything_but_the_last_is_said_in_words():
    """Leat's 55025 comes only from a race (the form checks the card's last
    transaction as it is sent): where it is said."""
    form = UndoForm({"reason": "x"}, problem="")
    assert form.is_valid()
    form.apply_leat_error(errors.NotLastGiftcardTransaction(code=55025))
    assert form.non_field_errors() == ["Only the gift card's last transaction can be undone."]


def test_leat_refusing_the_undo_of_an_expired_cards_transaction(supervisor, leat):
    expired = leat.giftcards.find("6036821000009012")
    url = undo_url(expired)
    response = supervisor.post(url, form_data(supervisor, url, reason="Write-off was wrong"))
    assert response.status_code == 200 and "This gift card has expired." in response.content.decode()
    [entry] = entries("giftcard.")
    assert entry.outcome == "failed" and entry.error_code == 5002


def test_a_lost_answer_is_settled_against_the_correction(supervisor, leat, sandbox, card, paid):
    url = undo_url(card)
    data = slot_data(supervisor, url, reason="Mistake")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "garbage"})
    response = post_in_slot(supervisor, url, data)
    assert response["HX-Redirect"] == card_url(card)
    correction = leat.giftcard_transactions.list(giftcard_hash=card.hash, sort="-created_at", limit=1).items[0]
    lost, settled = entries("giftcard.")
    assert (lost.outcome, settled.action, settled.result_id) == ("unknown", "giftcard.undo_settled", f"id:{correction.id}")
    assert balance(leat, card) == 3750


def test_a_lost_write_stays_outcome_unknown(supervisor, leat, sandbox, card, paid):
    url = undo_url(card)
    data = slot_data(supervisor, url, reason="Mistake")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(supervisor, url, data)
    assert response.status_code == 202 and "Leat may have made this correction" in response.content.decode()
    assert balance(leat, card) == 2500


def test_leat_down_keeps_the_reason(supervisor, sandbox, card, paid):
    url = undo_url(card)
    data = slot_data(supervisor, url, reason="Rang up twice")
    sandbox.faults.update({"maintenance": True})
    response = post_in_slot(supervisor, url, data)
    assert response.status_code == 503 and "Rang up twice" in response.content.decode()


def test_a_double_click_undoes_once(supervisor, leat, sandbox, card, paid):
    url = undo_url(card)
    data = slot_data(supervisor, url, reason="Mistake")
    sandbox.reset_stats()
    done_in_place(post_in_slot(supervisor, url, data))
    assert post_in_slot(supervisor, url, data)["HX-Redirect"] == card_url(card)
    assert posts(sandbox, CORRECT) == 1 and balance(leat, card) == 3750


def test_an_unknown_card_is_a_404(supervisor):
    assert supervisor.get(reverse("giftcards:undo", args=[str(uuidlib.uuid4())])).status_code == 404


def test_the_transactions_say_what_was_undone_and_by_whom(supervisor, agent, leat, sandbox, card, shop, paid):
    url = undo_url(card)
    done_in_place(post_in_slot(supervisor, url, slot_data(supervisor, url, reason="Mistake")))
    leat.giftcard_transactions.create(giftcard_uuid=card.uuid, amount_in_cents=-300, shop_uuid=shop.uuid)
    data = slot_data(supervisor, url, reason="Wrong card")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    post_in_slot(supervisor, url, data)  # settled against the correction Leat made
    rows = agent.get(card_url(card)).content.decode().split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 5
    by = f"by {supervisor.user.username} on"
    undo, undone = ">Correction</span>", ">Undone</span>"
    assert undo in rows[0] and "+€3.00" in rows[0] and "undid the last transaction on" in rows[0]  # the settled undo's correction
    assert undone in rows[1] and "−€3.00" in rows[1] and by in rows[1]
    assert undo in rows[2] and "+€12.50" in rows[2]
    assert undone in rows[3] and "−€12.50" in rows[3] and by in rows[3]
    assert undo not in rows[4] and undone not in rows[4]
