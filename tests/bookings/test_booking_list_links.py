"""The booking list and page: the contact links to their contact page, the
start to the booking, and the status is a badge coloured by its meaning."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from leatadmin.bookings.models import BookingRecord
from leatadmin.bookings.status import label as status_label
from leatadmin.core.badges import MEANINGS, NEUTRAL, meaning
from tests.bookings.test_bookings import booking, booking_form, shop  # noqa: F401 - fixtures
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def row_of(html: str, external_id: str) -> str:
    return next(row for row in html.split("<tbody")[1].split("<tr") if external_id in row)


def searched(client, query: str, *, htmx: bool = False):
    """The list searched as the form does it: posted, then the list's URL (the search by reference)."""
    response = client.post(reverse("bookings:list"), {"q": query}, follow=True, **(HTMX if htmx else {}))
    assert response.redirect_chain[-1][1] == 303
    return response


@pytest.mark.parametrize("htmx", [False, True])
def test_the_contact_links_to_their_contact_page_and_the_start_to_the_booking(manager, booking, htmx):  # noqa: F811
    html = searched(manager, booking.external_id, htmx=htmx).content.decode()
    row = row_of(html, booking.external_id)
    assert f'<a href="{reverse("contacts:detail", args=[booking.contact_uuid])}">{booking.contact_email}</a>' in row
    assert f'<a href="{reverse("bookings:detail", args=[booking.uuid])}">24 Dec 2026, 18:30</a>' in row


def test_without_the_contact_permission_the_contact_is_plain_text(make_staff, booking):  # noqa: F811
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = make_staff(None)
    user.user_permissions.add(Permission.objects.get(codename="view_bookings"))
    client = Client()
    client.force_login(user)
    row = row_of(searched(client, booking.external_id).content.decode(), booking.external_id)
    assert booking.contact_email in row and reverse("contacts:detail", args=[booking.contact_uuid]) not in row


@pytest.mark.parametrize(("status", "css"), [("created", "warn"), ("in progress", "warn"), ("completed", "ok"), ("canceled", "bad"), ("no-show", "neutral")])
def test_status_badges_are_coloured_by_meaning_in_the_list_and_on_the_page(manager, booking, status, css):  # noqa: F811
    BookingRecord.objects.filter(pk=booking.pk).update(status=status)
    words = status_label(status)  # the status in words, the same everywhere
    row = row_of(searched(manager, booking.external_id).content.decode(), booking.external_id)
    assert f'<span class="badge {css}">{words}</span>' in row
    page = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert f'<span class="badge {css}">{words}</span></h1>' in page
    assert f'id="status"><span class="badge {css}">{words}</span>' in page


def test_an_unconfirmed_booking_says_so_in_the_list(manager, booking):  # noqa: F811
    BookingRecord.objects.filter(pk=booking.pk).update(confirmed=False)
    row = row_of(searched(manager, booking.external_id).content.decode(), booking.external_id)
    assert 'class="badge warn"' in row and "Unconfirmed" in row


def test_the_contact_page_panel_has_the_same_badges(agent, booking):  # noqa: F811
    html = agent.get(reverse("contacts:bookings", args=[booking.contact_uuid]), **HTMX).content.decode()
    assert f'<span class="badge warn">{status_label("created")}</span>' in row_of(html, booking.external_id)


def test_every_meaning_is_one_of_four_classes():
    assert {css for kinds in MEANINGS.values() for css in kinds.values()} <= {"ok", "warn", "bad", NEUTRAL}
    assert meaning("booking", "something Leat made up") == NEUTRAL and meaning("outcome", None) == NEUTRAL


@pytest.mark.parametrize("htmx", [False, True])
def test_sorting_by_a_header_keeps_the_search_and_turns_round_on_a_second_click(manager, htmx):
    from django.utils import timezone

    for n, shop_name in enumerate(("Bakery", "Arcade", "Cinema")):
        BookingRecord.objects.create(
            uuid=f"sort-{n}", contact_uuid=f"c-{n}", contact_email=f"sort{n}@example.com", shop_uuid=f"s-{n}", shop_name=shop_name,
            starts_at=timezone.now(), number_of_people=2, external_id=f"LA-SORT-{n}",
        )
    headers = HTMX if htmx else {}
    ref = parse_qs(urlsplit(searched(manager, "LA-SORT", htmx=htmx).redirect_chain[-1][0]).query)["ref"][0]  # the search, by reference
    first = manager.get(reverse("bookings:list"), {"ref": ref, "sort": "shop_name"}, **headers).content.decode()
    body = first.split("<tbody", 1)[1]
    assert body.index("Arcade") < body.index("Bakery") < body.index("Cinema")
    # The header now links to the other order, the search and the first page kept, for htmx and without it.
    head = first.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert f'href="?ref={ref}&amp;sort=-shop_name&amp;page=1"' in head and "↑" in head
    assert f'hx-get="{reverse("bookings:list")}?ref={ref}&amp;sort=-shop_name&amp;page=1"' in head
    second = manager.get(reverse("bookings:list"), {"ref": ref, "sort": "-shop_name", "page": "1"}, **headers).content.decode()
    body = second.split("<tbody", 1)[1]
    assert body.index("Cinema") < body.index("Bakery") < body.index("Arcade") and "↓" in second.split("<thead", 1)[1]


# --- #28.6: the search (an email, often) is never in the list's URL ----------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_search_by_email_is_posted_and_pages_by_reference(manager, htmx):
    from django.utils import timezone

    email = "page.through@example.com"
    for n in range(27):
        BookingRecord.objects.create(uuid=f"pages-{n}", contact_uuid="c-pages", contact_email=email, starts_at=timezone.now(), number_of_people=2, external_id=f"LA-PAGES-{n}")
    BookingRecord.objects.create(uuid="not-theirs", contact_uuid="c-other", contact_email="someone.else@example.com", starts_at=timezone.now(), number_of_people=2)
    page = manager.get(reverse("bookings:list")).content.decode()
    assert 'method="post"' in page.split('<form class="card table-tools"')[1].split(">")[0]
    response = searched(manager, email, htmx=htmx)
    url = response.redirect_chain[-1][0]
    html = response.content.decode()
    assert "ref=" in url and "page.through" not in url and "1–25 of 27" in html and "someone.else" not in html
    links = [link.replace("&amp;", "&") for link in re.findall(r'(?:href|hx-get|hx-push-url)="([^"]*\?[^"]*)"', html)]
    assert links and all("page.through" not in link for link in links)
    following = next(link for link in links if "page=2" in link and link.startswith("/bookings/"))
    second = manager.get(following, **(HTMX if htmx else {})).content.decode()
    assert "26–27 of 27" in second and "someone.else" not in second
