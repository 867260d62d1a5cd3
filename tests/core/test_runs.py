"""One tracked background run (core/runs.py) for the export, the directory
backfill and the visit index: started once, run once, declared dead when its
worker is gone, and its failure said in the reader's language."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from leatadmin.contacts.models import TransactionExport
from leatadmin.core import runs
from leatadmin.visits import index
from leatadmin.visits.models import VisitIndexRun
from tests.runs import stalled

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, monkeypatch):
    """The production queue (django-tasks-db), and its worker in batch mode."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_QUEUE
    # The worker would close the test's own connection between tasks.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def work() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return work


def test_a_second_click_on_export_gets_the_export_under_way(supervisor, anna, queue):
    """Before, each click queued one more export of the same transactions."""
    from django_tasks_db.models import DBTaskResult

    url = reverse("contacts:export_transactions", args=[anna.uuid])
    first, second = supervisor.post(url, {"tx_type": ""}), supervisor.post(url, {"tx_type": ""})
    export = TransactionExport.objects.get()
    assert first["Location"] == second["Location"] == reverse("contacts:export", args=[export.pk])
    assert DBTaskResult.objects.count() == 1
    other_kind = supervisor.post(url, {"tx_type": "reward_receptions"})  # another export: its own run
    assert other_kind["Location"] != first["Location"] and TransactionExport.objects.count() == 2
    queue()
    assert set(TransactionExport.objects.values_list("status", flat=True)) == {"done"}


def test_two_starts_at_the_same_instant_make_one_run(leat, monkeypatch):
    """Both see no run under way; the database's unique claim lets one through,
    and the other gets that one."""
    looked = []
    real_current = runs.current

    def both_looked_before_either_wrote(kind, **fields):
        looked.append(kind)
        if len(looked) == 1:
            VisitIndexRun.objects.create(claim=VisitIndexRun().scope(), status="running")  # the other start, in between
            return None
        return real_current(kind, **fields)

    monkeypatch.setattr(runs, "current", both_looked_before_either_wrote)
    run = index.visit_index_start(resume=False)
    assert VisitIndexRun.objects.count() == 1 and run.status == "running" and run.done == 0  # the other's, not run again


def test_a_run_queued_twice_runs_once(leat, sandbox, queue, monkeypatch):
    """A read no worker took up is declared dead and started again; when the
    worker comes, the first task finds the run no longer its own."""
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(index, "FULL_READ_LIMIT", 200)
    first = index.visit_index_start()
    assert first.status == "queued"
    stalled(first)
    assert index.visit_index_last().status == "failed"  # nobody took it up: said so
    again = index.visit_index_start()
    assert again.pk == first.pk and again.status == "queued" and DBTaskResult.objects.count() == 2
    sandbox.reset_stats()
    queue()
    run = index.visit_index_last()
    pages = -(-run.total // 200)
    assert run.status == "done" and run.done == run.total
    assert sandbox.stats()["routes"]["GET visits"] == pages + 1  # one read: its pages and the count at the end
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]


def test_a_run_whose_task_cannot_be_queued_fails_and_frees_its_scope(leat, monkeypatch):
    from types import SimpleNamespace

    def no_queue(*args, **kwargs):
        raise ConnectionError("the task queue is down")

    monkeypatch.setattr(index, "visit_index_task", SimpleNamespace(enqueue=no_queue))
    with pytest.raises(ConnectionError):
        index.visit_index_start()
    run = VisitIndexRun.objects.get()
    assert run.status == "failed" and run.claim is None and "No task worker took the read up" in run.failure


def test_a_failure_is_stored_as_words_to_translate_and_shown_in_the_readers_language(supervisor, anna, sandbox):
    """Before, the export stored "<Leat's English> Start the export again." and
    a Dutch page showed it in English."""
    sandbox.faults.update({"path_status": {"loyalty-transactions": 500}})
    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    assert (export.error, export.leat_message) == (TransactionExport.failed_in_leat, "Server Error")
    page = reverse("contacts:export", args=[export.pk])
    english = supervisor.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch = supervisor.get(page, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Leat had an internal error. Start the export again." in english
    assert "Start the export again" not in dutch and "internal error" not in dutch
    assert "Leat had een interne fout." in dutch
