"""A django-tables2 table written as HTML in Python.

Every table in leatadmin is drawn here (`core/table.html`, the tables'
template, is one tag that calls `table_html`). Why not django-tables2's
template: on the contact page, where five tables are drawn in one request
after Leat answers, its template (a dozen variables resolved per cell, a
querystring tag per page link) and its per-cell machinery were most of the
page's own CPU time: the visits panel took 8 ms to draw ten rows, the
transactions panel 15 ms. The HTML is the same as that template's (with our
htmx attributes); django-tables2 still defines the columns, their render_FOO
methods, ordering and pagination.

Links: each one has a real `href` (the page with the changed query) and an
htmx request for the table's panel (`table.panel_url`) that pushes that URL,
so back, forward and reload work, and links work without JavaScript.
"""

from __future__ import annotations

import html as _html
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_tables2 import utils as tables_utils
from django_tables2.rows import BoundRow
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import Accessor, AttributeDict

from leatadmin.core.templatetags.leat_format import count


def escaped(value: Any) -> str:
    """Django's `conditional_escape`, the same text, without its lazy-string
    wrapper: that wrapper (`keep_lazy`) looks at every argument of every call,
    and a table escapes each of its cells and links, which made it a third of
    drawing one. A lazy string is simply turned into text here (as `str`)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html.escape(str(value))


def attributes(attrs: AttributeDict) -> str:
    """django-tables2's `AttributeDict.as_html`, the same text, escaped by
    `escaped` rather than through `format_html_join` (a fifth of setting up a
    table's columns, drawn for every column of every table)."""
    return " ".join(f'{escaped(key)}="{escaped(value)}"' for key, value in attrs._iteritems())


#: The keyword arguments django-tables2 may pass a render method.
CELL_ARGUMENTS = frozenset({"value", "record", "column", "bound_column", "bound_row", "table"})

#: A value no record holds (`Cells.resolve`: an attribute that is not there).
_MISSING = object()


class Cells:
    """How one column's cells are written, worked out once per table drawn.

    The same steps as django-tables2's BoundRow.get_cell (resolve the accessor,
    the column's default for an empty value, else its render method with the
    arguments it names), without rebuilding them for every cell. A column this
    does not cover (a link column, a render method that wants the bound row,
    a model field with choices) is left to django-tables2 itself."""

    def __init__(self, table: Any, bound_column: Any) -> None:
        self.table, self.bound_column, self.column = table, bound_column, bound_column.column
        self.name = bound_column.name
        self.td = attributes(bound_column.attrs["td"])
        self.accessor = Accessor(bound_column.accessor)
        self.bits = self.accessor.bits
        self.default, self.empty = bound_column.default, self.column.empty_values
        self.render = bound_column.render
        names, any_keyword = tables_utils.signature(self.render)  # cached: core/tables.py
        self.wants = CELL_ARGUMENTS if any_keyword else frozenset(names) & CELL_ARGUMENTS
        self.own_way = bool(bound_column.link) or "bound_row" in self.wants
        self.checked_model = False

    def _choices(self, record: models.Model) -> bool:
        """A model field with choices shows its display value (django-tables2 does that itself)."""
        penultimate, remainder = self.accessor.penultimate(record)
        if not isinstance(penultimate, models.Model):
            return False
        try:
            return bool(getattr(self.accessor.get_field(record), "choices", ()))
        except Exception:  # not a field: a property or a method
            return False

    def resolve(self, record: Any) -> Any:
        """The cell's value, as `Accessor.resolve` finds it (None where it
        fails). Most cells name one attribute of a record that is not a
        mapping: that is looked up directly. `Accessor.resolve` tries the
        record as a mapping first and, for a column the record has no
        attribute for, writes an error message holding the record's repr
        before giving up: both cost more than the cell itself."""
        if len(self.bits) == 1 and not hasattr(type(record), "__getitem__"):
            try:
                value = getattr(record, self.bits[0], _MISSING)
            except Exception:
                return None
            if value is _MISSING:
                return None  # as django-tables2: a column not backed by the record
            if not callable(value):
                return value
        try:
            return self.accessor.resolve(record)
        except Exception:
            return None

    def html(self, record: Any, row: BoundRow) -> str:
        if not self.checked_model and isinstance(record, models.Model):
            self.own_way = self.own_way or self._choices(record)
            self.checked_model = True
        if self.own_way:
            return escaped(row.get_cell(self.name))
        value = self.resolve(record)
        if value in self.empty:
            return escaped(self.default)
        given = {"value": value, "record": record, "column": self.column, "bound_column": self.bound_column, "table": self.table}
        return escaped(self.render(**{name: given[name] for name in self.wants}))


def body(table: Any) -> SafeString:
    columns = [Cells(table, column) for column in table.columns]
    rows = []
    for row in table.paginated_rows:
        record = row.record
        cells = "".join([f"<td {cells.td}>{cells.html(record, row)}</td>" for cells in columns])
        rows.append(f"<tr>{cells}</tr>")
    if not rows and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(rows))


