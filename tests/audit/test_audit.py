"""The audit log: every write recorded, read-only, filterable, exportable."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def without_labels(html: str) -> str:
    """The page without its table cells' labels (data-label: on a phone each row is a card that labels its values)."""
    return re.sub(r' data-label="[^"]*"', "", html)


@pytest.fixture
def entries(agent, unique_email):
    agent.post(reverse("contacts:create"), {"email": unique_email})
    agent.post(reverse("contacts:create"), {"email": "anna.devries@example.com"})  # fails: 60005
    return AuditEntry.objects.order_by("id")


def test_success_and_failure_are_both_recorded(entries, agent, unique_email):
    ok, failed = entries
    assert ok.succeeded and ok.username == agent.user.username and ok.target_label == unique_email
    assert not failed.succeeded and failed.error_code == 60005 and failed.error_message.startswith("Contact already exists")


def test_audit_page_filters(supervisor, entries, agent):
    page = reverse("audit:list")
    html = supervisor.get(page).content.decode()
    assert "contact.create" in html and agent.user.username in html
    # A URL naming the target is turned into one with the target by reference (#28.6): followed.
    assert "No audit entries match." in supervisor.get(page, {"outcome": "failure", "target": "no-such-target"}, follow=True).content.decode()
    failed = supervisor.get(page, {"outcome": "failure"}, **HTMX).content.decode()
    assert "<html" not in failed and "Failed" in failed and "60005" in failed
    assert "anna.devries@example.com" in supervisor.get(page, {"target": "anna.devries"}, follow=True).content.decode()
    assert "No audit entries match." in supervisor.get(page, {"date_from": "2000-01-01", "date_to": "2000-01-02"}).content.decode()
    assert supervisor.get(page, {"target_type": "booking"}).status_code == 200


def test_audit_detail_shows_the_diff(supervisor, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    supervisor.post(reverse("contacts:edit", args=[uuid]), {"firstname": "Before"})
    supervisor.post(reverse("contacts:edit", args=[uuid]), {"firstname": "After"})
    entry = AuditEntry.objects.filter(action="contact.update").latest("id")
    html = without_labels(supervisor.get(reverse("audit:detail", args=[entry.pk])).content.decode())
    # Leat's label for the attribute (its definitions are cached by the edit form), not its name.
    assert "<td>First name</td><td>Before</td><td>After</td><td>After</td>" in html.replace("\n", "")


def test_export_streams_the_filtered_log_as_csv(supervisor, entries):
    response = supervisor.get(reverse("audit:export"), {"outcome": "failure"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1 and rows[0]["error_code"] == "60005" and rows[0]["succeeded"] == "no"


def test_entries_cannot_be_edited_or_deleted(entries, admin_client):
    entry = entries.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200  # view only
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_api_key_never_reaches_the_audit(entries, sandbox):
    for entry in AuditEntry.objects.all():
        assert sandbox.api_key not in str(entry.__dict__)
