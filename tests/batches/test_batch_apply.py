"""Applying a batch: each row written in Leat exactly once, recorded in the
audit log with the batch, the row and the reason, whatever happens: two
clicks, two tabs, a lost answer, Leat's 429, a worker killed halfway.

Transactional: the rows are written by BATCH_CALLS_IN_FLIGHT threads, each
with its own database connection, as on the worker."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.batches import apply as applying
from leatadmin.batches.models import Batch, BatchRow, BatchRun, RowState
from tests.batches.helpers import fresh_contacts, uploaded
from tests.conftest import HTMX
from tests.runs import stalled

pytestmark = pytest.mark.django_db(transaction=True)


def apply(client, batch: Batch, **extra):
    """Open the apply form (its submit-once token) and send it, as a supervisor does."""
    page = client.get(reverse("batches:apply", args=[batch.pk])).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    return client.post(reverse("batches:apply", args=[batch.pk]), {"token": token, "version": version}, **extra)


def receptions(leat, contact) -> list:
    """The contact's credit receptions, newest first, but the 300 each fresh contact got."""
    return [item for item in leat.transactions.list(contact_uuid=contact.uuid, limit=100).items if item.type == "credit_reception"][:-1]


def batch_of(client, leat, shop, n: int = 6, credits=lambda number: number * 10) -> tuple[Batch, list]:
    people = fresh_contacts(leat, shop, n)
    rows = [[person.email, credits(number), "", shop.name, f"Goodwill {number}"] for number, person in enumerate(people, start=2)]
    return uploaded(client, rows), people


