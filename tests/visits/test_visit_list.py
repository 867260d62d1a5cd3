"""The visit list as staff use it: newest start first, filtered by contact,
shop and days, each visit and contact a link, from leatadmin's index of
Leat's visits (Leat can neither sort nor filter visits by shop or day)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leatadmin.contacts import services as contact_services
from leatadmin.visits import index
from leatadmin.visits.index import visit_index_start
from leatadmin.visits.models import VisitIndexRun, VisitRecord
from leatadmin.visits.services import visit_create
from tests.conftest import HTMX
from tests.runs import killed_after, stalled

pytestmark = pytest.mark.django_db

ZONE = dt.timezone(dt.timedelta(hours=1))  # Europe/Amsterdam in winter, as the tests' staff


@pytest.fixture
def shops(leat):
    return leat.shops.list()[:2]


@pytest.fixture
def newcomer(leat, unique_email):
    """A contact with no visits yet."""
    return leat.contacts.get(leat.contacts.create(unique_email).uuid)


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=ZONE)


def rows(html: str) -> list[str]:
    return html.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]


def listed(client, **query) -> str:
    """The list's htmx swap. A filter is posted, as the form does, and htmx
    follows the redirect to the list's URL; a page is asked for by its URL."""
    if query.keys() - {"page", "sort"}:
        response = client.post(reverse("visits:list"), query, follow=True, **HTMX)
        assert response.redirect_chain[-1][1] == 303
        return response.content.decode()
    return client.get(reverse("visits:list"), query, **HTMX).content.decode()


def test_visits_are_listed_newest_start_first_whatever_order_they_were_made(manager, leat, newcomer, shops):
    made = [leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(day), ends_at=at(day, 14), external_id=f"ORDER-{day}-{newcomer.uuid[:6]}") for day in (12, 3, 27, 9)]
    html = listed(manager, contact=newcomer.email)
    order = [row.split("ORDER-")[1].split("-")[0] for row in rows(html)]
    assert order == ["27", "12", "9", "3"] and len(made) == 4


def test_a_visit_without_a_start_is_placed_by_when_it_was_made(manager, leat, newcomer, shops):
    leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(1), external_id=f"OLD-{newcomer.uuid[:8]}")
    leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, external_id=f"NOW-{newcomer.uuid[:8]}")  # made today, no start
    found = rows(listed(manager, contact=newcomer.uuid))
    assert "NOW-" in found[0] and "OLD-" in found[1]


def test_the_list_reads_one_leat_page_and_shows_visits_made_elsewhere_since(manager, leat, newcomer, shops, sandbox):
    listed(manager)
    elsewhere = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=timezone.now() + dt.timedelta(days=800), source="Made at the kiosk")
    sandbox.reset_stats()
    html = listed(manager)
    assert sandbox.stats()["routes"] == {"GET visits": 1}
    assert elsewhere.uuid in rows(html)[0] and "Made at the kiosk" in rows(html)[0]


def test_page_two_is_still_one_leat_call(manager, sandbox):
    listed(manager)
    sandbox.reset_stats()
    html = listed(manager, page=2)
    assert "26–50 of" in html and sandbox.stats()["routes"] == {"GET visits": 1}


def test_after_a_busy_spell_the_list_reads_on_but_never_every_page(manager, leat, newcomer, shops, sandbox, monkeypatch):
    monkeypatch.setattr(index, "CATCH_UP_LIMIT", 2)
    listed(manager)  # the index knows the newest visits
    for n in range(9):  # nine made elsewhere: more than the list reads at once
        leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, source=f"Busy {n}")
    sandbox.reset_stats()
    listed(manager)
    assert sandbox.stats()["routes"] == {"GET visits": index.CATCH_UP_PAGES}
    assert VisitRecord.objects.filter(source__startswith="Busy").count() == 2 * index.CATCH_UP_PAGES


def test_filter_by_shop_lists_the_visits_made_there(manager, leat, newcomer, shops):
    here = [visit_create(user=manager.user, shop_uuid=shop.uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"starts_at": at(5)}).obj for shop in shops]
    elsewhere = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(6))
    first_shop = listed(manager, contact=newcomer.uuid, shop=shops[0].uuid)
    assert [here[0].uuid in row for row in rows(first_shop)] == [True]
    unknown = listed(manager, contact=newcomer.uuid, shop="unknown")
    assert [elsewhere.uuid in row for row in rows(unknown)] == [True] and "not given by Leat" in unknown
    page = manager.get(reverse("visits:list")).content.decode()
    choices = page.split('name="shop"')[1].split("</select>")[0]
    assert shops[0].name in choices and shops[1].name in choices and 'value="unknown"' in choices


