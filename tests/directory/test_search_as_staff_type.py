"""#28.8: the search box finds what staff type, and pages on past twenty results."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leatadmin.directory.selectors import CARD, MAX_PAGES, PARTIAL, RESULTS, directory_search

pytestmark = pytest.mark.django_db

LOOKUP = reverse("contacts:lookup")


def result_uuids(html: str) -> list[str]:
    return re.findall(r'<a href="/contacts/([^/"]+)/" data-result>', html)


def page_forms(html: str) -> dict[str, str]:
    """The Previous / Next forms under the results, by their button's id."""
    nav = html.split('id="search-pages"', 1)[1].split("</nav>", 1)[0]
    return {re.search(r'id="(\w+-results)"', form).group(1): form for form in re.findall(r"<form .*?</form>", nav)}


# --- What staff type ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["+31 (0)6 1332 0452", "+31(0)613320452", "0031 (0)6 13320452", "0031613320452", "06-13320452"])
def test_a_mobile_number_written_the_dutch_way_finds_the_contact(agent, directory, anna, typed):
    """The "(0)" after +31 is the trunk prefix, dropped when dialling; 00 is +."""
    assert anna.current_values["phonenumber"] == "+31 6 13320452"  # what staff read out, written each way
    response = agent.post(LOOKUP, {"q": typed})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[anna.uuid])


@pytest.mark.parametrize("typed", ['"de vries"', "“de vries”", "„de vries”", "'de vries'", "‘de vries’", '"de vries'])
def test_quotes_around_a_search_are_ignored(agent, directory, typed):
    html = agent.post(LOOKUP, {"q": typed}).content.decode()
    assert 'id="search-results"' in html and "anna.devries@example.com" in html and "No contact found" not in html
    assert "for “de vries”</h2>" in html  # what was searched, without the quotes


def test_a_quoted_email_goes_to_the_contact(agent, anna):
    response = agent.post(LOOKUP, {"q": f"“{anna.email}”"})
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_only_quotes_asks_for_more_at_the_field(agent, sandbox):
    html = agent.post(LOOKUP, {"q": '"x"'}).content.decode()
    assert 'class="field-error"' in html and "Type at least two characters" in html
    assert sandbox.stats()["total"] == 0


@pytest.mark.parametrize("case", [str.upper, str.title])
def test_a_uuid_in_upper_case_finds_the_contact(agent, anna, case):
    """UUIDs are case-insensitive; Leat writes (and finds) them in lower case."""
    response = agent.post(LOOKUP, {"q": case(anna.uuid)})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[anna.uuid])


# --- More than a page ---------------------------------------------------------------

#: In every generated contact's email: far more than a page.
MANY = "example.com"


def test_more_results_than_a_page_page_on_posted_like_the_search(agent, sandbox, directory):
    everyone = [row.uuid for row in directory_search(query=MANY, limit=1000)]
    assert len(everyone) > 3 * RESULTS
    sandbox.reset_stats()

    first = agent.post(LOOKUP, {"q": MANY})
    html = first.content.decode()
    assert result_uuids(html) == everyone[:RESULTS]
    assert f"Contacts 1–{RESULTS} for “{MANY}”" in html
    assert 'id="narrow-down"' in html and "a first name, a city, a postcode or the email's domain" in html
    forms = page_forms(html)
    assert set(forms) == {"next-results"}  # no previous page on the first
    # Paging is a POST to the lookup's own URL: the query is in the body, never in a URL.
    assert f'action="{LOOKUP}"' in forms["next-results"] and 'method="post"' in forms["next-results"]
    assert f'name="q" value="{MANY}"' in forms["next-results"] and 'name="page" value="2"' in forms["next-results"]
    assert "csrfmiddlewaretoken" in forms["next-results"]

    second = agent.post(LOOKUP, {"q": MANY, "page": "2"})
    html = second.content.decode()
    assert second.request["QUERY_STRING"] == "" and result_uuids(html) == everyone[RESULTS : 2 * RESULTS]
    assert f"Contacts {RESULTS + 1}–{2 * RESULTS} for “{MANY}”" in html
    forms = page_forms(html)
    assert 'name="page" value="1"' in forms["previous-results"] and 'name="page" value="3"' in forms["next-results"]
    assert sandbox.stats()["total"] == 0  # the directory answers: no Leat list is read to show a page


def test_the_last_page_says_so_and_offers_no_next(agent, directory):
    everyone = [row.uuid for row in directory_search(query="amsterdam", limit=1000)]
    assert RESULTS < len(everyone) <= 2 * RESULTS  # the seeded contacts in Amsterdam: two pages
    html = agent.post(LOOKUP, {"q": "amsterdam", "page": "2"}).content.decode()
    assert result_uuids(html) == everyone[RESULTS:]
    assert "These are the last contacts that match." in html and set(page_forms(html)) == {"previous-results"}


def test_pages_stop_at_the_limit_and_ask_to_narrow_down(agent, directory):
    assert len(directory_search(query=MANY, limit=1000)) > MAX_PAGES * RESULTS
    html = agent.post(LOOKUP, {"q": MANY, "page": str(MAX_PAGES + 5)}).content.decode()
    assert f"Contacts {(MAX_PAGES - 1) * RESULTS + 1}–{MAX_PAGES * RESULTS} for" in html
    assert "next-results" not in html and f"Only the first {MAX_PAGES * RESULTS} are shown: narrow the search down." in html


@pytest.mark.parametrize("page", ["abc", "-3", "0", "", "9" * 5000, "2.5"])
def test_a_page_that_is_not_a_page_is_the_first(agent, directory, page):
    response = agent.post(LOOKUP, {"q": MANY, "page": page})
    assert response.status_code == 200 and f"Contacts 1–{RESULTS} for" in response.content.decode()


def test_a_page_past_the_results_shows_the_first(agent, directory):
    html = agent.post(LOOKUP, {"q": "de vries", "page": "4"}).content.decode()
    assert "anna.devries@example.com" in html and 'id="search-pages"' not in html and "contacts for “de vries”" in html


def test_numbers_stored_with_a_trunk_prefix_are_keyed_again_by_the_migration(db):
    """Rows written before the fix hold `+31 (0)6 …` under the key `0612345678`: found only as a partial
    match, never the single exact hit that opens the contact. The migration re-keys them."""
    import importlib

    from django.apps import apps

    from leatadmin.directory.models import DirectoryContact
    from leatadmin.directory.services import directory_store
    from leatadmin.leat.models import Contact

    values = {"firstname": "Piet", "lastname": "Trunk", "phonenumber": "+31 (0)6 1234 5678", "updated_at": "2026-01-01T10:00:00+00:00"}
    directory_store([Contact(uuid="u-trunk", email="piet.trunk@example.com", current_values=values)])
    DirectoryContact.objects.filter(uuid="u-trunk").update(phone_key="0612345678", search="piet.trunk@example.com piet trunk 0612345678")  # as the old code wrote it
    assert [(row.uuid, row.rank) for row in directory_search(query="06 1234 5678")] == [("u-trunk", PARTIAL)]
    importlib.import_module("leatadmin.directory.migrations.0003_phone_trunk_prefix").rekey(apps, None)
    row = DirectoryContact.objects.get(uuid="u-trunk")
    assert row.phone_key == "612345678" and row.search == "piet.trunk@example.com piet trunk 612345678"
    assert [(row.uuid, row.rank) for row in directory_search(query="06 1234 5678")] == [("u-trunk", CARD)]  # a whole phone number
