"""Exporting a contact's transactions: complete, in order, in pages, with progress."""

from __future__ import annotations

import csv
import io
import time

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
    assert export.status == "done" and export.rows_done == export.rows_total == 1200
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
    export = TransactionExport.objects.create(user=supervisor.user, contact_uuid="x", rows_total=1000, rows_done=250)
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


@pytest.mark.django_db(transaction=True)
def test_export_runs_in_the_background(make_staff, anna, settings):
    from tests.conftest import _client_for

    settings.EXPORTS_IN_BACKGROUND = True
    client = _client_for(make_staff, "Supervisor")
    response = client.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    assert response.status_code == 302  # answered before the export is done
    export = TransactionExport.objects.get()
    for _ in range(100):
        export.refresh_from_db()
        if export.status != "running":
            break
        time.sleep(0.05)
    assert export.status == "done" and export.rows_done == 1200
