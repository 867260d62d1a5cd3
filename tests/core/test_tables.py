"""Every table is django-tables2's own template, extended (templates/core/table.html):
its sort and page links keep a real href beside htmx's request for the table's
panel, each cell carries its column's header for the phone's cards, and the
pager says where the rows are. No library is patched to get there
(test_tables_unpatched.py); the rows are drawn in Python (test_table_rows.py)."""

from __future__ import annotations

import datetime as dt
import re

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.tables import LeatTable, LocalDateTimeColumn, ModelTable
from leatadmin.leat.models import Page
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


class EntryTable(ModelTable):
    target_type = tables.Column(verbose_name="Kind")
    username = tables.Column(verbose_name="Who <b>")
    target_label = tables.Column(verbose_name="Label", default="(none)", orderable=False)
    note = tables.Column(verbose_name="Note", empty_values=(), orderable=False)

    class Meta:
        model = AuditEntry
        fields = ("target_type", "username", "target_label")
        attrs = {"class": "entries"}

    def render_note(self, record: AuditEntry, table) -> str:
        return f"{record.username} & {table.panel_url}"


def entry(username: str, label: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        username=username, action="contacts.edit", target_type=AuditEntry.Target.CONTACT, target_label=label, succeeded=True, outcome="succeeded", created_at=timezone.now()
    )


