"""django-tables2 over Leat's own pages.

A Leat list arrives one page at a time. `LeatPageData` hands django-tables2
the page that was already fetched and reports Leat's total as its length,
so the paginator draws every page link while only one page was ever asked for.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage
from django.utils import timezone
from django.utils.html import format_html
from django_tables2 import utils as tables_utils
from django_tables2.data import TableData

from leatadmin.core.dateformat import date_format
from leatadmin.core.links import contact_link
from leatadmin.leat.models import Page


class LocalDateTimeColumn(tables.Column):
    """A date-time in the staff member's time zone, optionally a link.

    Written in the language's one style (`format` names one of
    leatadmin/formats/: DATETIME_FORMAT, or TIME_FORMAT for a time alone).
    Formatted in Python: django-tables2's DateTimeColumn and TemplateColumn
    compile a template for every cell, which was most of a panel's own time.
    """

    def __init__(self, *args: Any, format: str = "DATETIME_FORMAT", url_of: Callable[[Any], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("default", "—")
        kwargs.setdefault("attrs", {"td": {"class": "when"}})  # a date-time never breaks over lines
        if url_of is not None:
            kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)
        self.format = format
        self.url_of = url_of

    def render(self, value: dt.datetime | None, record: Any) -> str:
        # A linked column renders its empty cells too, so the row keeps its link.
        text = "—" if value is None else date_format(timezone.localtime(value) if timezone.is_aware(value) else value, self.format)
        return format_html('<a href="{}">{}</a>', self.url_of(record), text) if self.url_of else text


class LinkColumn(tables.Column):
    """Text linking to the record's page (`url_of(record)` gives the URL)."""

    def __init__(self, *args: Any, url_of: Callable[[Any], str], text: Callable[[Any], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)
        self.url_of, self.text = url_of, text

    def render(self, value: Any, record: Any) -> str:
        return format_html('<a href="{}">{}</a>', self.url_of(record), self.text(record) if self.text else value)


class ContactColumn(tables.Column):
    """The contact a row is about: their email (else UUID), linked to their
    contact page where the table may (`link_contacts`, from the staff member's permissions)."""

    def __init__(self, *args: Any, uuid_of: Callable[[Any], str], email_of: Callable[[Any], str], **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "contact"}})
        super().__init__(*args, **kwargs)
        self.uuid_of, self.email_of = uuid_of, email_of

    def render(self, record: Any, table: Any) -> str:
        return contact_link(self.uuid_of(record) or "", self.email_of(record) or "", allowed=getattr(table, "link_contacts", True))


class LeatPageData(TableData):
    def __init__(self, page: Page[Any]) -> None:
        super().__init__(page.items)
        self.page = page

    def __len__(self) -> int:
        return self.page.total

    def __getitem__(self, key: Any) -> Any:
        # The paginator slices out exactly the page Leat returned.
        if isinstance(key, slice):
            return self.page.items
        return self.page.items[key - (self.page.page - 1) * self.page.per_page]

    def __iter__(self):
        return iter(self.page.items)

    def order_by(self, aliases: Any) -> None:
        """Leat decides the order; nothing to do."""


def _cached_signatures() -> None:
    """django-tables2 inspects a render method's signature for every cell it
    renders (`utils.call_with_appropriate`); the answer never changes for a
    function, so it is worked out once per function. Bound methods are keyed
    by their function (a new bound method is made for every table)."""
    plain = tables_utils.signature

    @functools.cache
    def of_function(function: Callable, bound: bool) -> tuple[tuple[str, ...], str | None]:
        args, keywords = plain(function)
        return (args[1:] if bound else args), keywords

    def signature(fn: Callable) -> tuple[tuple[str, ...], str | None]:
        function = getattr(fn, "__func__", None)
        if function is not None:
            return of_function(function, True)
        if inspect.isfunction(fn):
            return of_function(fn, False)
        return plain(fn)

    tables_utils.signature = signature


_cached_signatures()


def _columns_copied_shallowly() -> None:
    """A table starts from a deep copy of its class's columns, so that what
    one table changes in them never reaches the next one drawn. All a table
    changes (django-tables2's own code and ours) is a column's own attribute,
    `visible`, and a copy of the column itself keeps that promise: the deep
    copy, some 150 copied objects a table, was a tenth of drawing a small one."""
    tables.Column.__deepcopy__ = lambda self, memo: copy.copy(self)


_columns_copied_shallowly()


class LeatTable(tables.Table):
    """A table of one Leat page, swapped in place by htmx.

    `panel_url` is where htmx fetches the table from; links keep a real href
    to the full page, and htmx pushes that URL so back, forward and reload work.
    """

    def __init__(self, page: Page[Any], *, panel_url: str, page_field: str, link_contacts: bool = True, **kwargs: Any) -> None:
        super().__init__(LeatPageData(page), **kwargs)
        self.link_contacts = link_contacts
        self.panel_url = panel_url
        self.page_field = page_field
        self.leat_page = page
        try:
            self.paginate(page=page.page, per_page=page.per_page)
        except EmptyPage:
            pass  # past the end: no `page`, and the template offers the first page


class ModelTable(tables.Table):
    """A table over a local queryset (ledger, audit), swapped by htmx the same way."""

    def __init__(self, *args: Any, panel_url: str, page_field: str = "page", link_contacts: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_contacts = link_contacts
        self.panel_url = panel_url
        self.page_field = page_field
