"""Issue #9, audit log: filters that say what is wrong (in the htmx swap too),
an export link that follows the filter, CSV cells no spreadsheet runs."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from leatadmin.core.spreadsheet import safe_cell, safe_row
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

FORMULA_EMAIL = "=1+2@example.com"


@pytest.fixture
def entries(agent, unique_email):
    agent.post(reverse("contacts:create"), {"email": unique_email})
    agent.post(reverse("contacts:create"), {"email": "anna.devries@example.com"})  # fails: 60005


def exported(client, url_or_params) -> list[dict]:
    response = client.get(url_or_params) if isinstance(url_or_params, str) else client.get(reverse("audit:export"), url_or_params)
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_audit_dates_out_of_range_are_refused_at_the_field(supervisor, entries, params):
    for headers in ({}, HTMX):
        response = supervisor.get(reverse("audit:list"), params, **headers)
        assert response.status_code == 200 and "Enter a date between 1900 and 2999." in response.content.decode()
    response = supervisor.get(reverse("audit:export"), params)
    assert response.status_code == 200 and exported(supervisor, params) == []


def test_audit_filter_error_shows_in_the_htmx_swap_and_lists_nothing(supervisor, entries):
    params = {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    html = supervisor.get(reverse("audit:list"), params, **HTMX).content.decode()
    assert "Fix the filter to see entries." in html and "The end date is before the start date." in html
    assert "contact.create" not in html.split('id="filter-errors"')[1]
    assert exported(supervisor, params) == []  # an unreadable filter exports nothing, not everything


def test_audit_export_link_follows_the_htmx_filter(supervisor, entries):
    html = supervisor.get(reverse("audit:list"), {"outcome": "failure"}, **HTMX).content.decode()
    link = html.split('id="export"')[1].split(">")[0]
    assert 'hx-swap-oob="true"' in link and "outcome=failure" in link
    full = supervisor.get(reverse("audit:list"), {"outcome": "failure"}).content.decode()
    assert "hx-swap-oob" not in full and "outcome=failure" in full.split('id="export"')[1].split(">")[0]


def export_link(html: str) -> str:
    return re.search(r'id="export" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def exported_by_link(client, filters: dict, *, htmx: bool = False) -> tuple[str, list[dict]]:
    """The log filtered as the form does it (posted), then its export link followed."""
    response = client.post(reverse("audit:list"), filters, follow=True, **(HTMX if htmx else {}))
    assert response.redirect_chain[-1][1] == 303
    link = export_link(response.content.decode())
    return link, exported(client, link)


def test_audit_export_neutralises_formulas(agent, supervisor):
    agent.post(reverse("contacts:create"), {"email": FORMULA_EMAIL})
    _link, rows = exported_by_link(supervisor, {"target": FORMULA_EMAIL})
    assert rows and all(row["target"] == "'" + FORMULA_EMAIL for row in rows)
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


@pytest.mark.parametrize("htmx", [False, True])
def test_the_export_link_follows_a_filter_by_email_without_the_email_in_it(supervisor, entries, unique_email, htmx):
    """#28.6: the export link carries the person by reference, and exports what the list shows."""
    link, rows = exported_by_link(supervisor, {"target": unique_email, "outcome": "success"}, htmx=htmx)
    assert link.startswith(reverse("audit:export") + "?") and "ref=" in link and "outcome=success" in link
    assert unique_email.split("@")[0] not in link and "example" not in link
    assert [row["target"] for row in rows] == [unique_email] and rows[0]["action"] == "contact.create"
    # Without the filter by person, both entries are there: the reference is what narrowed it.
    assert len(exported(supervisor, {})) == 2


def test_transactions_export_neutralises_formulas_and_keeps_numbers(supervisor, anna, leat, sandbox):
    from leatadmin.contacts.models import TransactionExport

    shop = leat.transactions.list(contact_uuid=anna.uuid, limit=1).items[0].shop
    with sandbox.store.write() as conn:
        conn.execute("UPDATE shops SET name = ? WHERE uuid = ?", ("+1+cmd|' /C calc'!A0", shop.uuid))
    try:
        supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]), {"tx_type": ""})
    finally:
        with sandbox.store.write() as conn:
            conn.execute("UPDATE shops SET name = ? WHERE uuid = ?", (shop.name, shop.uuid))
    export = TransactionExport.objects.get()
    response = supervisor.get(reverse("contacts:export_download", args=[export.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert any(row["shop"] == "'+1+cmd|' /C calc'!A0" for row in rows)
    assert not any(row["shop"].startswith("+") for row in rows)
    spent = [row["credits"] for row in rows if row["credits"].startswith("-")]
    assert spent and all(int(value) < 0 for value in spent)  # real numbers stay numbers


@pytest.mark.parametrize("text", ["=1+2", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_prefixed(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_stay_as_they_are():
    from decimal import Decimal

    assert safe_row([-2, Decimal("-2.50"), -0.5, 3, "Anna", "", None, True]) == [-2, Decimal("-2.50"), -0.5, 3, "Anna", "", None, True]
