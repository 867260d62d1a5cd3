"""Searching: one box that takes anything, ranked and forgiving."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.directory.models import DirectoryContact
from leatadmin.directory.selectors import directory_search
from leatadmin.directory.services import directory_store
from leatadmin.leat.models import Contact, Tier

pytestmark = pytest.mark.django_db


def without_codes(routes: dict) -> dict:
    """Leat's calls but those asking whether a one-word search is a voucher or gift card (asked beside the card, #29)."""
    return {route: count for route, count in routes.items() if route not in ("GET vouchers/find", "GET giftcards/find-one-by")}


def contact(uuid, email, first="", last="", *, phone="", postcode="", city="", card=None, tier=None, changed="2026-01-01T10:00:00+00:00"):
    values = {"firstname": first, "lastname": last, "phonenumber": phone, "postalcode": postcode, "city": city, "default_contact_identifier": card, "updated_at": changed}
    return Contact(uuid=uuid, email=email, tier=Tier(uuid=None, name=tier) if tier else None, current_values=values)


@pytest.fixture
def people(db):
    directory_store([
        contact("u-anna", "anna.devries@example.com", "Anna", "de Vries", phone="+31 6 1234 5678", postcode="2011 AB", city="Haarlem", card="CARD-1", tier="Gold"),
        contact("u-anna2", "a.devries@example.org", "Anna", "de Vries", city="Leiden", changed="2026-02-01T10:00:00+00:00"),
        contact("u-jose", "jose@example.com", "José", "García", city="Utrecht"),
        contact("u-vriesland", "vriesland@example.com", "Piet", "Vriesland", city="Haarlem", changed="2026-03-01T10:00:00+00:00"),
        contact("u-card", "kaart@example.com", "Karel", "Kaart", card="CARD-1X"),
    ])


def uuids(query):
    return [row.uuid for row in directory_search(query=query)]


def test_accents_and_case_do_not_matter(people):
    assert uuids("jose") == ["u-jose"] and uuids("JOSÉ GARCIA") == ["u-jose"]
    assert set(uuids("de vries")) == {"u-anna", "u-anna2"}


def test_every_word_must_match_in_any_field(people):
    assert uuids("Anna de Vries, Haarlem") == ["u-anna"]
    assert uuids("haarlem") == ["u-vriesland", "u-anna"]  # partial matches: most recently changed first
    assert uuids("2011 ab") == ["u-anna"]
    assert uuids("anna.devries@exa") == ["u-anna"]


def test_a_phone_number_matches_in_any_notation(people):
    for number in ("0612345678", "06 1234 5678", "+31612345678", "0031 6 12 34 56 78"):
        assert uuids(number) == ["u-anna"], number


def test_ranking_exact_email_then_card_then_exact_name_then_partial(people):
    assert uuids("a.devries@example.org")[0] == "u-anna2"
    assert uuids("CARD-1") == ["u-anna", "u-card"]  # the exact card first, the card that only starts so after
    assert uuids("vries")[-1] == "u-vriesland" or uuids("vries")[0] == "u-vriesland"  # all partial: by last change
    assert uuids("de vries") == ["u-anna2", "u-anna"]  # both exact last names, newest change first
    assert uuids("anna de vries")[:2] == ["u-anna2", "u-anna"]


def test_a_contact_stored_again_is_updated_not_duplicated(people):
    directory_store([contact("u-jose", "jose@example.com", "José", "Fernández", city="Utrecht")])
    assert uuids("garcia") == [] and uuids("fernandez") == ["u-jose"]
    assert DirectoryContact.objects.filter(uuid="u-jose").count() == 1


# --- The search box -----------------------------------------------------------------------


def test_search_by_part_of_a_name_lists_results_with_email_name_city_tier_and_change(agent, sandbox, directory):
    response = agent.post(reverse("contacts:lookup"), {"q": "de vries"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-results"' in html and "anna.devries@example.com" in html and "Anna de Vries" in html
    assert "Gold" in html and "<time" in html
    assert "de vries" not in response.request.get("QUERY_STRING", "")


def test_a_single_exact_hit_goes_straight_to_the_contact(agent, directory, anna):
    phone = anna.current_values["phonenumber"].replace("+31 6 ", "06-")
    response = agent.post(reverse("contacts:lookup"), {"q": phone})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_a_phone_number_in_another_notation_finds_the_contact(agent, directory, anna):
    digits = anna.current_values["phonenumber"].replace("+31 6 ", "")
    response = agent.post(reverse("contacts:lookup"), {"q": f"+31 (0)6 {digits[:4]} {digits[4:]}".replace("(0)", "")})
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_a_card_number_goes_to_its_contact_through_leat(agent, sandbox, anna):
    sandbox.reset_stats()
    response = agent.post(reverse("contacts:lookup"), {"q": "CARD-300000"})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[anna.uuid])
    # A one-word code is asked about as a voucher and a gift card at the same time (#29): nothing else.
    assert without_codes(sandbox.stats()["routes"]) == {"GET contact-identifiers/find": 1}


def test_an_unlinked_card_says_so(agent):
    html = agent.post(reverse("contacts:lookup"), {"q": "CARD-200000"}).content.decode()
    assert "not linked to a contact yet" in html


def test_an_inactive_card_says_so(agent, sandbox):
    with sandbox.store.write() as conn:
        conn.execute("UPDATE contact_identifiers SET active = 0 WHERE value = 'CARD-200001'")
    try:
        html = agent.post(reverse("contacts:lookup"), {"q": "CARD-200001"}).content.decode()
    finally:
        with sandbox.store.write() as conn:
            conn.execute("UPDATE contact_identifiers SET active = 1 WHERE value = 'CARD-200001'")
    assert "This loyalty card is inactive." in html


def test_nothing_found_says_so(agent, directory):
    html = agent.post(reverse("contacts:lookup"), {"q": "zzqqxx nobody"}).content.decode()
    assert "No contact found for “zzqqxx nobody”" in html


def test_searching_needs_the_lookup_permission(make_staff, client, directory):
    client.force_login(make_staff(None))
    assert client.post(reverse("contacts:lookup"), {"q": "de vries"}).status_code == 403


def test_a_contact_leat_no_longer_knows_is_forgotten_when_noticed(agent, db):
    directory_store([contact("0d8e5a4e-0000-4000-8000-000000000000", "gone@example.com", "Gone", "Person")])
    response = agent.get(reverse("contacts:profile", args=["0d8e5a4e-0000-4000-8000-000000000000"]), HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 404)
    assert not DirectoryContact.objects.filter(email="gone@example.com").exists()


def test_deleting_a_contact_through_leatadmin_forgets_it_at_once(supervisor, leat, unique_email, directory):
    ref = leat.contacts.create(unique_email)
    directory_store([leat.contacts.get(ref.uuid)])
    from leatadmin.contacts import services

    services.contact_delete(user=supervisor.user, contact=leat.contacts.get(ref.uuid), type="GDPR")
    assert not DirectoryContact.objects.filter(uuid=ref.uuid).exists()
