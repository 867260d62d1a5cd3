"""#28.9: searching a lost (blocked) loyalty card says whose it was.

Leat's `contact-identifiers/find` refuses a blocked card with 60004 and no
contact (reference/oauth-crm-contact-identifiers.mdx; the one captured
answer, in leat-openapi.yaml, is of an active card), and so does the
sandbox. Whose it was comes from what leatadmin knows: the directory (Leat's
`default_contact_identifier` of each contact) and its own audit log.
"""

from __future__ import annotations

import secrets
import time

import pytest
from django.urls import reverse

from tests.contact_actions import done_in_place, post_in_slot, slot_data

pytestmark = pytest.mark.django_db


def without_codes(routes: dict) -> dict:
    """Leat's calls but those asking whether a one-word search is a voucher or gift card (asked beside the card, #29)."""
    return {route: count for route, count in routes.items() if route not in ("GET vouchers/find", "GET giftcards/find-one-by")}


LOOKUP = reverse("contacts:lookup")


def owner_sentence(html: str) -> str:
    assert 'id="card-owner"' in html, html.split('id="card-problem"', 1)[-1][:600]
    return html.split('id="card-owner"', 1)[1].split("</p>", 1)[0]


def test_the_sandbox_refuses_a_blocked_card_as_leat_documents(leat):
    """What the lookup is built on: 60004, and nothing about the contact."""
    from leatadmin.leat import errors

    with pytest.raises(errors.IdentifierInactive) as refused:
        leat.identifiers.find("CARD-300901")
    assert refused.value.code == 60004 and refused.value.status == 400


def test_a_lost_card_links_to_the_contact_whose_card_it_was(agent, sandbox, directory, leat):
    """Daan Visser's only card, lost and blocked: the directory knows it as his card."""
    daan = leat.contacts.find_by_email("daan.visser@example.nl")
    sandbox.reset_stats()
    html = agent.post(LOOKUP, {"q": "CARD-300901"}).content.decode()
    assert "This loyalty card is inactive." in html
    sentence = owner_sentence(html)
    assert f'<a href="{reverse("contacts:detail", args=[daan.uuid])}">Daan Visser (daan.visser@example.nl)</a>' in sentence
    assert without_codes(sandbox.stats()["routes"]) == {"GET contact-identifiers/find": 1}  # the directory answers whose it was


@pytest.fixture
def lost_card(agent, leat, sandbox, unique_email):
    """A customer's card, blocked through leatadmin's Block and replace as staff do it."""
    contact = leat.contacts.find_or_create(unique_email)
    card, new = f"LOST-{secrets.token_hex(4)}1", f"NEW-{secrets.token_hex(4)}2"
    with sandbox.store.write() as conn:  # two cards handed out, not linked yet
        conn.executemany("INSERT INTO contact_identifiers (value, contact_id) VALUES (?, NULL)", [(card,), (new,)])
    leat.identifiers.link(card, contact_uuid=contact.uuid)
    url = reverse("cards:replace", args=[contact.uuid])
    html = done_in_place(post_in_slot(agent, url, slot_data(agent, url, old=card, new=new, reason="Lost on the train")))
    assert f"Card {card} is blocked." in html
    return type("Lost", (), {"uuid": contact.uuid, "email": contact.email, "card": card})


def test_a_card_blocked_through_leatadmin_links_to_its_contact(agent, lost_card):
    """Not in the directory (no backfill here): leatadmin's audit log of the block says whose it was."""
    html = agent.post(LOOKUP, {"q": lost_card.card}).content.decode()
    assert "This loyalty card is inactive." in html
    sentence = owner_sentence(html)
    assert f'<a href="{reverse("contacts:detail", args=[lost_card.uuid])}">{lost_card.email}</a>' in sentence


def test_a_blocked_card_whose_contact_is_gone_links_nowhere(agent, supervisor, lost_card):
    deleted = supervisor.post(reverse("contacts:delete", args=[lost_card.uuid]), {"type": "GDPR", "confirm_email": lost_card.email})
    assert deleted.status_code == 302
    time.sleep(1.1)  # the sandbox removes a contact a second after its deletion is asked for
    html = agent.post(LOOKUP, {"q": lost_card.card}).content.decode()
    assert "This loyalty card is inactive." in html and 'id="card-owner"' not in html and lost_card.uuid not in html


def test_a_blocked_card_nobody_is_known_for_says_so(agent, directory):
    html = agent.post(LOOKUP, {"q": "CARD-299999"}).content.decode()  # blocked before it was ever linked
    assert "This loyalty card is inactive." in html and 'id="card-owner"' not in html
    assert "Leat does not say whose a blocked card is" in html


def test_whose_card_it_was_is_for_staff_who_may_see_contacts(make_staff, client, directory, leat):
    """Only staff with `view_contacts` search at all: anyone else is refused before Leat or the directory is asked."""
    from django.contrib.auth.models import Permission

    user = make_staff(None)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="manage_cards"))
    client.force_login(user)
    response = client.post(LOOKUP, {"q": "CARD-300901"})
    daan = leat.contacts.find_by_email("daan.visser@example.nl")
    assert response.status_code == 403 and daan.uuid not in response.content.decode()


def test_a_contact_leat_names_for_a_blocked_card_is_taken_as_it_is(directory, leat):
    """Should Leat ever answer a blocked card (`active: false`) instead of refusing it, its contact is the owner."""
    from leatadmin.contacts.selectors import blocked_card_owner
    from leatadmin.leat.models import ContactSummary

    anna = leat.contacts.find_by_email("anna.devries@example.com")
    owner = blocked_card_owner(value="CARD-300900", told=ContactSummary(uuid=anna.uuid, email=anna.email))
    assert (owner.uuid, owner.label) == (anna.uuid, "Anna de Vries (anna.devries@example.com)")