def flat(html: str) -> str:
    """The HTML without the template's line breaks and indents."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def test_cells_are_labelled_by_their_header_and_escaped_once():
    entry("<script>", label="")
    request = RequestFactory().get("/audit/", {"q": "x"})
    table = EntryTable(AuditEntry.objects.all(), panel_url="/audit/table/")
    RequestConfig(request, paginate={"per_page": 10}).configure(table)
    html = flat(table.as_html(request))

    assert '<table class="entries">' in html and '<div class="table-container"><div class="table-scroll" tabindex="0">' in html
    # A field with choices shows its label; an empty value the column's default.
    assert f'<td data-label="Kind">{AuditEntry.Target.CONTACT.label}</td>' in html
    assert '<td data-label="Label">(none)</td>' in html
    # Escaped once, whatever the cell: a value, a render method's text, a header (and the label made of it).
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<td data-label="Note">&lt;script&gt; &amp; /audit/table/</td>' in html
    assert "Who &lt;b&gt;</a>" in html and 'data-label="Who &lt;b&gt;"' in html


def test_sorting_links_keep_the_query_and_go_back_to_the_first_page():
    entry("a")
    request = RequestFactory().get("/audit/", {"q": "x", "page": "2", "sort": "username"})
    table = EntryTable(AuditEntry.objects.all(), panel_url="/audit/table/", order_by="username")
    RequestConfig(request, paginate={"per_page": 10}).configure(table)
    html = flat(table.as_html(request))

    # Sorted by username: its link turns the order round, and shows the arrow;
    # a real href (no JavaScript needed) beside htmx's request for the table alone.
    query = "?q=x&amp;page=1&amp;sort=-username"
    assert f'<a href="{query}" hx-get="/audit/table/{query}" hx-push-url="{query}" hx-target="closest [data-panel]">Who &lt;b&gt; ↑</a>' in html
    # A column that cannot be sorted is a plain header.
    assert "<th >Label</th>" in html


class Numbers(LeatTable):
    number = tables.Column(verbose_name="N", orderable=False)


def test_pages_of_a_leat_list():
    page = Page(items=[{"number": n} for n in range(11, 21)], page=2, per_page=10, total=45, last_page=5)
    request = RequestFactory().get("/contacts/x/", {"tx_type": "credit", "tx_page": "2"})
    html = flat(Numbers(page, panel_url="/contacts/x/transactions/", page_field="tx_page").as_html(request))

    assert html.count('<td data-label="N">') == 10 and '<td data-label="N">11</td>' in html and '<td data-label="N">20</td>' in html
    assert '<nav class="table-footer" aria-label="Pages">' in html and "11–20 of 45" in html
    first = "?tx_type=credit&amp;tx_page=1"
    assert f'<a href="{first}" hx-get="/contacts/x/transactions/{first}" hx-push-url="{first}" hx-target="closest [data-panel]" rel="prev">‹ Previous</a>' in html
    assert 'rel="next">Next ›</a>' in html and "?tx_type=credit&amp;tx_page=3" in html
    assert '<li class="active"><a href="?tx_type=credit&amp;tx_page=2"' in html and 'aria-current="page">2</a>' in html


def test_a_long_list_skips_pages_and_names_its_pager():
    class Transactions(Numbers):
        pager_label = gettext_lazy("Transaction pages")

    page = Page(items=[{"number": n} for n in range(10)], page=60, per_page=10, total=1200, last_page=120)
    html = flat(Transactions(page, panel_url="/p/", page_field="tx_page").as_html(RequestFactory().get("/")))
    assert '<nav class="table-footer" aria-label="Transaction pages">' in html and "591–600 of 1,200" in html
    assert "<li><span>…</span></li>" in html and ">120</a>" in html and ">1</a>" in html and ">30</a>" not in html


def test_past_the_last_page_offers_the_first():
    page = Page(items=[], page=9, per_page=10, total=45, last_page=5)
    request = RequestFactory().get("/contacts/x/", {"tx_page": "9"})
    html = flat(Numbers(page, panel_url="/p/", page_field="tx_page").as_html(request))

    assert '<p>There is no such page. <a href="?tx_page=1" hx-get="/p/?tx_page=1"' in html


def test_an_empty_list_says_so():
    page = Page(items=[], page=1, per_page=10, total=0, last_page=1)

    class Empty(Numbers):
        class Meta:
            empty_text = "Nothing here."

    html = flat(Empty(page, panel_url="/p/", page_field="tx_page").as_html(RequestFactory().get("/")))
    assert '<tr><td colspan="1">Nothing here.</td></tr>' in html


class Dated(LeatTable):
    when = LocalDateTimeColumn(verbose_name=gettext_lazy("Date"), orderable=False)


def test_headers_pager_and_dates_in_each_language():
    moment = dt.datetime(2026, 12, 24, 18, 30, tzinfo=dt.UTC)
    page = Page(items=[{"when": moment}, {"when": None}], page=1, per_page=2, total=3, last_page=2)
    request = RequestFactory().get("/")
    with timezone.override("Europe/Amsterdam"):
        with translation.override("en"):
            english = flat(Dated(page, panel_url="/p/", page_field="page").as_html(request))
        with translation.override("nl"):
            dutch = flat(Dated(page, panel_url="/p/", page_field="page").as_html(request))
    assert "<th >Date</th>" in english and '<td class="when" data-label="Date">24 Dec 2026, 19:30</td>' in english and "1–2 of 3" in english and "Next ›" in english
    assert "<th >Datum</th>" in dutch and '<td class="when" data-label="Datum">24-12-2026 19:30</td>' in dutch and "1–2 van 3" in dutch and "Volgende ›" in dutch
    assert '<td class="when" data-label="Date">—</td>' in english


def test_a_column_one_table_hides_stays_shown_in_the_next():
    from leatadmin.loyalty.tables import TransactionTable

    empty = Page(items=[], page=1, per_page=10, total=0, last_page=1)
    hidden = TransactionTable(empty, panel_url="/x/", page_field="tx_page", can_undo=False)
    shown = TransactionTable(empty, panel_url="/x/", page_field="tx_page", can_undo=True)
    assert "undo" not in [column.name for column in hidden.columns]
    assert "undo" in [column.name for column in shown.columns]
    assert TransactionTable.base_columns["undo"].visible


def test_the_contacts_bookings_page_by_their_own_parameter(agent, anna):
    """The bookings panel's page and sort are `b_page` and `b_sort`, beside the
    contact page's other panels' parameters, and its page links reach page 2."""
    for n in range(12):
        BookingRecord.objects.create(uuid=f"paged-{n}", contact_uuid=anna.uuid, contact_email=anna.email, shop_name="Arcade", starts_at=timezone.now() - dt.timedelta(days=n), number_of_people=2)
    first = agent.get(reverse("contacts:bookings", args=[anna.uuid]), **HTMX).content.decode()
    assert "1–10 of 12" in first and 'href="?b_page=2"' in first and 'href="?b_sort=starts_at&amp;b_page=1"' in first
    second = agent.get(reverse("contacts:bookings", args=[anna.uuid]), {"b_page": "2"}, **HTMX).content.decode()
    assert "11–12 of 12" in second and 'aria-current="page">2<' in second


def test_row_links_are_reversed_and_an_odd_identifier_gets_no_link():
    from leatadmin.core.links import contact_link, page_url

    contact = "6ce9da66-1dcf-484c-9e02-79e17f9ac098"
    assert page_url("contact", contact) == reverse("contacts:detail", args=[contact])
    assert page_url("booking", "B-12") == reverse("bookings:detail", args=["B-12"])
    for odd in ("", "not/an id", "B-12\n"):
        assert page_url("visit", odd) == ""
    assert contact_link(contact, "anna@example.com", allowed=True) == f'<a href="/contacts/{contact}/">anna@example.com</a>'
    assert contact_link("old label", "anna@example.com", allowed=True) == "anna@example.com"
