"""A table's rows, drawn in Python once per table (the `<tbody>` of templates/core/table.html).

Why: django-tables2's template draws every cell through `BoundRow.get_cell`,
which inspects the render method's signature for each cell, and through a
dozen template lookups (`column.attrs.td.as_html`, the header again for
`data-label`, the localisation branches). The contact page's 25 transactions
took about 20 ms of CPU that way, about 6 ms this way, most of it the cells'
own formatting (docs/performance.md, "Kept: tables' rows drawn in Python").

The HTML is the template's row block's, exactly (tests/core/test_table_rows.py
draws every table both ways). What is worked out once per table: each
column's `<td>` attributes and its header as the cell's label, and the
arguments its render method takes. For each cell, the steps of
`BoundRow.get_cell`: the accessor's value, the column's default for an empty
one, else the render method called with the arguments it names. All of it
through django-tables2's public API; what this does not cover is left to it:
a cell to `BoundRow.get_cell` (django-tables2's own kinds of column: links,
many-to-many, templates, ...; a model field with choices or a relation), a
whole table to the template's row block (a column with attributes computed
per cell, or its own localisation).
"""

from __future__ import annotations

import functools
import html
import inspect
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.db import models
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2 import columns as library_columns
from django_tables2.utils import Accessor

#: The arguments django-tables2 offers a render method (`BoundRow.get_cell`).
CELL_ARGUMENTS = frozenset({"value", "record", "column", "bound_column", "bound_row", "table"})

#: django-tables2's own kinds of column besides the plain one: each may
#: render a cell its own way (a link, a many-to-many relation), so their
#: cells are left to `BoundRow.get_cell`.
LIBRARY_COLUMNS = tuple(kind for name in library_columns.__all__ if isinstance(kind := getattr(library_columns, name), type) and issubclass(kind, tables.Column) and kind is not tables.Column)

#: An attribute a record does not have.
_MISSING = object()


def cell_text(value: Any) -> str:
    """`{{ value }}` in a template: the local time, localised, escaped unless safe."""
    if isinstance(value, str):  # most cells: a render method's text, escaped or marked safe
        return value.__html__() if hasattr(value, "__html__") else html.escape(value)
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _arguments_of(function: Callable, bound: bool) -> tuple[frozenset[str], bool]:
    # As django-tables2 reads a signature (`utils.signature`): *args is skipped, **kwargs takes every argument.
    parameters = list(inspect.signature(function).parameters.values())[1 if bound else 0 :]
    names = frozenset(p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
    return names, any(p.kind == p.VAR_KEYWORD for p in parameters)


@functools.lru_cache(maxsize=1024)  # bounded: a render function made anew for each table is not kept for ever
def _function_arguments(function: Callable, bound: bool) -> tuple[frozenset[str], bool]:
    return _arguments_of(function, bound)


def render_arguments(render: Callable) -> frozenset[str] | None:
    """The cell arguments `render` is called with, as `utils.call_with_appropriate`
    picks them; None where it names one no cell has (it is then never called).

    A render method's signature never changes, so it is read once per function:
    a method by its function (each table has bound methods of its own)."""
    function = getattr(render, "__func__", None)
    if inspect.isfunction(function):
        names, any_keyword = _function_arguments(function, True)
    elif inspect.isfunction(render):
        names, any_keyword = _function_arguments(render, False)
    else:
        names, any_keyword = _arguments_of(render, False)
    if any_keyword:
        return CELL_ARGUMENTS
    return names if names <= CELL_ARGUMENTS else None


def _has_callable(attrs: Any) -> bool:
    return isinstance(attrs, dict) and any(callable(value) or _has_callable(value) for value in attrs.values())


def _computed_per_cell(table: Any, bound_column: Any) -> bool:
    """Whether a column's cell attributes are worked out for each cell (a callable in them)."""
    return any(_has_callable(attrs.get(kind)) for attrs in (table.attrs or {}, bound_column.column.attrs or {}) for kind in ("td", "cell"))


class ColumnCells:
    """How one column's cells are drawn in one table."""

    def __init__(self, table: Any, bound_column: Any) -> None:
        self.table, self.bound_column, self.column = table, bound_column, bound_column.column
        self.name = bound_column.name
        self.opening = f'<td {bound_column.attrs["td"].as_html()} data-label="{cell_text(bound_column.header)}">'
        accessor = bound_column.accessor
        self.accessor = accessor if isinstance(accessor, Accessor) else Accessor(accessor)
        self.bits = tuple(self.accessor.bits)
        self.empty = self.column.empty_values
        self.render = bound_column.render
        self.arguments = render_arguments(self.render)
        self.library_way = bool(bound_column.link) or isinstance(self.column, LIBRARY_COLUMNS)
        self.by_model: dict[type, bool] = {}

    def _model_way(self, record: models.Model) -> bool:
        """A model's field with choices shows its display text, and a relation
        may too: `BoundRow.get_cell` does both (once per kind of record)."""
        kind = type(record)
        if kind not in self.by_model:
            self.by_model[kind] = len(self.bits) != 1 or bool(getattr(self.accessor.get_field(record), "choices", None))
        return self.by_model[kind]

    def value(self, record: Any) -> Any:
        """`Accessor.resolve`'s answer, None where it fails (as `BoundRow.get_cell`).
        One attribute of a record that is not a mapping is read at once: a
        failed `resolve` first writes an error message holding the record's repr."""
        if len(self.bits) == 1 and not hasattr(type(record), "__getitem__"):
            try:
                value = getattr(record, self.bits[0], _MISSING)
            except Exception:
                return None
            if value is _MISSING:
                return None
            if not callable(value):
                return value
        try:
            return self.accessor.resolve(record)
        except Exception:
            return None

    def left_to_library(self, record: Any) -> bool:
        """Whether this column's cell for `record` is drawn by `BoundRow.get_cell`."""
        return self.library_way or (isinstance(record, models.Model) and self._model_way(record))

    def html(self, row: Any) -> str:
        record = row.record
        if self.left_to_library(record):
            return cell_text(row.get_cell(self.name))
        value = self.value(record)
        if value in self.empty:
            return cell_text(self.bound_column.default)
        if self.arguments is None:
            return cell_text(None)
        offered = {"value": value, "record": record, "column": self.column, "bound_column": self.bound_column, "bound_row": row, "table": self.table}
        return cell_text(self.render(**{name: offered[name] for name in self.arguments}))


def draw_rows(table: Any) -> SafeString | None:
    """The table's rows (or its empty text) as the template's row block writes
    them; None for a table that block must draw itself."""
    columns = list(table.columns)
    if any(column.localize is not None or _computed_per_cell(table, column) for column in columns):
        return None
    cells = [ColumnCells(table, column) for column in columns]
    rows = [f"<tr {row.attrs.as_html()}>{''.join([f'{column.opening}{column.html(row)}</td>' for column in cells])}</tr>" for row in table.paginated_rows]
    if rows:
        return mark_safe("\n".join(rows))
    if table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', cell_text(len(columns)), table.empty_text)
    return None


class RowsDrawnInPython:
    """For a django-tables2 table drawn by templates/core/table.html: its rows at once."""

    def rows_html(self) -> SafeString | None:
        return draw_rows(self)
