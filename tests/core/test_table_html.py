"""Tables written in Python (core/table_html.py): the same cells, links and
pages django-tables2's own template would give, with our htmx attributes."""

from __future__ import annotations

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from leatadmin.audit.models import AuditEntry
from leatadmin.core.table_html import table_html
from leatadmin.core.tables import LeatTable, ModelTable
from leatadmin.leat.models import Page

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


def test_cells_as_django_tables2_renders_them():
    entry("<script>", label="")
    request = RequestFactory().get("/audit/", {"q": "x"})
    table = EntryTable(AuditEntry.objects.all(), panel_url="/audit/table/")
    RequestConfig(request, paginate={"per_page": 10}).configure(table)
    html = table_html(table, request)

    assert '<table class="entries">' in html
    # A field with choices shows its label; an empty value the column's default.
    assert f"<td >{AuditEntry.Target.CONTACT.label}</td>" in html
    assert "<td >(none)</td>" in html
    # Escaped once, whatever the cell: a value, a render method's text, a header.
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "&lt;script&gt; &amp; /audit/table/" in html
    assert "Who &lt;b&gt;" in html


def test_sorting_links_keep_the_query_and_go_back_to_the_first_page():
    entry("a")
    request = RequestFactory().get("/audit/", {"q": "x", "page": "2", "sort": "username"})
    table = EntryTable(AuditEntry.objects.all(), panel_url="/audit/table/", order_by="username")
    RequestConfig(request, paginate={"per_page": 10}).configure(table)
    html = table_html(table, request)

    # Sorted by username: its link turns the order round, and shows the arrow.
    assert 'href="?q=x&amp;page=1&amp;sort=-username"' in html
    assert 'hx-get="/audit/table/?q=x&amp;page=1&amp;sort=-username"' in html
    assert "Who &lt;b&gt; ↑</a>" in html
    # A column that cannot be sorted is a plain header.
    assert "<th >Label</th>" in html


class Numbers(LeatTable):
    number = tables.Column(verbose_name="N", orderable=False)


def test_pages_of_a_leat_list():
    page = Page(items=[{"number": n} for n in range(11, 21)], page=2, per_page=10, total=45, last_page=5)
    request = RequestFactory().get("/contacts/x/", {"tx_type": "credit", "tx_page": "2"})
    html = table_html(Numbers(page, panel_url="/contacts/x/transactions/", page_field="tx_page"), request)

    assert html.count("<tr><td >") == 10
    assert "11–20 of 45" in html
    assert '<a href="?tx_type=credit&amp;tx_page=1" hx-get="/contacts/x/transactions/?tx_type=credit&amp;tx_page=1"' in html
    assert 'rel="prev">‹ Previous</a>' in html and 'rel="next">Next ›</a>' in html
    assert '<li class="active"><a href="?tx_type=credit&amp;tx_page=2"' in html and 'aria-current="page">2</a>' in html


def test_past_the_last_page_offers_the_first():
    page = Page(items=[], page=9, per_page=10, total=45, last_page=5)
    request = RequestFactory().get("/contacts/x/", {"tx_page": "9"})
    html = table_html(Numbers(page, panel_url="/p/", page_field="tx_page"), request)

    assert "There is no such page." in html and 'href="?tx_page=1"' in html


class Dated(LeatTable):
    number = tables.Column(verbose_name=gettext_lazy("Date"), orderable=False)


def test_a_header_written_once_is_written_once_per_language():
    page = Page(items=[{"number": 1}], page=1, per_page=10, total=1, last_page=1)
    request = RequestFactory().get("/")
    with translation.override("en"):
        english = table_html(Dated(page, panel_url="/p/", page_field="page"), request)
    with translation.override("nl"):
        dutch = table_html(Dated(page, panel_url="/p/", page_field="page"), request)
    assert "<th >Date</th>" in english and "<th >Datum</th>" in dutch


def test_escaped_is_djangos_conditional_escape():
    from django.utils.html import conditional_escape, format_html

    from leatadmin.core.table_html import escaped

    with translation.override("nl"):
        for value in ["<a href='x'>&amp;\"</a>", "plain", 1612, None, format_html("<b>{}</b>", "<i>"), gettext_lazy("Yes"), gettext_lazy("<Loading> & more")]:
            assert escaped(value) == conditional_escape(value), value


def test_a_column_one_table_hides_stays_shown_in_the_next():
    from leatadmin.contacts.tables import TransactionTable

    empty = Page(items=[], page=1, per_page=10, total=0, last_page=1)
    hidden = TransactionTable(empty, panel_url="/x/", page_field="tx_page", can_undo=False)
    shown = TransactionTable(empty, panel_url="/x/", page_field="tx_page", can_undo=True)
    assert "undo" not in [column.name for column in hidden.columns]
    assert "undo" in [column.name for column in shown.columns]
    assert TransactionTable.base_columns["undo"].visible


def test_attributes_are_written_as_django_tables2_writes_them():
    from django_tables2.utils import AttributeDict

    from leatadmin.core.table_html import attributes

    with translation.override("nl"):
        for attrs in [{}, {"class": "when"}, {"class": "a b", "id": "x", "data-x": 'q"<&>'}, {"title": gettext_lazy("Yes"), "hidden": None, "td": {"class": "x"}}, {"data-n": 3, "data-f": lambda: "called"}]:
            assert attributes(AttributeDict(attrs)) == AttributeDict(attrs).as_html(), attrs


def test_a_cell_finds_its_value_as_django_tables2_does():
    """Cells.resolve looks one attribute up directly; whatever it finds (or
    fails to) is what django-tables2's Accessor finds."""
    from dataclasses import dataclass

    from django_tables2.utils import Accessor

    from leatadmin.core.table_html import Cells

    @dataclass
    class Record:
        name: str = "n"
        nothing: None = None

        @property
        def broken(self):
            raise RuntimeError("no")

        def method(self):
            return "called"

        def delete(self):
            raise AssertionError("never called")

        delete.alters_data = True

    class Table(tables.Table):
        name = tables.Column()

    saved = entry("<someone>")
    table = Table([])
    cells = Cells(table, table.columns["name"])
    for record in [Record(), {"name": "from a dict", "name__x": 1}, saved, "text", 5, None]:
        for accessor in ["name", "nothing", "broken", "method", "delete", "missing", "username", "target_type", "__len__", "0", "name__upper", ""]:
            cells.accessor, cells.bits = Accessor(accessor), Accessor(accessor).bits
            assert cells.resolve(record) == Accessor(accessor).resolve(record, quiet=True), (record, accessor)
