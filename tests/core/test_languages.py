"""Dutch and English: the browser's language first, each staff member's own
choice over it (kept per user on the server), and every page in that language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leatadmin.staff.models import StaffPreference
from scripts.check_translations import parse
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_a_dutch_browser_gets_dutch_pages_and_an_english_one_english(agent):
    dutch = agent.get(reverse("contacts:lookup"), **DUTCH)
    html = dutch.content.decode()
    assert '<html lang="nl">' in html and "<h1>Klant zoeken</h1>" in html and ">Uitloggen<" in html
    assert dutch["Content-Language"] == "nl"
    english = agent.get(reverse("contacts:lookup"), **ENGLISH)
    html = english.content.decode()
    assert '<html lang="en">' in html and "<h1>Find a contact</h1>" in html and ">Log out<" in html
    assert english["Content-Language"] == "en"


def test_a_browser_asking_for_neither_gets_english(agent):
    html = agent.get(reverse("contacts:lookup"), HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8").content.decode()
    assert '<html lang="en">' in html and "Find a contact" in html


def test_the_log_in_page_follows_the_browser(client):
    assert "Log in met uw medewerkersaccount." in client.get(reverse("login"), **DUTCH).content.decode()
    assert "Log in with your staff account." in client.get(reverse("login"), **ENGLISH).content.decode()


def test_switching_language_is_kept_for_the_staff_member_and_wins_over_the_browser(agent, make_staff):
    page = reverse("visits:list")
    response = agent.post(reverse("language"), {"language": "en", "next": page}, **DUTCH)
    assert response.status_code == 302 and response["Location"] == page
    assert StaffPreference.objects.get(user=agent.user).language == "en"
    assert "<h1>Visits</h1>" in agent.get(page, **DUTCH).content.decode()
    # Stored on the server: another browser (a new session, no cookie) gets it too.
    elsewhere = Client()
    elsewhere.force_login(agent.user)
    assert "<h1>Visits</h1>" in elsewhere.get(page, **DUTCH).content.decode()
    # Only for this staff member: a colleague with a Dutch browser still gets Dutch.
    colleague = Client()
    colleague.force_login(make_staff("Customer service"))
    assert "<h1>Bezoeken</h1>" in colleague.get(page, **DUTCH).content.decode()
    # And back to Dutch, whatever the browser says.
    agent.post(reverse("language"), {"language": "nl", "next": page}, **ENGLISH)
    assert "<h1>Bezoeken</h1>" in agent.get(page, **ENGLISH).content.decode()
    assert "<h1>Bezoeken</h1>" in elsewhere.get(page, **ENGLISH).content.decode()  # at once, on the other device too


def test_a_new_session_reads_the_stored_choice(agent):
    from django.core.cache import cache

    StaffPreference.objects.create(user=agent.user, language="nl")
    cache.clear()  # as a process that never saw the choice
    fresh = Client()
    fresh.force_login(agent.user)
    assert "<h1>Klant zoeken</h1>" in fresh.get(reverse("contacts:lookup"), **ENGLISH).content.decode()


def test_the_switch_is_in_the_header_and_names_each_language_in_itself(agent):
    html = agent.get(reverse("contacts:lookup"), **DUTCH).content.decode()
    switch = html.split('<form class="language"')[1].split("</form>")[0]
    assert 'aria-current="true"' in switch and ">NL<" in switch
    assert 'name="language" value="en"' in switch and 'lang="en"' in switch and "English" in switch


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_the_switch_only_returns_within_leatadmin(agent, target):
    response = agent.post(reverse("language"), {"language": "nl", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_an_unknown_language_changes_nothing(agent):
    response = agent.post(reverse("language"), {"language": "de", "next": reverse("visits:list")})
    assert response.status_code == 302 and not StaffPreference.objects.exists()


def test_the_switch_needs_a_login_and_a_post(client, agent):
    assert client.post(reverse("language"), {"language": "nl"}).status_code == 302
    assert not StaffPreference.objects.exists()
    assert agent.get(reverse("language")).status_code == 405


def test_the_choice_is_remembered_in_the_browser_too_for_the_log_in_page(agent):
    response = agent.post(reverse("language"), {"language": "nl", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def test_script_texts_follow_the_page_language(agent):
    html = agent.get(reverse("contacts:lookup"), **DUTCH).content.decode()
    texts = html.split('id="script-texts"')[1].split("</div>")[0]
    assert 'data-retry="Opnieuw"' in texts and "Het laden duurde te lang." in texts


# --- Every page in Dutch ---------------------------------------------------------------


class _Text(HTMLParser):
    """The text a person reads: text nodes, and the attributes read out or shown."""

    SHOWN = {"title", "placeholder", "aria-label", "data-confirm", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        self.parts.extend(value for name, value in attrs if (name in self.SHOWN or name.startswith("data-")) and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _readable(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _english_phrases() -> list[str]:
    """Each message's longest literal stretch (placeholders and tags cut out), where Dutch differs."""
    catalog = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES" / "django.po"
    phrases = set()
    for entry in parse(catalog):
        for english, dutch in ((entry.msgid, entry.msgstr.get(0, "")), (entry.msgid_plural or "", entry.msgstr.get(1, ""))):
            if not english or english == dutch:
                continue
            pieces = re.split(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>|%%", english)
            longest = max((piece.strip(" .,:;“”()") for piece in pieces), key=len)
            # Short words (Status, Type, OK) read the same in both languages or appear in Leat's own data.
            if len(longest) >= 12 and " " in longest:
                phrases.add(longest)
    return sorted(phrases)


def _pages(client, anna, booking_uuid, visit_uuid, entry_pk):
    contact = anna.uuid
    full = [
        reverse("contacts:lookup"),
        reverse("contacts:detail", args=[contact]),
        reverse("contacts:create"),
        reverse("contacts:find_or_create"),
        reverse("contacts:create_anonymous"),
        reverse("contacts:edit", args=[contact]),
        reverse("contacts:delete", args=[contact]),
        reverse("visits:list"),
        reverse("visits:create"),
        reverse("visits:detail", args=[visit_uuid]),
        reverse("visits:edit", args=[visit_uuid]),
        reverse("bookings:list"),
        reverse("bookings:create"),
        reverse("bookings:correct_elsewhere"),
        reverse("bookings:detail", args=[booking_uuid]),
        reverse("bookings:correct", args=[booking_uuid]),
        reverse("shops:index"),
        reverse("audit:list"),
        reverse("audit:detail", args=[entry_pk]),
    ]
    panels = [
        reverse("contacts:profile", args=[contact]),
        reverse("contacts:transactions", args=[contact]),
        reverse("contacts:visits", args=[contact]),
        reverse("contacts:bookings", args=[contact]),
        reverse("cards:panel", args=[contact]),
        reverse("subscriptions:panel", args=[contact]),
        reverse("prepaid:panel", args=[contact]),
        reverse("loyalty:points", args=[contact]),
        reverse("loyalty:reward", args=[contact]),
        reverse("cards:link", args=[contact]),
        reverse("cards:replace", args=[contact]),
        reverse("prepaid:book", args=[contact]),
    ]
    return full, panels


@pytest.fixture
def everything(supervisor, leat, anna):
    """A booking, a visit and an audit entry to show, made through leatadmin."""
    from leatadmin.audit.models import AuditEntry
    from tests.core.test_staff_actions import form_data

    shop = leat.shops.list()[0]
    url = reverse("bookings:create")
    supervisor.post(url, form_data(supervisor, url, shop=shop.uuid, contact=anna.email, starts_at="2026-12-24T18:00", number_of_people="4", prepaid_amount="25,50"))
    url = reverse("visits:create")
    supervisor.post(url, form_data(supervisor, url, shop=shop.uuid, contact=anna.email, starts_at="2026-12-24T18:00"))
    booking = AuditEntry.objects.get(action="booking.create")
    visit = AuditEntry.objects.get(action="visit.create")
    supervisor.get(reverse("shops:index"))  # shows (and so ends) the "created" messages
    return booking.target_id, visit.target_id, booking.pk


def test_every_main_page_reads_in_dutch_for_a_dutch_browser(supervisor, leat, anna, everything):
    booking_uuid, visit_uuid, entry_pk = everything
    phrases = _english_phrases()
    assert len(phrases) > 200  # the check below means something
    # Leat's own words stay as Leat gives them (the account's attribute labels, such as "Credit balance").
    leats = sorted({text for d in leat.attributes.list() for text in (d.label, d.description, *(o.label for o in d.options)) if text}, key=len, reverse=True)
    full, panels = _pages(supervisor, anna, booking_uuid, visit_uuid, entry_pk)
    for url in full + panels:
        response = supervisor.get(url, **DUTCH, **(HTMX if url in panels else {}))
        assert response.status_code == 200, url
        text = _readable(response.content.decode())
        for words in leats:
            text = text.replace(words, "")
        left = [phrase for phrase in phrases if phrase in text]
        assert not left, f"{url} shows English in Dutch: {left}"


def test_every_main_page_reads_in_english_for_an_english_browser(supervisor, anna, everything):
    booking_uuid, visit_uuid, entry_pk = everything
    full, panels = _pages(supervisor, anna, booking_uuid, visit_uuid, entry_pk)
    dutch_only = ["Klant", "Opslaan", "Annuleren", "Vestiging", "Reservering", "Bezoek", "Terugdraaien", "Logboek"]
    for url in full + panels:
        response = supervisor.get(url, **ENGLISH, **(HTMX if url in panels else {}))
        assert response.status_code == 200, url
        text = _readable(response.content.decode())
        assert not [word for word in dutch_only if re.search(rf"\b{word}\b", text)], url


def test_reasons_leatadmin_wrote_itself_read_in_dutch_and_typed_ones_as_typed(supervisor):
    from django.utils import timezone

    from leatadmin.audit.models import AuditEntry

    own = AuditEntry.objects.create(
        username="sys", action="visit.create_settled", target_type="visit", target_id="v1", succeeded=True, outcome="succeeded", created_at=timezone.now(),
        reason="Leat's answer was lost; the visit was found in Leat by its external id.",
    )
    typed = AuditEntry.objects.create(
        username="sara", action="visit.update", target_type="visit", target_id="v2", succeeded=True, outcome="succeeded", created_at=timezone.now(),
        reason="Klant belde: tijd aangepast",
    )
    assert "het bezoek is in Leat gevonden aan de hand van zijn extern ID" in supervisor.get(reverse("audit:detail", args=[own.pk]), **DUTCH).content.decode()
    assert "the visit was found in Leat by its external id" in supervisor.get(reverse("audit:detail", args=[own.pk]), **ENGLISH).content.decode()
    assert "Klant belde: tijd aangepast" in supervisor.get(reverse("audit:detail", args=[typed.pk]), **ENGLISH).content.decode()
