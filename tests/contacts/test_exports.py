"""Exporting a contact's transactions: complete, in order, in pages, with progress."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from leatadmin.contacts.models import TransactionExport
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def download(client, export) -> list[dict]:
    response = client.get(reverse("contacts:export_download", args=[export.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_all_transactions(supervisor, anna, leat, sandbox):
    sandbox.reset_stats()
    response = supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]), {"tx_type": ""})
    export = TransactionExport.objects.get()
    assert response["Location"] == reverse("contacts:export", args=[export.pk])
    assert export.status == "done" and export.done == export.total == 1200
    assert sandbox.stats()["routes"] == {"GET loyalty-transactions": 12}  # 100 a page, each once
    rows = download(supervisor, export)
    assert len(rows) == 1200 and len({row["uuid"] for row in rows}) == 1200
    first_page = [t.uuid for t in leat.transactions.list(contact_uuid=anna.uuid, limit=100).items]
    assert [row["uuid"] for row in rows[:100]] == first_page  # Leat's order, pages in sequence
    html = supervisor.get(reverse("contacts:export", args=[export.pk])).content.decode()
    assert "Ready: 1,200 transactions." in html and "Download CSV" in html


def test_export_keeps_the_type_filter(supervisor, anna):
    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]), {"tx_type": "reward_receptions"})
    rows = download(supervisor, TransactionExport.objects.get())
    assert rows and {row["type"] for row in rows} == {"reward_reception"} and all(int(row["credits"]) < 0 for row in rows)
    assert all(row["description"].startswith("Reward: ") for row in rows)


def test_export_button_is_for_supervisors(agent, supervisor, anna):
    panel = supervisor.get(reverse("contacts:transactions", args=[anna.uuid]), **HTMX).content.decode()
    assert "Export transactions as CSV" in panel
    assert "Export" not in agent.get(reverse("contacts:transactions", args=[anna.uuid]), **HTMX).content.decode()
    assert agent.post(reverse("contacts:export_transactions", args=[anna.uuid])).status_code == 403


def test_an_export_is_only_for_who_started_it(supervisor, make_staff, anna):
    from tests.conftest import _client_for

    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    other = _client_for(make_staff, "Supervisor")
    assert other.get(reverse("contacts:export", args=[export.pk])).status_code == 404
    assert other.get(reverse("contacts:export_download", args=[export.pk])).status_code == 404


def test_running_export_page_polls_its_progress(supervisor):
    export = TransactionExport.objects.create(user=supervisor.user, contact_uuid="x", status="running", total=1000, done=250)
    partial = supervisor.get(reverse("contacts:export", args=[export.pk]), **HTMX).content.decode()
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial
    assert "250 of 1,000 transactions (25%)" in partial and 'value="25"' in partial


def test_export_failing_in_leat_says_so_and_offers_a_restart(supervisor, anna, sandbox):
    sandbox.faults.update({"path_status": {"loyalty-transactions": 500}})
    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    assert export.status == "failed"
    html = supervisor.get(reverse("contacts:export", args=[export.pk])).content.decode()
    assert "The export failed." in html and "Start it again" in html and "every 1s" not in html
    assert supervisor.get(reverse("contacts:export_download", args=[export.pk])).status_code == 404


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_export_is_queued_and_the_worker_process_runs_it(supervisor, anna, settings, monkeypatch):
    """#10.1: the export is a task on the database queue, not a thread in the web worker."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    response = supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    assert response.status_code == 302 and export.status == "queued" and export.task_id
    assert DBTaskResult.objects.get().status == "READY"
    waiting = supervisor.get(reverse("contacts:export", args=[export.pk]), **HTMX).content.decode()
    assert "Waiting for a worker" in waiting and 'hx-trigger="every 1s"' in waiting

    # The Procfile's worker, in batch mode; it would close the test's own connection between tasks.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    export.refresh_from_db()
    assert export.status == "done" and export.done == 1200
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(download(supervisor, export)) == 1200


def test_export_whose_worker_died_ends_failed_instead_of_running_forever(supervisor, settings):
    """#10.1: a worker killed mid-export (or a reload) leaves no export "running" at 16% for ever."""
    from datetime import timedelta

    from django.utils import timezone

    stalled = timezone.now() - timedelta(seconds=settings.EXPORT_STALL_SECONDS + 1)
    export = TransactionExport.objects.create(user=supervisor.user, contact_uuid="x", status="running", total=1000, done=160, updated_at=stalled)
    html = supervisor.get(reverse("contacts:export", args=[export.pk]), **HTMX).content.decode()
    assert "The export failed." in html and "stopped" in html and "Start it again" in html
    assert "every 1s" not in html  # the page stops polling
    export.refresh_from_db()
    assert export.status == "failed" and export.finished_at

    moving = TransactionExport.objects.create(user=supervisor.user, contact_uuid="x", status="running", total=1000, done=160)
    assert "every 1s" in supervisor.get(reverse("contacts:export", args=[moving.pk]), **HTMX).content.decode()


def test_export_failing_with_any_exception_ends_failed(supervisor, anna, monkeypatch):
    """#10.1: not only a LeatError: a bug in the export also ends it as failed, with a message."""
    from leatadmin.contacts import exports

    def broken_row(item):
        raise ValueError("a bug")

    monkeypatch.setattr(exports, "_row", broken_row)
    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    assert export.status == "failed" and "stopped unexpectedly" in export.error
    html = supervisor.get(reverse("contacts:export", args=[export.pk])).content.decode()
    assert "The export failed." in html and "every 1s" not in html


def test_export_file_is_in_the_shared_storage_so_any_server_serves_it(supervisor, anna, settings, tmp_path):
    """#10.2: the file goes through STORAGES["default"], not one server's disk."""
    from django.core.files.storage import default_storage

    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    export = TransactionExport.objects.get()
    assert default_storage.exists(export.file_name)  # tests use InMemoryStorage: no local file at all
    assert len(download(supervisor, export)) == 1200
    default_storage.delete(export.file_name)
    assert supervisor.get(reverse("contacts:export_download", args=[export.pk])).status_code == 404  # expired

    # Any storage, by settings alone: here a folder that could be a shared volume.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    second = TransactionExport.objects.latest("pk")
    assert (tmp_path / second.file_name).is_file()
    assert len(download(supervisor, second)) == 1200