def test_apply_writes_each_row_once_and_records_the_batch_and_row(supervisor, leat, shop):
    batch, people = batch_of(supervisor, leat, shop)
    response = apply(supervisor, batch)
    assert response.status_code == 302 and response["Location"] == reverse("batches:detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED and batch.applied_at
    for number, person in enumerate(people, start=2):
        made = receptions(leat, person)
        assert [item.credits for item in made] == [number * 10]
        row = batch.batch_rows.get(number=number)
        assert (row.state, row.transaction_uuid, row.balance_after) == (RowState.DONE, made[0].uuid, 300 + number * 10)
        entry = AuditEntry.objects.get(result_id=made[0].uuid)
        assert (entry.action, entry.reason, entry.sent["batch"], entry.sent["batch_row"], entry.sent["credits"]) == ("loyalty.credits", f"Goodwill {number}", batch.pk, number, number * 10)
    run = batch.runs.get(step=BatchRun.Step.APPLY)
    assert (run.status, run.done, run.total, run.succeeded, run.refused, run.unknown) == ("done", 6, 6, 6, 0, 0)

    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'id="result"' in html and "Balance now 320." in html and 'id="undo-link"' in html
    partial = supervisor.get(reverse("batches:rows", args=[batch.pk]), **HTMX).content.decode()
    assert "<html" not in partial and partial.count("Balance now") == 6
    download = supervisor.get(reverse("batches:result_csv", args=[batch.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [row["row"] for row in rows] == ["2", "3", "4", "5", "6", "7"] and {row["state"] for row in rows} == {"Done"}
    assert rows[0]["transaction"] == batch.batch_rows.get(number=2).transaction_uuid


def test_rows_left_out_are_never_sent_and_a_batch_with_problems_in_is_not_applied(supervisor, leat, shop):
    batch, people = batch_of(supervisor, leat, shop, 3, credits=lambda number: 0 if number == 4 else 5)
    response = apply(supervisor, batch)
    assert response.status_code == 200 and "1 rows with a problem are still in the batch" in response.content.decode()
    assert batch.runs.filter(step=BatchRun.Step.APPLY).count() == 0
    supervisor.post(reverse("batches:leave_out", args=[batch.pk]), {"shown": ["2", "3", "4"], "left_out": ["2", "4"]})
    apply(supervisor, batch)
    assert [len(receptions(leat, person)) for person in people] == [0, 1, 0]
    states = dict(batch.batch_rows.values_list("number", "state"))
    assert states == {2: RowState.SKIPPED, 3: RowState.DONE, 4: RowState.SKIPPED}
    download = supervisor.get(reverse("batches:result_csv", args=[batch.pk]))
    assert b"Left out." in b"".join(download.streaming_content)


def test_a_batch_applied_twice_writes_each_row_once(supervisor, make_staff, leat, shop, settings, monkeypatch):
    """Two tabs, two supervisors: the first start queues the run, the second finds it under way;
    once it is done, applying again sends nothing."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    from tests.conftest import _client_for

    batch, people = batch_of(supervisor, leat, shop, 4)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    other = _client_for(make_staff, "Supervisor")
    first_tab, second_tab = apply(supervisor, batch), apply(other, batch)
    assert first_tab.status_code == second_tab.status_code == 302
    assert BatchRun.objects.filter(batch=batch, step=BatchRun.Step.APPLY).count() == 1
    waiting = supervisor.get(reverse("batches:progress", args=[batch.pk]), **HTMX).content.decode()
    assert "Waiting for a worker to start." in waiting
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1, 1]
    again = apply(supervisor, batch)
    assert again.status_code == 200 and "Only a previewed batch can be applied" in again.content.decode()
    with pytest.raises(applying.NotReady):
        applying.apply_start(batch=batch, user=supervisor.user)
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1, 1]


def test_a_lost_answer_is_settled_against_leat_never_sent_again(supervisor, leat, shop, sandbox):
    batch, people = batch_of(supervisor, leat, shop, 4)
    sandbox.faults.update({"lose_answer_next": 1})  # the write is done, its answer lost
    apply(supervisor, batch)
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1, 1]
    states = sorted(batch.batch_rows.values_list("state", flat=True))
    assert states == [RowState.DONE] * 3 + [RowState.SETTLED]
    settled = batch.batch_rows.get(state=RowState.SETTLED)
    person = next(p for p in people if p.uuid == settled.contact_uuid)
    assert settled.transaction_uuid == receptions(leat, person)[0].uuid
    lost = AuditEntry.objects.get(outcome=AuditEntry.Outcome.UNKNOWN, action="loyalty.credits")
    assert lost.sent["batch_row"] == settled.number
    assert AuditEntry.objects.get(action="loyalty.credits_settled").result_id == settled.transaction_uuid
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "leatadmin found the transaction in Leat" in html


def test_a_write_lost_before_leat_acted_stays_unknown_and_is_never_sent_again(supervisor, leat, shop, sandbox):
    batch, people = batch_of(supervisor, leat, shop, 3)
    sandbox.faults.update({"drop_writes_next": 1})  # dropped before the sandbox acts: nothing in Leat
    apply(supervisor, batch)
    unknown = batch.batch_rows.get(state=RowState.UNKNOWN)
    assert sorted(len(receptions(leat, person)) for person in people) == [0, 1, 1]
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED
    html = supervisor.get(reverse("batches:detail", args=[batch.pk]) + "?only=unknown").content.decode()
    assert "check the contact before doing it again" in html and f">{unknown.number}<" in html
    # Applying again (were it possible) sends nothing: the row is no longer pending.
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.APPLYING)
    batch.refresh_from_db()
    applying.apply_start(batch=batch, user=supervisor.user)
    assert sorted(len(receptions(leat, person)) for person in people) == [0, 1, 1]


def test_leat_s_429_slows_the_apply_down_and_every_row_is_still_written_once(supervisor, leat, shop, sandbox, monkeypatch):
    from leatadmin.leat.retrying import LeatRetry

    batch, people = batch_of(supervisor, leat, shop, 6)
    # Leat's wait is longer than the client waits out itself: the 429 reaches the batch, which waits and sends again.
    monkeypatch.setattr(LeatRetry, "max_retry_after", 0.5)
    sandbox.faults.update({"fail_next": 3, "fail_status": 429, "retry_after": 1})
    apply(supervisor, batch)
    assert [len(receptions(leat, person)) for person in people] == [1] * 6
    assert set(batch.batch_rows.values_list("state", flat=True)) == {RowState.DONE}
    assert AuditEntry.objects.filter(action="loyalty.credits", error_status=429).count() == 3  # each refusal recorded, none a row's end
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED


def test_leat_down_stops_the_apply_and_starting_it_again_finishes_it(supervisor, leat, shop, sandbox):
    batch, people = batch_of(supervisor, leat, shop, 3)
    sandbox.faults.update({"maintenance": True})
    apply(supervisor, batch)
    run = batch.runs.get(step=BatchRun.Step.APPLY)
    assert run.status == "failed" and set(batch.batch_rows.values_list("state", flat=True)) == {RowState.PENDING}
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "The apply stopped." in html and "Apply the rest" in html
    sandbox.faults.reset()
    apply(supervisor, batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED and [len(receptions(leat, person)) for person in people] == [1, 1, 1]


def test_a_row_leat_refuses_says_why_in_words(supervisor, leat, shop, sandbox):
    batch, people = batch_of(supervisor, leat, shop, 2)
    sandbox.faults.update({"path_status": {"credit-receptions": 400}})  # whatever Leat says, said in words at the row
    apply(supervisor, batch)
    assert set(batch.batch_rows.values_list("state", flat=True)) == {RowState.REFUSED}
    html = supervisor.get(reverse("batches:detail", args=[batch.pk]) + "?only=refused").content.decode()
    assert "Refused by Leat" in html


def test_a_worker_killed_mid_batch_and_started_again_writes_no_row_twice(supervisor, leat, shop, monkeypatch):
    """The worker dies after four rows, while two more are being sent: one reached Leat, one did not.
    Started again, the new run settles those two first (the one in Leat is found, the other stays
    unknown, never sent again), then sends only the rows still pending."""
    batch, people = batch_of(supervisor, leat, shop, 10)
    pending = applying._pending

    def killed_after_four(of_batch):
        for number, row in enumerate(pending(of_batch)):
            if number >= 4:
                while BatchRow.objects.filter(batch=of_batch, state=RowState.DONE).count() < 4:
                    time.sleep(0.01)  # the four rows handed out are written
                raise applying.runs.Abandon  # then nothing more, as if the process were gone
            yield row

    monkeypatch.setattr(applying, "_pending", killed_after_four)
    apply(supervisor, batch)
    run = batch.runs.get(step=BatchRun.Step.APPLY)
    assert run.status == "running" and batch.batch_rows.filter(state=RowState.DONE).count() == 4
    # Rows 6 and 7 were being sent when the worker died: row 6's write reached Leat (its answer and
    # record died with the worker), row 7's never left.
    dead = "dead-attempt"
    from django.utils import timezone

    BatchRow.objects.filter(batch=batch, number__in=(6, 7)).update(state=RowState.WRITING, attempt=dead, claimed_at=timezone.now())
    six = batch.batch_rows.get(number=6)
    leat.credit_receptions.create(contact_uuid=six.contact_uuid, shop_uuid=six.shop_uuid, credits=six.give)
    stalled(run)
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "The apply stopped." in html and "its worker ended" in html
    monkeypatch.setattr(applying, "_pending", pending)
    apply(supervisor, batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1, 1, 1, 0, 1, 1, 1, 1]
    states = dict(batch.batch_rows.values_list("number", "state"))
    assert states[6] == RowState.SETTLED and states[7] == RowState.UNKNOWN
    assert all(states[number] == RowState.DONE for number in (2, 3, 4, 5, 8, 9, 10, 11))
    lost = AuditEntry.objects.filter(outcome=AuditEntry.Outcome.UNKNOWN, action="loyalty.credits").order_by("sent_at")
    assert sorted(entry.sent["batch_row"] for entry in lost) == [6, 7]  # the writes the worker took with it, recorded


def test_applying_asks_for_the_second_factor_again_when_it_is_not_fresh(make_staff, leat, shop):
    from tests.conftest import PageReadingClient
    from tests.signin.support import signed_in
    from tests.signin.test_fresh import ELEVEN_MINUTES, check_again

    client = PageReadingClient()
    client.user = make_staff("Supervisor")
    client.force_login(client.user)
    signed_in(client, client.user, seconds_ago=ELEVEN_MINUTES)
    batch, people = batch_of(client, leat, shop, 2)
    asked = apply(client, batch)
    assert not batch.runs.filter(step=BatchRun.Step.APPLY).exists() and [len(receptions(leat, person)) for person in people] == [0, 0]
    back = check_again(client, asked)
    assert back.status_code == 302 and back["Location"].startswith(reverse("batches:apply", args=[batch.pk]))
    apply(client, batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.APPLIED and [len(receptions(leat, person)) for person in people] == [1, 1]


def test_no_more_than_n_leat_calls_fly_at_once(supervisor, leat, shop, settings, monkeypatch):
    """The apply's threads do the rows' database work beside the calls; the calls themselves stay N."""
    import threading

    from leatadmin.batches import services

    settings.BATCH_CALLS_IN_FLIGHT = 3
    batch, people = batch_of(supervisor, leat, shop, 12)
    lock, flying = threading.Lock(), {"now": 0, "most": 0}
    real = services.leat

    class Counting:
        def __init__(self, receptions) -> None:
            self.receptions = receptions

        def create(self, **kwargs):
            with lock:
                flying["now"] += 1
                flying["most"] = max(flying["most"], flying["now"])
            try:
                time.sleep(0.02)
                return self.receptions.create(**kwargs)
            finally:
                with lock:
                    flying["now"] -= 1

    monkeypatch.setattr(services, "leat", lambda: type("Leat", (), {"credit_receptions": Counting(real().credit_receptions)})())
    apply(supervisor, batch)
    assert flying["most"] == 3 and [len(receptions(leat, person)) for person in people] == [1] * 12
