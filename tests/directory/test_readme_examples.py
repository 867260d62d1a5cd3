"""#28.13: every search example README gives finds, in the demo data, the
contact README promises (seeded by leatadmin/sandbox/seed.py and
seed_examples.py), through the lookup as staff use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
ANNA = "anna.devries@example.com"  # the demo's main contact, in Eindhoven
ANNA_OF_HAARLEM = "anna.de.vries@example.nl"

#: What each example README gives finds. `{uuid}` is anna's UUID.
EXAMPLES = {
    "anna.devries@example.com": ANNA,
    "  ANNA.deVries@Example.com  ": ANNA,  # "spaces and letter case don't matter"
    "{uuid}": ANNA,
    "CARD-300000": ANNA,
    "de vries": ANNA,
    "jose": "jose.garcia@example.nl",  # "`jose` finds José"
    "Anna de Vries, Haarlem": ANNA_OF_HAARLEM,
    "06-1234 5678": ANNA_OF_HAARLEM,
    "+31 6 12345678": ANNA_OF_HAARLEM,
    "0031612345678": ANNA_OF_HAARLEM,
    "2011 AB": ANNA_OF_HAARLEM,  # README: "a postcode"
    "anna.devries@exa": ANNA,
    # Proposed for README with #28 (the lead merges docs): the same number the Dutch way, quotes.
    "+31 (0)6 1234 5678": ANNA_OF_HAARLEM,
    '"de vries"': ANNA,
    "“de vries”": ANNA,
}
#: Code in that part of README that is not something to find a contact by: an API route, the
#: pieces of a phone number explained, and the blocked card (its own test, below).
NOT_SEARCHES = {"contact-identifiers/find", "00", "+", "(0)", "CARD-300901"}


def readme_examples() -> set[str]:
    """The code spans in README's list of what the search box takes."""
    text = README.read_text()
    part = text.split("type whatever the customer gives", 1)[1].split("An empty or one-letter search", 1)[0]
    return set(re.findall(r"`([^`]+)`", part)) - NOT_SEARCHES


def test_every_example_in_readme_is_tested_here():
    examples = readme_examples()
    assert {"jose", "de vries", "Anna de Vries, Haarlem", "06-1234 5678"} <= examples  # the part was found
    assert examples <= set(EXAMPLES), f"README gives a search example this test does not know: {examples - set(EXAMPLES)}"


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_the_readme_example_finds_the_contact_readme_promises(agent, directory, leat, anna, example):
    promised = leat.contacts.find_by_email(EXAMPLES[example])
    response = agent.post(reverse("contacts:lookup"), {"q": example.format(uuid=anna.uuid)})
    page = reverse("contacts:detail", args=[promised.uuid])
    if response.status_code == 302:  # a single exact hit opens the contact
        assert response["Location"] == page
    else:
        html = response.content.decode()
        assert response.status_code == 200 and 'id="search-results"' in html, html[:300]
        assert f'<a href="{page}" data-result>{promised.email}</a>' in html


def test_a_blocked_card_in_the_demo_says_whose_it_was(agent, directory, leat):
    daan = leat.contacts.find_by_email("daan.visser@example.nl")
    html = agent.post(reverse("contacts:lookup"), {"q": "CARD-300901"}).content.decode()
    assert f'<a href="{reverse("contacts:detail", args=[daan.uuid])}">Daan Visser (daan.visser@example.nl)</a>' in html