def test_filter_by_days_uses_the_staff_members_days(manager, leat, newcomer, shops):
    for day, hour in ((9, 23), (10, 0), (10, 23), (11, 0)):  # 10 March in Amsterdam, and its neighbours
        leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(day, hour), external_id=f"D{day}-{hour}-{newcomer.uuid[:6]}")
    manager.cookies["tz"] = "Europe%2FAmsterdam"
    html = listed(manager, contact=newcomer.uuid, date_from="2026-03-10", date_to="2026-03-10")
    assert [re.search(r"D(\d+-\d+)-", row).group(1) for row in rows(html)] == ["10-23", "10-0"]


def test_an_end_before_the_start_is_a_filter_error_inside_the_swap(manager, sandbox):
    sandbox.reset_stats()
    html = listed(manager, date_from="2026-03-10", date_to="2026-03-01")
    assert 'id="filter-errors"' in html and "The end date is before the start date." in html and "<tbody" not in html
    assert sandbox.stats()["total"] == 0


def test_filters_stay_in_the_url_and_fill_the_form(manager, newcomer, shops):
    visit_create(user=manager.user, shop_uuid=shops[1].uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"starts_at": at(4)})
    page = manager.get(reverse("visits:list"), {"shop": shops[1].uuid, "date_from": "2026-03-01", "date_to": "2026-03-31"}).content.decode()
    form = page.split('<form class="card table-tools"')[1].split("</form>")[0]
    assert 'hx-push-url="true"' in form and 'value="2026-03-01"' in form and 'value="2026-03-31"' in form
    assert f'value="{shops[1].uuid}" selected' in form
    partial = manager.get(reverse("visits:list"), {"shop": shops[1].uuid, "page": 1}, **HTMX).content.decode()
    assert "<html" not in partial and "<table" in partial


def test_each_row_links_to_its_visit_and_its_contact(manager, leat, newcomer, shops):
    visit = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(2))
    row = rows(listed(manager, contact=newcomer.uuid))[0]
    assert f'href="{reverse("visits:detail", args=[visit.uuid])}"' in row
    assert f'href="{reverse("contacts:detail", args=[newcomer.uuid])}">{newcomer.email}</a>' in row


def test_filtered_by_contact_email_asks_leat_for_that_contact_only(manager, anna, sandbox):
    sandbox.reset_stats()
    html = listed(manager, contact="ANNA.devries@example.com")
    assert sandbox.stats()["routes"] == {"GET contacts/find-one-by": 1, "GET visits": 1}
    assert all("anna.devries@example.com" in row for row in rows(html))


def test_an_unknown_contact_is_a_field_error(manager):
    html = manager.post(reverse("visits:list"), {"contact": "nobody.here@example.com"}, follow=True).content.decode()
    assert "No contact with this email." in html


# --- #28.6: the contact is never in the list's URL -----------------------------------


def test_the_contact_filter_is_posted_and_the_list_url_holds_a_reference(manager, leat, newcomer, shops):
    for day in range(1, 28):
        leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(day), source="Desk")
    page = manager.get(reverse("visits:list")).content.decode()
    form = page.split('<form class="card table-tools"')[1].split(">")[0]
    assert 'method="post"' in form and 'hx-post="/visits/"' in form and "hx-get" not in form
    posted = manager.post(reverse("visits:list"), {"contact": newcomer.email, "shop": "", "date_from": "2026-03-01", "date_to": ""})
    assert posted.status_code == 303 and posted["Location"].startswith("/visits/?") and newcomer.email.split("@")[0] not in posted["Location"]
    assert "date_from=2026-03-01" in posted["Location"] and "ref=" in posted["Location"] and "shop=" not in posted["Location"]
    html = manager.get(posted["Location"]).content.decode()
    assert f'value="{newcomer.email}"' in html and "1–25 of 27" in html  # the form shows it; the rows are theirs
    # Page 2 (a link, and its htmx swap) keeps the filter: the reference is in the page's links.
    second = re.search(r'<a href="(\?[^"]+)" hx-get="([^"]+)"[^>]*>2</a>', html)
    assert "ref=" in second.group(1) and newcomer.email.split("@")[0] not in second.group(1)
    swapped = manager.get(second.group(2).replace("&amp;", "&"), **HTMX).content.decode()
    assert "26–27 of 27" in swapped and all(newcomer.email in row for row in rows(swapped))


