"""Issue #28 (7): no English on a Dutch page when something goes wrong.

The catalog check (scripts/check_translations.py) only sees what xgettext
extracts: a sentence built outside gettext (Leat's own message passed
through, Django's English, `_()` inside an f-string, which the check now
refuses in the code too) never reaches the catalog, so the catalog looks
complete while the page is English. Here every error path
is rendered as staff meet it, through the views, once in Dutch and once in
English, with the same Leat failure each time:

* the form of every staff action, opened and sent while Leat is down (503),
  limiting requests (429), failing (500), unreachable, talking garbage, or
  losing the write's answer; sent with Leat refusing it (1003 field errors,
  business errors, not found); and sent empty (validation errors);
* the 404 and 403 pages, and a panel while Leat is down.

A Dutch page fails when it shows a sentence the English page shows too (it
was never translated), or an English message of the catalog. Leat's own
words (marked as such) and Leat's data (names, emails) are what may stay.
"""

from __future__ import annotations

import functools
import re
import secrets
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.leat_words import leat_says
from leatadmin.core.models import FormSubmission
from tests.conftest import HTMX, _client_for
from tests.core.test_languages import _english_phrases
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db

DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}

#: Each Leat failure the sandbox can inject, as set before a request.
FAULTS = {
    "maintenance (503)": {"maintenance": True},
    "rate limited (429)": {"rate_limited": True},
    "server error (500)": {"error_rate": 1.0},
    "unreachable (dropped)": {"drop_rate": 1.0},
    "garbage": {"garbage_next": 1000},
    "answer lost": {"drop_writes_next": 1},
}
UNUSED_CARDS = iter(f"CARD-{200051 + n}" for n in range(9))


# --- What a person reads ------------------------------------------------------------


class _Nodes(HTMLParser):
    """Each text a person reads, one per text node or shown attribute."""

    SHOWN = {"title", "placeholder", "aria-label", "data-confirm", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        self.texts.extend(value for name, value in attrs if (name in self.SHOWN or name.startswith("data-")) and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _leats_words_pattern(language: str) -> re.Pattern[str]:
    """Leat's own words as leatadmin marks them in `language`: shown as Leat wrote them."""
    with translation.override(language):
        before, after = leat_says("\x00").split("\x00")
    return re.compile(re.escape(before) + ".*?" + re.escape(after))


#: A word, not a piece of an identifier (a UUID, CARD-200051, supervisor-1a2b3c).
WORDS = re.compile(r"(?<![\w-])[A-Za-z]{2,}(?![\w-])")
EMAIL = re.compile(r"\S+@\S+")


def sentences(html: str, language: str) -> set[str]:
    """The sentences of a page that are words (two or more), Leat's own words cut out."""
    parser = _Nodes()
    parser.feed(html)
    own = _leats_words_pattern(language)
    found = set()
    for text in parser.texts:
        text = EMAIL.sub(" ", own.sub(" ", " ".join(text.split())))  # an email address is data, and not a sentence
        for sentence in re.split(r"(?<=[.!?:;])\s+", text):
            sentence = sentence.strip(" .,:;()“”")
            if len(WORDS.findall(sentence)) >= 2:
                found.add(sentence)
    return found


@dataclass
class World:
    """What the sandbox holds for these tests, and Leat's data that reads the same in both languages."""

    objects: dict[str, Any]
    data_words: set[str] = field(default_factory=set)


# --- The world the forms act on -----------------------------------------------------------


@pytest.fixture(scope="module")
def in_leat(sandbox):
    from leatadmin.leat import LeatClient

    leat = LeatClient(sandbox.url, sandbox.api_key)
    tag = secrets.token_hex(4)
    contact = leat.contacts.find_or_create(f"dutch.errors.{tag}@example.com")
    doomed = leat.contacts.find_or_create(f"dutch.doomed.{tag}@example.com")
    anonymous = leat.contacts.create_anonymous()
    shop = leat.shops.list()[0]
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid, external_id=f"dutch-{tag}-1", starts_at="2026-12-24T18:00:00+00:00")
    other_visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid, external_id=f"dutch-{tag}-2")
    booking = leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid, number_of_people=2, starts_at="2026-12-24T18:00:00+00:00")
    card = next(UNUSED_CARDS)
    leat.identifiers.link(card, contact_uuid=contact.uuid)
    prepaid = leat.prepaid.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, amount_in_cents=500)
    prepaid_reversal = leat.prepaid.reverse(prepaid.uuid)
    prepaid_again = leat.prepaid.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, amount_in_cents=700)
    reception = leat.credit_receptions.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, credits=10)
    leat.credit_receptions.reverse(reception.uuid)  # answers with the reversed reception; the reversal is a new one
    reversal = next(t for t in leat.transactions.list(contact_uuid=contact.uuid).items if t.credits == -10)
    kept = leat.credit_receptions.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, credits=20)
    kind = next(kind for kind in leat.subscription_types.list() if kind.uuid)
    rewards = leat.rewards.list(contact_uuid=contact.uuid)
    objects = {
        "tag": tag, "contact": contact, "doomed": doomed, "anonymous": anonymous, "shop": shop, "visit": visit, "other_visit": other_visit, "booking": booking,
        "card": card, "spare_card": next(UNUSED_CARDS), "prepaid": prepaid_again, "prepaid_reversal": prepaid_reversal, "reception": kept, "reversal": reversal,
        "kind": kind, "rewards": rewards,
    }
    data = {shop.name for shop in leat.shops.list()} | {reward.title for reward in rewards} | {kind.name for kind in leat.subscription_types.list() if kind.name}
    data |= {text for d in leat.attributes.list() for text in (d.label, d.description, d.group, *(o.label for o in d.options)) if text}
    data |= {card.name for card in leat.identifiers.for_contact(contact.uuid)}
    return World(objects, {words for words in data if words})


