"""The audit log for staff limited to shops: the entries about a visit or
booking at their shops, and their own; not the others' entries about another
shop or about no shop (list, htmx partial, filter, an entry by URL, the CSV)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import SUPERVISOR
from tests.conftest import HTMX
from tests.staff.conftest import options

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(made, shops, supervisor):
    """Entry pk by what it is about (the visits and bookings are `made`'s, by another supervisor)."""
    by = {entry.target_id: entry.pk for entry in AuditEntry.objects.all()}
    lost = AuditEntry.objects.create(username="colleague", action="booking.create", target_type="booking", sent={"shop_uuid": shops[0].uuid, "external_id": "LA-LOST"}, succeeded=False, outcome="unknown")
    lost_elsewhere = AuditEntry.objects.create(username="colleague", action="booking.create", target_type="booking", sent={"shop_uuid": shops[1].uuid}, succeeded=False, outcome="failed")
    chain = AuditEntry.objects.create(username="colleague", action="contact.update", target_type="contact", target_id=made["contact"].uuid, succeeded=True, outcome="succeeded")
    return {
        "mine": [by[made["visits"][0].uuid], by[made["bookings"][0].uuid], lost.pk],
        "theirs": [by[made["visits"][1].uuid], by[made["bookings"][1].uuid], lost_elsewhere.pk, chain.pk],
    }


def shown(html: str, pk: int) -> bool:
    return f'href="{reverse("audit:detail", args=[pk])}"' in html


def test_a_limited_supervisor_reads_their_shops_entries_and_their_own(limited, log, shops):
    client = limited(SUPERVISOR, shops[0].uuid)
    own = AuditEntry.objects.create(user=client.user, username=client.user.username, action="contact.update", target_type="contact", succeeded=True, outcome="succeeded")
    for html in (client.get(reverse("audit:list")).content.decode(), client.get(reverse("audit:list"), **HTMX).content.decode()):
        assert all(shown(html, pk) for pk in [*log["mine"], own.pk])
        assert not any(shown(html, pk) for pk in log["theirs"])


def test_a_supervisor_without_shops_reads_every_entry(supervisor, log):
    html = supervisor.get(reverse("audit:list")).content.decode()
    assert all(shown(html, pk) for pk in [*log["mine"], *log["theirs"]])


def test_the_filter_offers_only_who_and_what_they_may_read(limited, log, shops):
    client = limited(SUPERVISOR, shops[0].uuid)
    page = client.get(reverse("audit:list")).content.decode()
    assert "colleague" in options(page, "username") and 'value="contact.update"' not in options(page, "action")
    filtered = client.post(reverse("audit:list"), {"target": "LA-LOST"}, follow=True, **HTMX).content.decode()
    assert shown(filtered, log["mine"][2]) and not shown(filtered, log["theirs"][2])


def test_an_entry_about_another_shop_or_no_shop_is_a_403_by_url(limited, log, shops):
    client = limited(SUPERVISOR, shops[0].uuid)
    assert client.get(reverse("audit:detail", args=[log["mine"][1]])).status_code == 200
    for pk in log["theirs"]:
        response = client.get(reverse("audit:detail", args=[pk]))
        assert response.status_code == 403 and "This shop is not one of yours" in response.content.decode()
    partial = client.get(reverse("audit:detail", args=[log["theirs"][0]]), **HTMX)
    assert partial.status_code == 403 and "<html" not in partial.content.decode()


def test_the_export_holds_only_what_they_may_read(limited, log, shops):
    client = limited(SUPERVISOR, shops[0].uuid)
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(reverse("audit:export")).streaming_content).decode())))
    exported = {(row["action"], row["target_id"]) for row in rows}
    expected = {(entry.action, entry.target_id) for entry in AuditEntry.objects.filter(pk__in=log["mine"])}
    assert exported == expected