def test_a_reference_from_another_session_lists_nothing_and_says_why(manager, make_staff, newcomer, shops):
    from tests.conftest import _client_for

    visit_create(user=manager.user, shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"starts_at": at(4)})
    url = manager.post(reverse("visits:list"), {"contact": newcomer.email})["Location"]
    colleague = _client_for(make_staff, "Shop manager")
    for headers in ({}, HTMX):
        response = colleague.get(url, **headers)
        html = response.content.decode()
        assert response.status_code == 200 and "This filter came from a link made in another session" in html
        assert "<tbody" not in html.split('id="results"')[-1] and newcomer.email not in html


def test_a_contacts_uuid_names_nobody_and_stays_in_the_url(manager, newcomer, shops):
    visit = visit_create(user=manager.user, shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"starts_at": at(4)}).obj
    posted = manager.post(reverse("visits:list"), {"contact": newcomer.uuid})
    assert posted["Location"] == f"/visits/?contact={newcomer.uuid}"
    assert visit.uuid in manager.get(posted["Location"]).content.decode()


def test_a_new_index_says_how_much_of_leat_it_has_read(manager, leat):
    total = leat.visits.list(limit=1).total
    html = manager.get(reverse("visits:list")).content.decode()
    notice = html.split('id="index-notice"')[1].split("</p>")[0]
    assert f"has read 100 of Leat's {total:,} visits" in notice and "visit_index" in notice


def test_leat_down_shows_what_the_index_has_and_says_so(manager, leat, newcomer, shops, sandbox):
    visit = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(8))
    listed(manager, contact=newcomer.uuid)
    sandbox.faults.update({"path_status": {"visits": 500}})
    response = manager.get(reverse("visits:list"), {"shop": "unknown"})
    html = response.content.decode()
    assert response.status_code == 200 and visit.uuid in html
    assert "Leat had an internal error." in html.split('id="index-notice"')[1]


def test_a_full_read_fills_the_index_and_the_notice_goes(manager, leat, monkeypatch):
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    run = visit_index_start()  # the tests' task backend runs it at once
    total = leat.visits.list(limit=1).total
    assert run.status == "done" and run.total == run.done == total
    assert VisitRecord.objects.filter(synced_at__isnull=False).count() == total
    assert 'id="index-notice"' not in manager.get(reverse("visits:list")).content.decode()


def test_a_full_read_resumes_where_it_stopped(leat, sandbox, monkeypatch):
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    with monkeypatch.context() as patch:
        killed_after(patch, index, pages=2)  # the worker dies after two pages
        run = visit_index_start()
    assert run.next_page == 3 and run.done == 400 and run.status == "running"
    pages = -(-leat.visits.list(limit=1).total // 200)
    sandbox.reset_stats()
    assert visit_index_start().pk == run.pk and sandbox.stats()["routes"] == {}  # alive: left alone
    stalled(run)
    resumed = visit_index_start()
    assert resumed.pk == run.pk and resumed.status == "done"
    assert sandbox.stats()["routes"]["GET visits"] == pages - 2 + 1  # the rest, and one count at the end


def test_a_full_read_forgets_what_leat_no_longer_lists_but_only_when_sure(leat, newcomer, shops, monkeypatch):
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    long_ago = timezone.now() - dt.timedelta(days=30)
    gone = VisitRecord.objects.create(uuid="deleted-in-leat", contact_email="gone@example.com", sort_at=long_ago, synced_at=long_ago)
    with monkeypatch.context() as patch:
        killed_after(patch, index, pages=1)
        run = visit_index_start()
    leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid)  # Leat's list moves while it is read
    stalled(run)
    run = visit_index_start()
    assert run.status == "done" and run.forgotten == 0 and VisitRecord.objects.filter(pk=gone.pk).exists()
    again = visit_index_start()
    assert again.pk != run.pk and again.forgotten == 1 and not VisitRecord.objects.filter(pk=gone.pk).exists()