@pytest.fixture
def world(in_leat, db):
    """The module's Leat objects, plus the ledger's records of its booking (rolled back after each test)."""
    leat = in_leat.objects
    for uuid in (leat["booking"].uuid, "9a4c3f0e-0000-4000-8000-00000000d0e5"):  # the second: in the ledger, never in Leat
        BookingRecord.objects.create(uuid=uuid, contact_uuid=leat["contact"].uuid, contact_email=leat["contact"].email, shop_uuid=leat["shop"].uuid, number_of_people=2)
    return in_leat


# --- Every staff action ------------------------------------------------------------------


@dataclass
class Action:
    url: Callable[[dict], str]
    #: Fields that make a valid form (over what the opened form holds).
    fields: Callable[[dict], dict] = lambda o: {}
    #: Ways Leat refuses it: name -> (url, fields) builders.
    refusals: dict[str, tuple[Callable[[dict], str] | None, Callable[[dict], dict]]] = field(default_factory=dict)
    #: Sent as a plain POST (no form to open): the booking's status buttons.
    button: bool = False
    #: The form sent empty is valid (it would act), so there is no "sent empty" to check.
    empty_is_valid: bool = False


def _email(o: dict, what: str) -> str:
    return f"dutch.{what}.{o['tag']}.{secrets.token_hex(3)}@example.com"


def _start() -> str:
    return f"2027-01-{1 + secrets.randbelow(28):02d}T19:00"


