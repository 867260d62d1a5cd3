"""django-tables2 over Leat's own pages, drawn by templates/core/table.html.

A Leat list arrives one page at a time. `LeatPageData` hands django-tables2
the page that was already fetched and reports Leat's total as its length,
so the paginator draws every page link while only one page was ever asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django_tables2.data import TableData

from leatadmin.core.links import contact_link
from leatadmin.core.table_rows import RowsDrawnInPython
from leatadmin.leat.models import Page


class LocalDateTimeColumn(tables.Column):
    """A date-time in the staff member's time zone, optionally a link.

    Written in the language's one style (`format` names one of
    leatadmin/formats/: DATETIME_FORMAT, or TIME_FORMAT for a time alone).
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


class ContactColumn(tables.Column):
    """The contact a row is about: their email (else UUID), linked to their
    contact page where the table may (`link_contacts`, from the staff member's permissions)."""

    def __init__(self, *args: Any, uuid_of: Callable[[Any], str], email_of: Callable[[Any], str], **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "contact token"}})  # an email or a UUID may wrap anywhere
        super().__init__(*args, **kwargs)
        self.uuid_of, self.email_of = uuid_of, email_of

    def render(self, record: Any, table: Any) -> str:
        return contact_link(self.uuid_of(record) or "", self.email_of(record) or "", allowed=getattr(table, "link_contacts", True))


class LeatPageData(TableData):
    """One page of a Leat list as django-tables2's data: as long as Leat's
    total, holding only the page Leat returned."""

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

    def order_by(self, aliases: Any) -> None:
        """Leat decides the order; nothing to do."""


class LeatTable(RowsDrawnInPython, tables.Table):
    """A table of one Leat page, swapped in place by htmx.

    `panel_url` is where htmx fetches the table from; links keep a real href
    to the full page, and htmx pushes that URL so back, forward and reload work.
    `page_field` is the query parameter of its page (each panel of the contact page has its own).
    """

    def __init__(self, page: Page[Any], *, panel_url: str, page_field: str, link_contacts: bool = True, **kwargs: Any) -> None:
        super().__init__(LeatPageData(page), page_field=page_field, **kwargs)
        self.link_contacts = link_contacts
        self.panel_url = panel_url
        self.leat_page = page
        try:
            self.paginate(page=page.page, per_page=page.per_page)
        except EmptyPage:
            pass  # past the end: no `page`, and the template offers the first page


class ModelTable(RowsDrawnInPython, tables.Table):
    """A table over a local queryset (ledger, audit), swapped by htmx the same way."""

    def __init__(self, *args: Any, panel_url: str, link_contacts: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_contacts = link_contacts
        self.panel_url = panel_url