def test_a_failing_read_says_so_and_can_be_resumed(sandbox, monkeypatch):
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    sandbox.faults.update({"path_status": {"visits": 500}})
    run = visit_index_start()
    assert run.status == "failed" and "resumes" in run.error and run.claim is None
    assert run.failure == "Leat had an internal error. Start the read again: it resumes where it stopped."
    sandbox.reset()
    assert visit_index_start().status == "done"


def test_a_read_whose_worker_died_is_shown_failed_and_housekeeping_resumes_it(manager, leat, monkeypatch):
    """Before, a read left "running" by a killed worker blocked housekeeping for ever."""
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    with monkeypatch.context() as patch:
        killed_after(patch, index, pages=1)
        run = visit_index_start()
    stalled(run)
    notice = manager.get(reverse("visits:list")).content.decode().split('id="index-notice"')[1]
    assert "The last full read failed" in notice and "Reading them now" not in notice
    call_command("housekeeping", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == "done" and run.done == run.total == leat.visits.list(limit=1).total


def test_a_read_declared_dead_whose_worker_was_only_slow_stops_at_its_next_page(leat, monkeypatch):
    """The first worker hangs past the stall time; the read is started again
    and finishes; the first worker wakes up and writes nothing more."""
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    pages_of, finished_by_the_second = index._pages, []

    def hanging_once(first):
        for number, page in enumerate(pages_of(first)):
            if number == 1 and not finished_by_the_second:
                finished_by_the_second.append(None)
                stalled(VisitIndexRun.objects.get())
                visit_index_start()  # housekeeping starts it again (the tests' task backend: at once, to the end)
                finished_by_the_second[0] = VisitIndexRun.objects.values().get()
            yield page  # the first worker wakes up

    monkeypatch.setattr(index, "_pages", hanging_once)
    visit_index_start()
    (second,) = finished_by_the_second
    assert second["status"] == "done" and second["done"] == second["total"] == leat.visits.list(limit=1).total
    assert VisitIndexRun.objects.values().get() == second  # the first wrote nothing after it woke


def test_opening_a_visit_brings_the_index_up_to_date(manager, leat, newcomer, shops):
    visit = leat.visits.create(shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, starts_at=at(3), source="Before")
    listed(manager, contact=newcomer.uuid)
    leat.visits.update(visit.uuid, source="Changed elsewhere")
    manager.get(reverse("visits:detail", args=[visit.uuid]))
    assert VisitRecord.objects.get(uuid=visit.uuid).source == "Changed elsewhere"


def test_editing_a_visit_here_updates_the_index(manager, newcomer, shops):
    from leatadmin.visits.services import visit_update

    visit = visit_create(user=manager.user, shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={"starts_at": at(3)}).obj
    visit_update(user=manager.user, visit=visit, fields={"starts_at": at(20), "ends_at": None, "source": "", "external_id": visit.external_id})
    record = VisitRecord.objects.get(uuid=visit.uuid)
    assert record.starts_at == at(20) and record.shop_uuid == shops[0].uuid  # Leat's answer has no shop: the remembered one stays


def test_deleting_a_contact_takes_their_visits_out_of_the_index(supervisor, leat, newcomer, shops):
    visit_create(user=supervisor.user, shop_uuid=shops[0].uuid, contact_uuid=newcomer.uuid, contact_label=newcomer.email, fields={})
    contact_services.contact_delete(user=supervisor.user, contact=newcomer, type="DEFAULT")
    assert not VisitRecord.objects.filter(contact_uuid=newcomer.uuid).exists()


def test_housekeeping_queues_a_full_read_once_a_day(monkeypatch):
    started = []
    monkeypatch.setattr("leatadmin.visits.index.visit_index_start", lambda: started.append(1) or VisitIndexRun(pk=1))
    call_command("housekeeping", stdout=io.StringIO())
    assert started == [1]
    VisitIndexRun.objects.create(status="done", started_at=timezone.now(), updated_at=timezone.now(), finished_at=timezone.now())
    call_command("housekeeping", stdout=io.StringIO())
    assert started == [1]


def test_the_visit_index_command_reads_now_and_reports(leat, monkeypatch):
    monkeypatch.setattr(index, "FULL_READ_LIMIT", 500)
    out = io.StringIO()
    call_command("visit_index", "--now", stdout=out)
    total = leat.visits.list(limit=1).total
    assert f"{total:,} visits read" in out.getvalue()
    call_command("visit_index", "--status", stdout=(status := io.StringIO()))
    assert f"lists {total:,} visits" in status.getvalue() and "done" in status.getvalue()
