"""Loyalty cards on the contact page: the panel, linking a card, and blocking
a lost card with its replacement linked in one step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leatadmin.core.person_filter import pick_token
from tests.conftest import HTMX
from tests.contact_actions import done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.find_or_create(unique_email)



# --- The panel ----------------------------------------------------------------


def test_cards_panel_lists_names_numbers_and_states(agent, anna, sandbox):
    response = agent.get(reverse("cards:panel", args=[anna.uuid]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "CARD-300000" in html and "Keyring tag" in html and "Active" in html
    assert "CARD-300900" in html and "Old keyring (lost)" in html and "Blocked" in html
    link = reverse("cards:link", args=[anna.uuid])
    assert f'href="{link}" hx-get="{link}" hx-target="#contact-action"' in html
    assert "Block a lost card…" in html and "Block and replace…" in html


def test_cards_panel_opened_directly_goes_to_the_contact_page(agent, anna):
    response = agent.get(reverse("cards:panel", args=[anna.uuid]))
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_the_contact_page_brings_the_cards_panel_which_refreshes_after_a_change(agent, anna):
    html = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    panel = html.split('slot="cards"', 1)[1]
    assert f'hx-get="{reverse("cards:panel", args=[anna.uuid])}" hx-trigger="leat-changed from:body"' in panel
    assert "CARD-300000" in panel  # its content, without JavaScript


def test_card_buttons_are_not_shown_to_who_may_not_use_them(manager, anna):
    html = manager.get(reverse("cards:panel", args=[anna.uuid]), **HTMX).content.decode()
    assert "CARD-300000" in html and "Link a card" not in html and "Block" not in html.replace("Blocked", "")


# --- Link a card -----------------------------------------------------------------


def test_link_a_card_in_the_action_slot(agent, leat, contact, sandbox):
    url = reverse("cards:link", args=[contact.uuid])
    data = slot_data(agent, url, value="CARD-200040", reason="New card handed out at the desk")
    html = done_in_place(post_in_slot(agent, url, data))
    assert "Card CARD-200040 is now linked to this contact." in html
    assert leat.identifiers.find("CARD-200040").contact.uuid == contact.uuid
    [entry] = entries("card.")
    assert (entry.action, entry.outcome, entry.target_id, entry.reason) == ("card.link", "succeeded", contact.uuid, "New card handed out at the desk")
    assert entry.sent == {"contact_identifier_value": "CARD-200040", "contact_uuid": contact.uuid}


def test_link_a_card_on_its_own_page_without_javascript(agent, leat, contact):
    url = reverse("cards:link", args=[contact.uuid])
    page = agent.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode() and 'name="in_page"' not in page.content.decode()
    response = agent.post(url, form_data(agent, url, value="CARD-200041", reason="Customer asked"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("contacts:detail", args=[contact.uuid])
    assert "Card CARD-200041 is now linked to this contact." in response.content.decode()


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("CARD-NOPE-1", 60003, "Leat has no loyalty card with this identifier."),
        ("CARD-299999", 60004, "This loyalty card is blocked (inactive), so it cannot be used."),
        ("CARD-300000", 60014, "This loyalty card already belongs to another contact."),
    ],
)
def test_link_errors_are_said_at_the_card_field(agent, contact, value, code, words):
    url = reverse("cards:link", args=[contact.uuid])
    response = post_in_slot(agent, url, slot_data(agent, url, value=value, reason="Try"))
    html = response.content.decode()
    assert response.status_code == 200 and 'class="card done"' not in html
    assert 'id="id_value_error"' in html and words in html.split('id="id_value_error"')[1][:300]
    [entry] = entries("card.link")
    assert (entry.outcome, entry.error_code, entry.reason) == ("failed", code, "Try")


def test_a_link_without_a_reason_is_not_sent(agent, contact, sandbox):
    url = reverse("cards:link", args=[contact.uuid])
    data = slot_data(agent, url, value="CARD-200042")
    sandbox.reset_stats()
    html = post_in_slot(agent, url, data).content.decode()
    assert "Say why: the reason is kept in the audit log." in html
    assert posts(sandbox, "PUT contact-identifiers/link") == 0 and not entries("card.")


def test_a_link_whose_answer_was_lost_is_found_on_the_card(agent, leat, contact, sandbox):
    url = reverse("cards:link", args=[contact.uuid])
    data = slot_data(agent, url, value="CARD-200043", reason="Lost answer")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[contact.uuid])
    assert leat.identifiers.find("CARD-200043").contact.uuid == contact.uuid
    assert [(e.action, e.outcome) for e in entries("card.link")] == [("card.link", "unknown"), ("card.link_settled", "succeeded")]


def test_a_link_that_never_arrived_is_outcome_unknown(agent, leat, contact, sandbox):
    url = reverse("cards:link", args=[contact.uuid])
    data = slot_data(agent, url, value="CARD-200044", reason="Dropped")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this card link" in response.content.decode()
    assert leat.identifiers.find("CARD-200044").contact is None
    assert [e.outcome for e in entries("card.link")] == ["unknown"]


def test_the_same_card_linked_again_from_a_new_form_asks_to_confirm(agent, contact):
    url = reverse("cards:link", args=[contact.uuid])
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, value="CARD-200045", reason="First")))
    again = post_in_slot(agent, url, slot_data(agent, url, value="CARD-200045", reason="Second"))
    assert "The same card link was sent" in again.content.decode()


def test_link_needs_permission_and_never_reaches_leat(manager, contact, sandbox):
    url = reverse("cards:link", args=[contact.uuid])
    sandbox.reset_stats()
    assert manager.get(url).status_code == 403
    assert manager.post(url, {"value": "CARD-200046", "reason": "x"}).status_code == 403
    assert sandbox.stats()["total"] == 0


# --- Block a lost card and link its replacement ------------------------------------


#: Unused seeded cards for these tests (the sandbox lives for the session: each card is used once).
SPARE_CARDS = (f"CARD-{200000 + n}" for n in range(60, 90))


@pytest.fixture
def carded(leat, contact):
    """A contact with one card of its own (`carded.card`), and `carded.new`, an unused one."""
    card, new = next(SPARE_CARDS), next(SPARE_CARDS)
    leat.identifiers.link(card, contact_uuid=contact.uuid)
    return type("Carded", (), {"uuid": contact.uuid, "card": card, "new": new})


def test_block_a_lost_card_and_link_its_replacement(agent, leat, carded):
    url = reverse("cards:replace", args=[carded.uuid]) + f"?card={pick_token(carded.card)}"  # the panel's link: no card number in it (#28.6)
    data = slot_data(agent, url, new=carded.new, reason="Card lost on holiday")
    assert data["old"] == carded.card
    html = done_in_place(post_in_slot(agent, url, data))
    assert f"Card {carded.card} is blocked. The new card {carded.new} is linked to this contact." in html
    cards = {card.value: card for card in leat.identifiers.for_contact(carded.uuid)}
    assert cards[carded.card].active is False and cards[carded.new].active is True
    assert [(e.action, e.outcome, e.target_label, e.reason) for e in entries("card.")] == [
        ("card.block", "succeeded", carded.card, "Card lost on holiday"),
        ("card.link", "succeeded", carded.new, "Card lost on holiday"),
    ]


def test_only_blocking_a_lost_card(agent, leat, carded):
    url = reverse("cards:replace", args=[carded.uuid])
    html = done_in_place(post_in_slot(agent, url, slot_data(agent, url, old=carded.card, reason="Stolen")))
    assert f"Card {carded.card} is blocked." in html
    assert [card.active for card in leat.identifiers.for_contact(carded.uuid)] == [False]


@pytest.mark.parametrize(
    ("new", "words"),
    [("CARD-NOPE-2", "Leat has no loyalty card"), ("CARD-299999", "blocked (inactive)"), ("CARD-300000", "already belongs to another contact")],
)
def test_a_replacement_that_cannot_be_linked_blocks_nothing(agent, leat, carded, sandbox, new, words):
    url = reverse("cards:replace", args=[carded.uuid])
    response = post_in_slot(agent, url, slot_data(agent, url, old=carded.card, new=new, reason="Lost"))
    html = response.content.decode()
    assert 'id="id_new_error"' in html and words in html.split('id="id_new_error"')[1][:300]
    assert [card.active for card in leat.identifiers.for_contact(carded.uuid)] == [True]
    assert posts(sandbox, "PUT contact-identifiers") == 0 and not entries("card.")


def test_when_linking_the_replacement_fails_staff_are_told_exactly_and_offered_the_link(agent, leat, carded, sandbox):
    url = reverse("cards:replace", args=[carded.uuid])
    data = slot_data(agent, url, old=carded.card, new=carded.new, reason="Lost")
    sandbox.faults.update({"path_status": {"contact-identifiers/link": 503}})
    html = done_in_place(post_in_slot(agent, url, data))
    assert f"Card {carded.card} is blocked." in html and f"The new card {carded.new} is NOT linked" in html
    link = re.search(r'href="([^"]+)" hx-get="\1" hx-target="#contact-action"', html).group(1).replace("&amp;", "&")
    assert link.startswith(reverse("cards:link", args=[carded.uuid]) + "?") and carded.new not in link  # by reference (#28.6)
    assert [(e.action, e.outcome) for e in entries("card.")] == [("card.block", "succeeded"), ("card.link", "failed")]
    sandbox.faults.reset()
    # The offered link opens the link form with the new card filled in.
    again = slot_data(agent, link, reason="Linking the replacement")
    assert again["value"] == carded.new
    done_in_place(post_in_slot(agent, reverse("cards:link", args=[carded.uuid]), again))
    assert leat.identifiers.find(carded.new).contact.uuid == carded.uuid


def test_a_block_whose_answer_was_lost_is_outcome_unknown(agent, leat, carded, sandbox):
    url = reverse("cards:replace", args=[carded.uuid])
    data = slot_data(agent, url, old=carded.card, new=carded.new, reason="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this card replacement" in response.content.decode()
    assert [(e.action, e.outcome) for e in entries("card.")] == [("card.block", "unknown")]
    assert leat.identifiers.find(carded.new).contact is None  # nothing more was sent


def test_a_block_that_was_lost_but_done_with_nothing_to_link_is_found(agent, leat, carded, sandbox):
    url = reverse("cards:replace", args=[carded.uuid])
    data = slot_data(agent, url, old=carded.card, reason="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[carded.uuid])


def test_a_stale_replacement_form_blocks_nothing(agent, make_staff, leat, carded, sandbox):
    url = reverse("cards:replace", args=[carded.uuid])
    mine = slot_data(agent, url, old=carded.card, new=carded.new, reason="Lost")
    leat.identifiers.update(carded.card, active=False)  # a colleague blocked it meanwhile
    html = post_in_slot(agent, url, mine).content.decode()
    assert "Someone changed this since you opened the form" in html and carded.card in html.split('id="stale-changes"')[1]
    assert leat.identifiers.find(carded.new).contact is None and not entries("card.")