REASON = {"reason": "Vertaalcontrole"}  # one word: typed text reads the same in both languages
ACTIONS: dict[str, Action] = {
    "create contact": Action(
        lambda o: reverse("contacts:create"), lambda o: {"email": _email(o, "new")},
        {"already exists": (None, lambda o: {"email": o["contact"].email})},
    ),
    "find or create": Action(lambda o: reverse("contacts:find_or_create"), lambda o: {"email": _email(o, "found")}),
    "anonymous contact": Action(
        lambda o: reverse("contacts:create_anonymous"), lambda o: {"contact_identifier_value": ""},
        {"no such card": (None, lambda o: {"contact_identifier_value": "CARD-NOPE-28"}), "card linked": (None, lambda o: {"contact_identifier_value": "CARD-300000"})},
        empty_is_valid=True,
    ),
    "claim contact": Action(
        lambda o: reverse("contacts:claim", args=[o["anonymous"].uuid]), lambda o: {"email": _email(o, "claimed")},
        {"not anonymous": (lambda o: reverse("contacts:claim", args=[o["contact"].uuid]), lambda o: {"email": _email(o, "claimed")})},
    ),
    "edit contact": Action(lambda o: reverse("contacts:edit", args=[o["contact"].uuid]), lambda o: {"firstname": "Vertaald"}),
    "delete contact": Action(lambda o: reverse("contacts:delete", args=[o["doomed"].uuid]), lambda o: {"type": "DEFAULT", "confirm_email": o["doomed"].email}),
    "link card": Action(
        lambda o: reverse("cards:link", args=[o["contact"].uuid]), lambda o: {"value": o["spare_card"], **REASON},
        {"no such card": (None, lambda o: {"value": "CARD-NOPE-28"}), "blocked card": (None, lambda o: {"value": "CARD-299999"}), "card of another": (None, lambda o: {"value": "CARD-300000"})},
    ),
    "replace card": Action(
        lambda o: reverse("cards:replace", args=[o["contact"].uuid]), lambda o: {"old": o["card"], "new": "", **REASON},
        {"no such new card": (None, lambda o: {"new": "CARD-NOPE-28"})},
    ),
    "subscribe": Action(
        lambda o: reverse("subscriptions:change", args=[o["contact"].uuid, o["kind"].uuid, "subscribe"]), lambda o: REASON,
        {"no such type": (lambda o: reverse("subscriptions:change", args=[o["contact"].uuid, str(uuidlib.uuid4()), "subscribe"]), lambda o: REASON)},
    ),
    "unsubscribe": Action(lambda o: reverse("subscriptions:change", args=[o["contact"].uuid, o["kind"].uuid, "unsubscribe"]), lambda o: REASON),
    "top up prepaid": Action(lambda o: reverse("prepaid:book", args=[o["contact"].uuid]), lambda o: {"amount": "5", "shop": o["shop"].uuid, **REASON}),
    "reverse prepaid": Action(
        lambda o: reverse("prepaid:reverse", args=[o["contact"].uuid, o["prepaid"].uuid]), lambda o: REASON,
        {"a reversal": (lambda o: reverse("prepaid:reverse", args=[o["contact"].uuid, o["prepaid_reversal"].uuid]), lambda o: REASON)},
    ),
    "give points": Action(
        lambda o: reverse("loyalty:points", args=[o["contact"].uuid]), lambda o: {"how": "credits", "credits": "5", "shop": o["shop"].uuid, **REASON},
        {"too many": (None, lambda o: {"credits": "99999999"})},
    ),
    "give a reward": Action(lambda o: reverse("loyalty:reward", args=[o["contact"].uuid]), lambda o: {"reward": o["rewards"][0].uuid if o["rewards"] else "", "shop": o["shop"].uuid, **REASON}),
    "undo a reception": Action(
        lambda o: reverse("loyalty:reverse", args=[o["contact"].uuid, o["reception"].uuid, "credits"]), lambda o: {"confirm": "on", **REASON},
        {
            "a reversal": (lambda o: reverse("loyalty:reverse", args=[o["contact"].uuid, o["reversal"].uuid, "credits"]), lambda o: {"confirm": "on", **REASON}),
            "no such reception": (lambda o: reverse("loyalty:reverse", args=[o["contact"].uuid, str(uuidlib.uuid4()), "credits"]), lambda o: {"confirm": "on", **REASON}),
        },
    ),
    "create visit": Action(
        lambda o: reverse("visits:create"), lambda o: {"shop": o["shop"].uuid, "contact": o["contact"].email, "starts_at": _start()},
        {"external id taken": (None, lambda o: {"external_id": o["visit"].external_id}), "no such contact": (None, lambda o: {"contact": _email(o, "nobody")})},
    ),
    "edit visit": Action(
        lambda o: reverse("visits:edit", args=[o["other_visit"].uuid]), lambda o: {"source": "Phone"},
        {"external id taken": (None, lambda o: {"external_id": o["visit"].external_id})},
    ),
    "create booking": Action(
        lambda o: reverse("bookings:create"), lambda o: {"shop": o["shop"].uuid, "contact": o["contact"].email, "starts_at": _start(), "number_of_people": "2"},
        {"no such contact": (None, lambda o: {"contact": _email(o, "nobody")})},
    ),
    "correct booking": Action(
        lambda o: reverse("bookings:correct", args=[o["booking"].uuid]), lambda o: {"number_of_people": "3", **REASON},
        {"not in Leat": (lambda o: reverse("bookings:correct", args=["9a4c3f0e-0000-4000-8000-00000000d0e5"]), lambda o: {"number_of_people": "3", **REASON})},
    ),
    "correct elsewhere": Action(
        lambda o: reverse("bookings:correct_elsewhere"), lambda o: {"uuid": o["booking"].uuid, "number_of_people": "3", **REASON},
        {"no such booking": (None, lambda o: {"uuid": str(uuidlib.uuid4())})},
    ),
    "check in": Action(lambda o: reverse("bookings:action", args=[o["booking"].uuid, "check-in"]), button=True),
    "complete": Action(lambda o: reverse("bookings:action", args=[o["booking"].uuid, "complete"]), button=True),
    "cancel": Action(lambda o: reverse("bookings:action", args=[o["booking"].uuid, "cancel"]), button=True),
}