class Links:
    """The table's links: the current query with some parameters replaced
    (what django-tables2's `querystring_replace` tag does)."""

    def __init__(self, table: Any, request: HttpRequest) -> None:
        self.panel_url = table.panel_url
        self.query = {key: request.GET.getlist(key) for key in request.GET}

    def query_with(self, **changes: Any) -> str:
        return escaped("?" + urlencode({**self.query, **changes}, doseq=True))

    def link(self, text: Any, *, extra: str = "", **changes: Any) -> SafeString:
        """`extra`: attributes written as they are (never anything a user typed)."""
        query = self.query_with(**changes)
        return mark_safe(f'<a href="{query}" hx-get="{escaped(self.panel_url)}{query}" hx-push-url="{query}" hx-target="closest [data-panel]"{extra}>{escaped(text)}</a>')


#: A header without sorting links is the same every time a table of that
#: kind is drawn with those columns, in that language: written once.
_static_heads: dict[tuple, SafeString] = {}


def head(table: Any, links: Links) -> SafeString:
    if not table.show_header:
        return mark_safe("")
    names = tuple(column.name for column in table.columns)
    static = not any(column.orderable for column in table.columns)
    key = (type(table), names, get_language())
    if static and key in _static_heads:
        return _static_heads[key]
    cells = []
    for column in table.columns:
        header = column.header
        if column.orderable:
            arrow = (" ↓" if column.order_by_alias.is_descending else " ↑") if column.is_ordered else ""
            header = links.link(format_html("{}{}", header, arrow), **{table.prefixed_order_by_field: column.order_by_alias.next, table.page_field: 1})
        cells.append(format_html("<th {}>{}</th>", mark_safe(attributes(column.attrs["th"])), header))
    html = format_html("<thead><tr>{}</tr></thead>", mark_safe("".join(cells)))
    if static:
        _static_heads[key] = html
    return html


def foot(table: Any) -> SafeString:
    if not table.has_footer():
        return mark_safe("")
    cells = format_html_join("", "<td {}>{}</td>", ((mark_safe(attributes(column.attrs["tf"])), column.footer) for column in table.columns))
    return format_html("<tfoot><tr>{}</tr></tfoot>", cells)


def pages(table: Any, links: Links) -> SafeString:
    field = table.page_field
    page = getattr(table, "page", None)
    label = table.pager_label if getattr(table, "pager_label", "") else gettext("Pages")
    items = []
    if page:
        shown = gettext("%(first)s–%(last)s of %(total)s") % {"first": count(page.start_index()), "last": count(page.end_index()), "total": count(table.paginator.count)}
        items.append(format_html('<li class="muted">{}</li>', shown))
        if page.has_previous():
            items.append(format_html("<li>{}</li>", links.link("‹ " + gettext("Previous"), extra=' rel="prev"', **{field: page.previous_page_number()})))
        if table.paginator.num_pages > 1:
            for number in table_page_range(page, table.paginator):
                if number == "...":
                    items.append(mark_safe("<li><span>…</span></li>"))
                elif number == page.number:
                    items.append(format_html('<li class="active">{}</li>', links.link(number, extra=' aria-current="page"', **{field: number})))
                else:
                    items.append(format_html("<li>{}</li>", links.link(number, **{field: number})))
        if page.has_next():
            items.append(format_html("<li>{}</li>", links.link(gettext("Next") + " ›", extra=' rel="next"', **{field: page.next_page_number()})))
        inner = format_html('<ul class="pagination">{}</ul>', mark_safe("".join(items)))
    elif getattr(table, "paginator", None) and table.paginator.count:
        inner = format_html("<p>{} {}.</p>", gettext("There is no such page."), links.link(gettext("Go to the first page"), **{field: 1}))
    else:
        inner = mark_safe("")
    return format_html('<nav class="table-footer" aria-label="{}">{}</nav>', label, inner)


def table_html(table: Any, request: HttpRequest) -> SafeString:
    """The table, its header links, rows and pages, as django-tables2's template would write them."""
    table.before_render(request)
    links = Links(table, request)
    # A wide table scrolls inside its card on a phone instead of widening the
    # page; tabindex: a keyboard can scroll it too, whether or not its rows hold links.
    return format_html(
        '<div class="table-container"><div class="table-scroll" tabindex="0"><table {}>{}<tbody>{}</tbody>{}</table></div>{}</div>',
        mark_safe(attributes(AttributeDict(table.attrs))) if table.attrs else "",
        head(table, links),
        body(table),
        foot(table),
        pages(table, links),
    )
