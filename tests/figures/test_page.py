"""The figures page as staff use it: the full page and its htmx part, a
period compared, Dutch and English, the CSV, without JavaScript, limited
managers, bad input, and a mirror whose last read failed."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from leatadmin.figures import mirror
from leatadmin.figures.models import MirrorRun
from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER, SUPERVISOR
from tests.conftest import HTMX, _client_for

pytestmark = pytest.mark.django_db

PAGE = reverse("figures:index")
CSV = reverse("figures:csv")
DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}


def march(shop_uuid: str = "", **more) -> dict:
    return {"shop": shop_uuid, "period": "days", "date_from": "2020-03-10", "date_to": "2020-03-11", **more}


def text(html: str) -> str:
    """The page's words, tags out, spaces joined (as a screen reader reads along)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def table(html: str, ident: str) -> str:
    return html.split(f'id="{ident}-table"')[1].split(">", 1)[1].split("</table>")[0]


def test_a_shops_figures_each_a_chart_and_its_table_beside_the_period_before(manager, quiet_days, sandbox):
    sandbox.reset_stats()
    response = manager.get(PAGE, march(quiet_days["a"].uuid))
    assert response.status_code == 200
    assert sandbox.stats()["total"] == 0, "the figures page asks Leat nothing"
    html = response.content.decode()
    words = text(html)
    assert f"{quiet_days['a'].name} · 10 Mar 2020 – 11 Mar 2020" in words
    assert "Compared with the period before: 8 Mar 2020 – 9 Mar 2020" in words
    assert "Visits 28 +12 % before: 25" in words.replace("\u00a0", " ")
    for ident in ("visits", "statuses", "credits", "rewards", "purchases", "contacts"):
        chart = html.split(f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc"')[1].split("</svg>")[0]
        assert f'<title id="{ident}-title">' in chart and f'<desc id="{ident}-desc">' in chart
        assert f'id="{ident}-table"' in html, f"{ident}: the chart's table beside it"
    assert text(table(html, "visits")).startswith("Day Visits Bookings No-shows 10 Mar 2020 27 5 2 11 Mar 2020 1 1 1")
    assert text(table(html, "credits")) == "Day Credits given Credits taken back 10 Mar 2020 15 3 11 Mar 2020 4 0"
    assert text(table(html, "purchases")) == "Day Purchase amounts Purchases 10 Mar 2020 €29.00 2 11 Mar 2020 €8.00 1"
    assert text(table(html, "statuses")) == "Status This period The period before Created 3 0 In progress 1 0 Completed 1 2 Canceled 1 0 No-shows 3 0"
    assert "Visits and bookings on each day from 10 Mar 2020 to 11 Mar 2020: 28 visits and 6 bookings in all. The most: 27 on 10 Mar 2020." in html


def test_the_htmx_part_is_the_figures_alone(manager, quiet_days):
    html = manager.get(PAGE, march(quiet_days["a"].uuid), **HTMX).content.decode()
    assert "<html" not in html and 'name="period"' not in html
    assert 'id="visits-table"' in html and "<svg" in html
    assert "HX-Request" in manager.get(PAGE, march(quiet_days["a"].uuid), **HTMX)["Vary"], "kept apart from the page in a browser's cache"


def test_in_dutch_numbers_and_days_are_written_the_dutch_way(manager, quiet_days):
    html = manager.get(PAGE, march(quiet_days["a"].uuid), **DUTCH).content.decode()
    assert 'lang="nl"' in html
    assert text(table(html, "purchases")).endswith("10-03-2020 € 29,00 2 11-03-2020 € 8,00 1")
    assert "€\u00a029,00" in table(html, "purchases"), "the euro sign kept with its amount"
    assert "+12\u00a0%" in html


def test_all_shops_and_the_last_days_by_default(manager, quiet_days):
    response = manager.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'value="30"[^>]*checked', html), "the last 30 days by default"
    assert "All shops ·" in text(html)


def test_the_csv_holds_every_day_as_plain_numbers(manager, quiet_days):
    response = manager.get(CSV, march(quiet_days["a"].uuid))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f"leatadmin-figures-{quiet_days['a'].uuid}-20200310-20200311.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["day"] for row in rows] == ["2020-03-10", "2020-03-11"]
    first = rows[0]
    assert (first["visits"], first["bookings"], first["no_shows"], first["bookings_completed"], first["credits_given"], first["purchase_amount"], first["contacts"]) == (
        "27", "5", "2", "1", "15", "29.00", "2")