@functools.cache
def _phrases() -> tuple[str, ...]:
    return tuple(_english_phrases())


def _token() -> str:
    return secrets.token_urlsafe(24)


class Pages:
    """One request in each language, under the same faults, compared. What
    is wrong is gathered (`problems`), so one run names every English text."""

    def __init__(self, client, sandbox, world: World) -> None:
        self.client, self.sandbox, self.world = client, sandbox, world
        client.raise_request_exception = False  # a 500 is one more problem to name, not the end of the run
        self.phrases = _phrases()
        self.problems: list[str] = []

    def check(self, what: str, method: str, url: str, data: dict | None = None, faults: dict | None = None, headers: dict | None = None, verbatim: str = "") -> dict[str, str]:
        pages = {}
        for language, accept in (("en", ENGLISH), ("nl", DUTCH)):
            FormSubmission.objects.all().delete()  # each request on its own: no "already sent" or "sent before" from the last one
            self.sandbox.reset()
            if faults:
                self.sandbox.faults.update(faults)
            call = getattr(self.client, method)
            response = call(url, {**data, "token": _token()}, **accept, **(headers or {})) if data is not None else call(url, **accept, **(headers or {}))
            if response.status_code >= 500 and response.status_code not in (502, 503, 504):
                self.problems.append(f"{what} ({language}): HTTP {response.status_code}")
            html = response.content.decode()
            pages[language] = html.replace(escape(verbatim), "") if verbatim else html
        self.sandbox.reset()
        dutch = sentences(pages["nl"], "nl")
        same = {s for s in dutch & sentences(pages["en"], "en") if not any(s in data or data in s for data in self.world.data_words)}
        text = " ".join(dutch)
        english = sorted(same | {phrase for phrase in self.phrases if phrase in text})
        if english:
            self.problems.append(f"{what}: {english}")
        return pages

    def assert_dutch(self) -> None:
        assert not self.problems, "English on a Dutch page (or a 500):\n" + "\n".join(self.problems)


