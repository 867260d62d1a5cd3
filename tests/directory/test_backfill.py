"""The backfill: every Leat contact into the directory, resumable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leatadmin.directory import backfill
from leatadmin.directory.models import DirectoryBackfill, DirectoryContact
from leatadmin.leat.contacts import Contacts
from leatadmin.leat.models import Contact
from tests.runs import killed_after, stalled

pytestmark = pytest.mark.django_db


def leat_total(leat) -> int:
    return leat.contacts.list(limit=1).total


@pytest.fixture
def asked(monkeypatch):
    """Every `GET contacts` the backfill makes: (page, created_from)."""
    calls = []
    original = Contacts.list

    def recording(self, **kwargs):
        calls.append((kwargs.get("page"), kwargs.get("created_from")))
        return original(self, **kwargs)

    monkeypatch.setattr(Contacts, "list", recording)
    return calls


def test_the_backfill_stores_every_leat_contact_with_what_search_needs(leat, anna):
    run = backfill.backfill_start()
    assert run.status == DirectoryBackfill.Status.DONE and run.error == ""
    assert DirectoryContact.objects.count() == leat_total(leat) == run.done
    row = DirectoryContact.objects.get(uuid=anna.uuid)
    assert (row.email, row.first_name, row.last_name, row.cards) == ("anna.devries@example.com", "Anna", "de Vries", "CARD-300000")
    assert row.tier == anna.tier.name and row.city == anna.current_values["city"] and row.last_changed is not None
    assert row.phone_key and row.phone_key in row.search


def test_an_interrupted_backfill_resumes_from_its_cursor(leat, asked, monkeypatch):
    with monkeypatch.context() as patch:
        killed_after(patch, backfill, pages=1)  # the worker dies after one page
        stopped = backfill.backfill_start()
    assert stopped.status == DirectoryBackfill.Status.RUNNING and stopped.done == 100 and stopped.cursor
    assert DirectoryContact.objects.count() == 100
    first_run_calls = len(asked)

    stalled(stopped)  # its heartbeat stopped: the run is declared dead when next looked at
    resumed = backfill.backfill_start()  # resumes the unfinished run rather than starting again
    after = asked[first_run_calls:]
    assert resumed.pk == stopped.pk and resumed.status == DirectoryBackfill.Status.DONE
    assert DirectoryContact.objects.count() == leat_total(leat)
    assert after and all(created_from == stopped.cursor for _, created_from in after), "resumed from the cursor, not from the start"
    assert after[0][0] == 1


def test_a_backfill_under_way_is_never_started_twice(leat, asked, monkeypatch):
    """Two clicks, two processes, housekeeping and an operator: while a run is
    alive (its heartbeat moves), starting again gives that run, and runs nothing."""
    with monkeypatch.context() as patch:
        killed_after(patch, backfill, pages=1)
        first = backfill.backfill_start()
    calls = len(asked)
    again = backfill.backfill_start()
    restarted = backfill.backfill_start(resume=False)
    assert again.pk == restarted.pk == first.pk and again.status == DirectoryBackfill.Status.RUNNING
    assert len(asked) == calls and DirectoryBackfill.objects.count() == 1


def test_a_failing_leat_fails_the_run_with_a_message_and_it_resumes_later(sandbox, leat):
    sandbox.faults.update({"path_status": {"clients/contacts": 500}})
    run = backfill.backfill_start()
    assert run.status == DirectoryBackfill.Status.FAILED and "resumes where it stopped" in run.error
    sandbox.faults.reset()
    again = backfill.backfill_start()
    assert again.pk == run.pk and again.status == DirectoryBackfill.Status.DONE
    assert DirectoryContact.objects.count() == leat_total(leat)


def test_a_finished_backfill_forgets_contacts_leat_no_longer_knows(leat):
    DirectoryContact.objects.create(uuid="gone", email="gone@example.com", search="gone@example.com", synced_at=timezone.now() - dt.timedelta(days=1))
    run = backfill.backfill_start()
    assert run.forgotten == 1 and not DirectoryContact.objects.filter(uuid="gone").exists()
    assert DirectoryContact.objects.count() == leat_total(leat)


def test_a_new_run_after_a_finished_one_starts_afresh(leat):
    first = backfill.backfill_start()
    second = backfill.backfill_start()
    assert second.pk != first.pk and second.cursor and second.status == DirectoryBackfill.Status.DONE


def test_the_command_runs_the_backfill_here_or_queues_it_for_the_worker(leat):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("directory_backfill", "--now", stdout=out)
    assert "Backfill done" in out.getvalue()
    call_command("directory_backfill", stdout=out)  # the immediate backend of the tests runs the queued task at once
    assert "queued for the task worker" in out.getvalue()
    assert DirectoryBackfill.objects.filter(status=DirectoryBackfill.Status.DONE).count() == 2
    assert DirectoryContact.objects.count() == leat_total(leat)


def test_a_page_written_again_updates_its_rows_in_place():
    """A resumed run asks again for the contacts at its cursor's second: the
    rows are updated, never doubled or refused (PostgreSQL writes pages of ten
    or more by COPY, fewer in one statement; both inside one transaction here)."""
    from leatadmin.directory.services import directory_row, directory_write
    from leatadmin.leat.models import Contact

    def page(city):
        return [directory_row(Contact(uuid=f"c-{n}", email=f"c{n}@example.com", current_values={"firstname": "Zoë", "city": city})) for n in range(15)]

    assert directory_write(page("Haarlem")) == 15
    assert directory_write(page("Leiden")[5:] + page("Leiden")[5:]) == 10
    assert directory_write(page("Delft")[:2]) == 2
    cities = dict(DirectoryContact.objects.values_list("uuid", "city"))
    assert len(cities) == 15 and cities["c-0"] == "Delft" and cities["c-4"] == "Haarlem" and cities["c-14"] == "Leiden"
    assert DirectoryContact.objects.get(uuid="c-3").search.startswith("c3@example.com zoe")


def test_the_backfill_reads_a_listed_contact_as_the_client_reads_it(leat):
    """The backfill reads only some of Leat's JSON (`ListedContact`), itself (not
    Contact.from_api): the row is the same as from the whole contact."""
    from leatadmin.directory.services import ListedContact, directory_row, listed_row
    from leatadmin.leat.errors import BadResponse

    now = timezone.now()
    rows = []
    whole = leat.contacts.list(limit=100, parse=lambda item: item).items
    shaped = leat.contacts.list(limit=100, parse=lambda item: item, item_shape=ListedContact).items
    assert len(shaped) == len(whole) and all(set(item) <= set(ListedContact.__annotations__) for item in shaped)
    for data, full in zip(shaped, whole, strict=True):
        from_json, from_client = listed_row(data, now=now), directory_row(Contact.from_api(full), now=now)
        assert [getattr(from_json, f.attname) for f in DirectoryContact._meta.concrete_fields] == [getattr(from_client, f.attname) for f in DirectoryContact._meta.concrete_fields]
        rows.append(from_json)
    assert any(row.tier for row in rows) and any(row.cards for row in rows) and any(row.phone_key for row in rows)
    assert listed_row({"uuid": "u-1", "email": None, "tier": [], "current_values": None}).tier == ""
    for broken in ("not a contact", {"email": "no-uuid@example.com"}, {"uuid": ""}):
        with pytest.raises(BadResponse):
            listed_row(broken)