def test_without_javascript_the_form_and_every_table_work(manager, quiet_days):
    """A GET form with a button, and every value in the tables of the page itself; no inline style or script (the CSP)."""
    html = manager.get(PAGE, march(quiet_days["a"].uuid)).content.decode()
    form = html.split('<form class="card table-tools figures-filter" method="get" action="/figures/"')[1].split("</form>")[0]
    assert '<button type="submit">Show</button>' in form
    assert html.count("<table") == 6
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html and "<script " not in html.split("</head>")[1]


def test_a_limited_manager_sees_their_shop_and_is_refused_another(limited, quiet_days):
    a, b = quiet_days["a"], quiet_days["b"]
    manager = limited(SHOP_MANAGER, a.uuid)
    refused = manager.get(PAGE, march(b.uuid))
    assert refused.status_code == 403 and "This shop is not one of yours" in refused.content.decode()
    assert manager.get(PAGE, march(b.uuid), **HTMX).status_code == 403
    assert manager.get(CSV, march(b.uuid)).status_code == 403
    html = manager.get(PAGE, march()).content.decode()
    picker = html.split('name="shop"')[1].split("</select>")[0]
    assert a.uuid in picker and b.uuid not in picker and "All your shops" in picker
    assert "Visits 28" in text(html), "all their shops: only theirs"


def test_only_shop_managers_and_supervisors_see_the_figures(make_staff, quiet_days):
    for role, allowed in ((CUSTOMER_SERVICE, False), (SHOP_MANAGER, True), (SUPERVISOR, True), (None, False)):
        client = _client_for(make_staff, role)
        assert (client.get(PAGE).status_code == 200) is allowed, role
        assert (client.get(CSV).status_code == 200) is allowed, role
        nav = client.get(reverse("home"), follow=True).content.decode()
        assert (">Figures</a>" in nav) is allowed, role


@pytest.mark.parametrize(
    ("asked", "field", "message"),
    [
        ({"period": "days", "date_from": "2020-03-11", "date_to": "2020-03-10"}, "date_to", "The end date is before the start date."),
        ({"period": "days", "date_from": "2020-03-11"}, "date_to", "Enter the last day of the period."),
        ({"period": "days", "date_from": "2018-01-01", "date_to": "2020-03-10"}, "date_to", "Choose at most 367 days."),
        ({"period": "weekly"}, "period", "Select a valid choice."),
        ({"date_from": "31-02-2020"}, "date_from", "Enter a valid date."),
        ({"shop": "../../etc"}, "shop", "Select a valid choice."),
        ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, "date_from", "Enter a date between 1900 and 2999."),
    ],
)
def test_a_bad_choice_is_said_at_its_field_never_a_500(manager, asked, field, message):
    response = manager.get(PAGE, asked)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html.split(f'id="id_{field}_error"')[1][:200]
    assert manager.get(PAGE, asked, **HTMX).status_code == 200
    assert manager.get(CSV, asked).status_code == 400


def test_a_failed_read_of_leat_is_said_on_the_page_with_when_it_was_last_read(supervisor, sandbox, quiet_days):
    sandbox.faults.update({"path_status": {"loyalty-transactions": 503}})
    response = supervisor.post(reverse("figures:read"), {"query": "shop=&period=7&evil=1"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?period=7"
    failed = MirrorRun.objects.first()
    assert failed.status == MirrorRun.Status.FAILED
    page = supervisor.get(PAGE, march(quiet_days["a"].uuid))
    assert page.status_code == 200
    words = text(page.content.decode())
    assert "The last read of Leat's loyalty transactions failed" in words and "Start the read again: it resumes where it stopped." in words
    assert "Credits, rewards and purchases as read from Leat at" in words, "when the figures were last read"
    assert "Read again now" in words
    sandbox.faults.reset()
    supervisor.post(reverse("figures:read"))
    assert MirrorRun.objects.first().pk == failed.pk and MirrorRun.objects.first().status == MirrorRun.Status.DONE, "resumed"
    assert "failed" not in text(supervisor.get(PAGE).content.decode())


def test_only_supervisors_may_start_a_read(manager, supervisor, quiet_days):
    assert manager.post(reverse("figures:read")).status_code == 403
    assert "Read now" not in manager.get(PAGE).content.decode()
    assert "Read now" in supervisor.get(PAGE).content.decode()
    response = supervisor.post(reverse("figures:read"), follow=True)
    assert "Leat&#x27;s loyalty transactions were read" in response.content.decode()


def test_before_the_first_read_the_page_says_so(manager):
    assert mirror.mirror_last() is None
    words = text(manager.get(PAGE).content.decode())
    assert "Leat's loyalty transactions have not been read yet" in words.replace("&#x27;", "'")