@pytest.mark.parametrize("name", ACTIONS)
def test_every_staff_action_reads_dutch_whatever_leat_does(make_staff, sandbox, settings, world, name):
    settings.LEAT_RETRIES = 0  # the failures are the subject; waiting out retries is not
    action = ACTIONS[name]
    o = world.objects
    client = _client_for(make_staff, "Supervisor")
    pages = Pages(client, sandbox, world)
    url = action.url(o)
    if action.button:
        base: dict = {}
    else:
        base = form_data(client, url, **action.fields(o))
        pages.check(f"{name}, opened while Leat is down", "get", url, faults=FAULTS["maintenance (503)"])
        if not action.empty_is_valid:
            pages.check(f"{name}, sent empty", "post", url, {})
    for fault, faults in FAULTS.items():
        pages.check(f"{name}, {fault}", "post", url, base, faults=faults)
    for refusal, (other_url, fields) in action.refusals.items():
        pages.check(f"{name}, {refusal}", "post", other_url(o) if other_url else url, {**base, **fields(o)})
    # What the audit log says of it: the first entry of each outcome the failures left.
    entries = {entry.outcome: entry for entry in AuditEntry.objects.order_by("-pk")}
    for entry in entries.values():
        # Leat's answer as the audit log recorded it (status, code, message) is evidence, kept as Leat gave it.
        verbatim = f"HTTP {entry.error_status}, code {entry.error_code}: {entry.error_message}" if entry.error_code else f"HTTP {entry.error_status}: {entry.error_message}" if entry.error_status else f": {entry.error_message}"
        pages.check(f"{name}, audit entry {entry.action} ({entry.outcome})", "get", reverse("audit:detail", args=[entry.pk]), verbatim=verbatim if entry.error_message else "")
    pages.assert_dutch()


# --- Pages: not found, not allowed, Leat down -------------------------------------------------

NOWHERE = "9a4c3f0e-0000-4000-8000-0000000000ff"
PAGES = {
    "an address that does not exist": ("get", lambda o: "/no-such-page/", None, {}),
    "a visit Leat does not have": ("get", lambda o: reverse("visits:detail", args=[NOWHERE]), None, {}),
    "editing a visit Leat does not have": ("get", lambda o: reverse("visits:edit", args=[NOWHERE]), None, {}),
    "a contact Leat does not have": ("get", lambda o: reverse("contacts:detail", args=[NOWHERE]), None, {}),
    "a booking the ledger does not have": ("get", lambda o: reverse("bookings:detail", args=[NOWHERE]), None, {}),
    "a booking action that does not exist": ("post", lambda o: reverse("bookings:action", args=[o["booking"].uuid, "teleport"]), None, {}),
    "the contact page while Leat is down": ("get", lambda o: reverse("contacts:detail", args=[o["contact"].uuid]), FAULTS["maintenance (503)"], {}),
    "a contact panel while Leat is down": ("get", lambda o: reverse("contacts:profile", args=[o["contact"].uuid]), FAULTS["maintenance (503)"], HTMX),
    "a visit while Leat talks garbage": ("get", lambda o: reverse("visits:detail", args=[o["visit"].uuid]), FAULTS["garbage"], {}),
    "the bookings panel while Leat is unreachable": ("get", lambda o: reverse("contacts:bookings", args=[o["contact"].uuid]), FAULTS["unreachable (dropped)"], HTMX),
}


@pytest.mark.parametrize("name", PAGES)
def test_error_pages_read_dutch(make_staff, sandbox, settings, world, name):
    settings.LEAT_RETRIES = 0
    method, url, faults, headers = PAGES[name]
    pages = Pages(_client_for(make_staff, "Supervisor"), sandbox, world)
    pages.check(name, method, url(world.objects), {} if method == "post" else None, faults=faults, headers=headers)
    pages.assert_dutch()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "panel"])
def test_not_allowed_reads_dutch(make_staff, sandbox, world, headers):
    pages = Pages(_client_for(make_staff, "Customer service"), sandbox, world)
    html = pages.check("not allowed", "get", reverse("audit:list"), headers=headers)["nl"]
    pages.assert_dutch()
    assert "niet" in html.lower()


# --- Each English text the trial found, now Dutch ------------------------------------------------


def _post_dutch(client, url: str, data: dict):
    return client.post(url, {**data, "token": _token()}, **DUTCH)


