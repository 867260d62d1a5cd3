"""#28.6: no customer's email, name, phone number or card number in any URL.

A URL ends up in proxy logs, browser history and Referer headers. Every list
page is filtered by one person the way staff do it (the filter form posted,
as a full page and as htmx), and every URL the answers link to or redirect
to is read: hrefs, form actions, htmx attributes, Location and htmx's
headers. The list's own links (pages, sorting, the export) are then followed
and must keep the filter.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.directory.services import directory_store
from leatadmin.leat.models import Contact
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete", "hx-push-url", "hx-replace-url"})
URL_HEADERS = ("Location", "HX-Location", "HX-Push-Url", "HX-Replace-Url", "HX-Redirect")


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (attribute, URL), entities already decoded

    def handle_starttag(self, tag, attrs):
        self.urls += [(name, value) for name, value in attrs if name in URL_ATTRIBUTES and value and value not in ("true", "false")]


def asked(response) -> str:
    return f"{response.request['PATH_INFO']}?{response.request.get('QUERY_STRING', '')}"


def urls_of(response, *, reached_by: bool = True) -> list[str]:
    """Every URL the answer links to or redirects to, and (`reached_by`) the URLs it was reached by."""
    urls = [response.headers[name] for name in URL_HEADERS if name in response.headers]
    if reached_by:
        urls += [url for url, _status in getattr(response, "redirect_chain", [])] + [asked(response)]
    if response.get("Content-Type", "").startswith("text/html"):
        reader = _Urls()
        reader.feed(response.content.decode())
        urls += [url for _name, url in reader.urls]
    return urls


@pytest.fixture
def person(leat, sandbox, unique_email):
    """A contact with a name, a phone number and a card of their own, in Leat and in the directory."""
    uuid = leat.contacts.create(unique_email).uuid
    phone = f"+31 6 {secrets.randbelow(90_000_000) + 10_000_000}"
    card = f"PAS{secrets.randbelow(90_000_000) + 10_000_000}"
    leat.contacts.update(uuid, attributes={"firstname": "Wilhelmina", "lastname": "Zeldenrust", "phonenumber": phone})
    with sandbox.store.write() as conn:
        conn.execute("INSERT INTO contact_identifiers (value, contact_id) VALUES (?, NULL)", (card,))
    leat.identifiers.link(card, contact_uuid=uuid)
    directory_store([leat.contacts.get(uuid)])
    # A namesake, so a search by name lists people rather than going straight to one.
    directory_store([Contact(uuid=f"namesake-{secrets.token_hex(4)}", email=f"namesake.{secrets.token_hex(4)}@example.com", current_values={"firstname": "Wilhelmina", "lastname": "Zeldenrust"})])
    return SimpleNamespace(uuid=uuid, email=unique_email, first="Wilhelmina", last="Zeldenrust", phone=phone, card=card)


def private_in(url: str, person) -> list[str]:
    """What of the person `url` holds, in any notation (URL-encoded, any case, the phone's digits)."""
    text = unquote_plus(url).lower()
    values = (person.email, person.email.split("@")[0], person.first, person.last, person.card)
    found = [value for value in values if value.lower() in text]
    if re.sub(r"\D", "", person.phone)[-8:] in re.sub(r"\D", "", text):
        found.append(person.phone)
    return found


def assert_names_nobody(response, person, where: str, *, reached_by: bool = True) -> None:
    leaks = {url: private_in(url, person) for url in urls_of(response, reached_by=reached_by)}
    assert not {url: what for url, what in leaks.items() if what}, where


def rows(html: str) -> list[str]:
    return html.split("<tbody", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:] if "<tbody" in html else []


def walk(client, first, person, *, list_path: str, about, pages: int = 12) -> set[str]:
    """From `first` (the filtered list), every URL checked; the links that stay
    on the list with the filter (pages, sorting) followed, as a full page and
    with htmx, each answer checked the same way and still filtered (`about(row)`)."""
    seen: set[str] = set()
    queue = [first]
    while queue:
        response = queue.pop(0)
        assert response.status_code == 200, asked(response)
        assert_names_nobody(response, person, asked(response))
        html = response.content.decode()
        assert "Fix the filter" not in html and rows(html) and all(about(row) for row in rows(html)), html[:3000]
        base = response.request["PATH_INFO"]
        reader = _Urls()
        reader.feed(html)
        for name, url in reader.urls:
            target = urljoin(base, url)
            if name not in ("href", "hx-get") or urlsplit(target).path != list_path or "ref=" not in target or target in seen or len(seen) >= pages:
                continue
            seen.add(target)
            queue.append(client.get(target, **(HTMX if name == "hx-get" else {})))
    return seen


def filtered(client, path: str, data: dict, *, htmx: bool):
    """The list filtered as staff do it: the form posted (htmx's request follows the redirect too)."""
    response = client.post(path, data, follow=True, **(HTMX if htmx else {}))
    assert response.redirect_chain and response.redirect_chain[-1][1] == 303, response.content.decode()[:2000]
    return response


@pytest.fixture
def shop(leat):
    return leat.shops.list()[0]


@pytest.mark.parametrize("htmx", [False, True])
def test_the_visit_list_filtered_by_a_person(supervisor, leat, person, shop, htmx):
    for day in range(1, 31):
        leat.visits.create(shop_uuid=shop.uuid, contact_uuid=person.uuid, starts_at=timezone.now() - timezone.timedelta(days=day), source="Desk")
    first = filtered(supervisor, reverse("visits:list"), {"contact": person.email, "shop": "", "date_from": "", "date_to": ""}, htmx=htmx)
    assert "1–25 of 30" in first.content.decode()
    followed = walk(supervisor, first, person, list_path=reverse("visits:list"), about=lambda row: person.email in row)
    assert any("page=2" in url for url in followed)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_booking_list_filtered_by_a_person(supervisor, person, htmx):
    for n in range(30):
        BookingRecord.objects.create(
            uuid=f"priv-{n}-{person.uuid[:8]}", contact_uuid=person.uuid, contact_email=person.email, shop_uuid="s-1", shop_name="Arcade",
            starts_at=timezone.now(), number_of_people=2, external_id=f"PRIV-{n}",
        )
    BookingRecord.objects.create(uuid=f"other-{person.uuid[:8]}", contact_uuid="someone-else", contact_email="someone.else@example.com", starts_at=timezone.now(), number_of_people=1)
    first = filtered(supervisor, reverse("bookings:list"), {"q": person.email, "shop": "", "status": "", "date_from": "", "date_to": ""}, htmx=htmx)
    assert "1–25 of 30" in first.content.decode()
    followed = walk(supervisor, first, person, list_path=reverse("bookings:list"), about=lambda row: person.email in row)
    assert any("page=2" in url for url in followed) and any("sort=" in url for url in followed)


def _audit_entries(person, count: int) -> None:
    for n in range(count):
        AuditEntry.objects.create(username="someone", action="contact.update", target_type="contact", target_id=person.uuid, target_label=person.email, contact_uuid=person.uuid, sent={"n": n}, succeeded=True, outcome="succeeded")
    AuditEntry.objects.create(username="someone", action="contact.update", target_type="contact", target_id="other", target_label="someone.else@example.com", succeeded=True, outcome="succeeded")


@pytest.mark.parametrize("htmx", [False, True])
def test_the_audit_log_and_its_export_filtered_by_a_person(supervisor, person, htmx):
    _audit_entries(person, 55)
    first = filtered(supervisor, reverse("audit:list"), {"target": person.email, "outcome": "success"}, htmx=htmx)
    html = first.content.decode()
    assert "1–50 of 55" in html
    followed = walk(supervisor, first, person, list_path=reverse("audit:list"), about=lambda row: person.email in row)
    assert any("page=2" in url for url in followed)
    # The export link: the same filter, by reference; the same rows.
    export = urljoin(reverse("audit:list"), re.search(r'id="export" href="([^"]+)"', html).group(1).replace("&amp;", "&"))
    assert urlsplit(export).path == reverse("audit:export") and "ref=" in export and "outcome=success" in export
    assert not private_in(export, person)
    response = supervisor.get(export)
    assert response.status_code == 200 and response.streaming
    exported = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(exported) == 55 and {row["target"] for row in exported} == {person.email}


@pytest.mark.parametrize("asked", ["email", "name", "phone", "card", "unknown email"])
def test_the_contact_lookup_and_directory_by_anything_a_customer_gives(supervisor, person, asked):
    query = {"email": person.email, "name": f"{person.first} {person.last}", "phone": person.phone, "card": person.card, "unknown email": f"nobody.{person.email}"}[asked]
    for headers in ({}, HTMX):
        response = supervisor.post(reverse("contacts:lookup"), {"q": query}, **headers)
        assert_names_nobody(response, person, f"lookup by {asked}")
        if response.status_code == 302:
            assert response["Location"] == reverse("contacts:detail", args=[person.uuid])
            assert_names_nobody(supervisor.get(response["Location"]), person, "the contact page")
        elif asked == "name":
            assert reverse("contacts:detail", args=[person.uuid]) in response.content.decode()


def test_the_contact_page_and_its_panels(supervisor, person, shop, leat):
    leat.visits.create(shop_uuid=shop.uuid, contact_uuid=person.uuid, source="Desk")
    page = supervisor.get(reverse("contacts:detail", args=[person.uuid]))
    assert person.card in page.content.decode()
    assert_names_nobody(page, person, "the contact page")
    for panel in ("contacts:profile", "contacts:transactions", "contacts:visits", "contacts:bookings", "cards:panel", "subscriptions:panel", "prepaid:panel"):
        assert_names_nobody(supervisor.get(reverse(panel, args=[person.uuid]), **HTMX), person, panel)


def test_a_card_is_picked_for_replacement_without_its_number_in_the_link(supervisor, person):
    panel = supervisor.get(reverse("cards:panel", args=[person.uuid]), **HTMX).content.decode()
    link = re.search(r'<a class="small" href="([^"]+)"', panel).group(1).replace("&amp;", "&")
    assert person.card not in link
    opened = supervisor.get(link, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="contact-action").content.decode()
    assert f'<option value="{person.card}" selected>' in opened


def test_the_other_pages_in_the_menu(supervisor, person):
    for name in ("home", "shops:index", "contacts:lookup", "visits:list", "bookings:list", "audit:list"):
        assert_names_nobody(supervisor.get(reverse(name)), person, name)


@pytest.mark.parametrize(("name", "field"), [("visits:list", "contact"), ("bookings:list", "q"), ("audit:list", "target"), ("audit:export", "target")])
def test_an_old_link_with_the_person_in_it_is_turned_into_one_without(supervisor, leat, shop, person, name, field):
    leat.visits.create(shop_uuid=shop.uuid, contact_uuid=person.uuid, source="Desk")
    _audit_entries(person, 1)
    BookingRecord.objects.create(uuid=f"old-{person.uuid[:8]}", contact_uuid=person.uuid, contact_email=person.email, starts_at=timezone.now(), number_of_people=2)
    old = supervisor.get(reverse(name), {field: person.email, "page": "1"})
    assert old.status_code == 303 and not private_in(old["Location"], person) and "page=1" in old["Location"]
    if name == "audit:export":
        assert len(list(csv.DictReader(io.StringIO(b"".join(supervisor.get(old["Location"]).streaming_content).decode())))) == 1
        return
    assert rows(supervisor.get(old["Location"]).content.decode())[0].count(person.email)
    # htmx cannot move the address bar by a redirect: it gets the list, drawn as
    # if asked by reference (its links too), and the URL to show instead.
    swapped = supervisor.get(reverse(name), {field: person.email}, **HTMX)
    assert swapped.status_code == 200 and "ref=" in swapped["HX-Replace-Url"] and person.email in rows(swapped.content.decode())[0]
    assert_names_nobody(swapped, person, "htmx, an old link", reached_by=False)


def test_leat_failing_while_filtering_by_a_person_offers_a_retry_without_them(supervisor, person, sandbox):
    sandbox.faults.update({"path_status": {"contacts/find-one-by": 503}})
    for headers in ({}, HTMX):
        response = supervisor.post(reverse("visits:list"), {"contact": person.email}, follow=True, **headers)
        assert response.status_code in (502, 503, 504) and "Retry" in response.content.decode()
        assert_names_nobody(response, person, "Leat failing")


def test_a_visit_whose_outcome_is_unknown_links_to_the_list_without_the_person(supervisor, person, shop, sandbox):
    data = form_data(supervisor, reverse("visits:create"), shop=shop.uuid, contact=person.email, source="Phone")
    sandbox.faults.update({"drop_writes_next": 1})
    response = supervisor.post(reverse("visits:create"), data)
    assert response.status_code == 202 and "Check in Leat whether it is there" in response.content.decode()
    assert_names_nobody(response, person, "outcome unknown")
    check = re.search(r'<a href="([^"]+)">Check in Leat whether it is there', response.content.decode()).group(1).replace("&amp;", "&")
    assert urlsplit(check).path == reverse("visits:list")
    listed = supervisor.get(check, **HTMX).content.decode()
    assert response.status_code == 202 and "Fix the filter" not in listed and "<table" in listed