def test_leat_down_while_a_form_is_sent_says_the_input_is_kept_in_dutch(manager, sandbox, settings, world):
    o = world.objects
    url = reverse("visits:create")
    data = form_data(manager, url, shop=o["shop"].uuid, contact=o["contact"].email, starts_at=_start())
    settings.LEAT_RETRIES = 0
    sandbox.faults.update({"maintenance": True})
    html = _post_dutch(manager, url, data).content.decode()
    assert "Leat is in onderhoud." in html and "Wat u heeft ingevuld, staat hieronder nog." in html
    assert "Your input is kept below." not in html


def test_a_visit_leat_does_not_have_is_a_dutch_404(manager, world):
    response = manager.get(reverse("visits:detail", args=[NOWHERE]), **DUTCH)
    html = response.content.decode()
    assert response.status_code == 404 and "Leat heeft geen bezoek met dit ID." in html
    assert "no visit with this identifier" not in html


def test_a_404_shows_a_views_own_words_and_never_djangos_english(supervisor, world):
    nowhere = supervisor.get("/no-such-page/", **DUTCH)
    assert nowhere.status_code == 404 and "Op dit adres staat niets." in nowhere.content.decode() and "Resolver404" not in nowhere.content.decode()
    ledger = supervisor.get(reverse("bookings:detail", args=[NOWHERE]), **DUTCH)
    assert ledger.status_code == 404 and "Op dit adres staat niets." in ledger.content.decode() and "matches the given query" not in ledger.content.decode()
    action = supervisor.post(reverse("bookings:action", args=[world.objects["booking"].uuid, "teleport"]), **DUTCH)
    with translation.override("nl"):
        said = translation.gettext("No such booking action.")
    assert action.status_code == 404 and said in action.content.decode() and said != "No such booking action."


def test_a_booking_leat_does_not_have_is_said_in_dutch_at_its_field(manager, world):
    url = reverse("bookings:correct_elsewhere")
    data = form_data(manager, url, uuid=str(uuidlib.uuid4()), number_of_people="3", reason="Vertaalcontrole")
    html = _post_dutch(manager, url, data).content.decode()
    assert 'id="id_uuid_error"' in html and "Leat heeft geen reservering met dit ID." in html.split('id="id_uuid_error"')[1][:300]
    assert "The selected booking is invalid." not in html


def test_a_taken_external_id_is_said_in_dutch_at_its_field(manager, world):
    o = world.objects
    url = reverse("visits:create")
    data = form_data(manager, url, shop=o["shop"].uuid, contact=o["contact"].email, starts_at=_start(), external_id=o["visit"].external_id)
    html = _post_dutch(manager, url, data).content.decode()
    assert 'id="id_external_id_error"' in html and "Al in gebruik in Leat. Kies een andere waarde." in html.split('id="id_external_id_error"')[1][:300]
    assert "has already been taken" not in html


def test_undoing_a_reversal_is_refused_in_dutch(supervisor, world):
    o = world.objects
    url = reverse("loyalty:reverse", args=[o["contact"].uuid, o["reversal"].uuid, "credits"])
    html = _post_dutch(supervisor, url, form_data(supervisor, url, reason="Vertaalcontrole", confirm="on")).content.decode()
    assert "Dit is zelf een terugboeking en kan dus niet worden teruggedraaid." in html
    assert "is itself a reversal" not in html and "Invalid input." not in html


def test_the_audit_log_names_a_cards_active_flag_in_dutch(supervisor, sandbox, world):
    o = world.objects
    url = reverse("cards:replace", args=[o["contact"].uuid])
    data = form_data(supervisor, url, old=o["card"], new="", reason="Vertaalcontrole")
    sandbox.faults.update({"drop_writes_next": 1})  # the block is sent, its answer lost: recorded with what was sent
    supervisor.post(url, {**data, "token": _token()})
    entry = AuditEntry.objects.get(action="card.block")
    html = supervisor.get(reverse("audit:detail", args=[entry.pk]), **DUTCH).content.decode()
    assert "Klantenkaart actief" in html and "Contact identifier active" not in html
