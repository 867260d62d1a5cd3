"""The figures' tables: what each chart shows, every value, beside it (what
screen readers and a page without JavaScript read). django-tables2 through
core.tables, drawn by templates/figures/table.html; the cells come written
(words.py), so drawing them is only escaping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from leatadmin.core.tables import ModelTable

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}


def _number(label: Any) -> tables.Column:
    return tables.Column(verbose_name=label, orderable=False, attrs=NUMBER)


def _day() -> tables.Column:
    return tables.Column(verbose_name=_("Day"), orderable=False, attrs={"td": {"class": "when"}})


class _NoAttributes:
    def as_html(self) -> str:
        return ""


class _Written:
    """A row's written values as attributes: core/table_rows.py reads an
    attribute at once, where a mapping goes through django-tables2's Accessor."""

    def __init__(self, values: dict[str, str]) -> None:
        self.__dict__.update(values)


@dataclass(frozen=True, slots=True)
class _Row:
    """A row as core/table_rows.py draws it: its record, and no attributes."""

    record: _Written
    attrs: ClassVar[_NoAttributes] = _NoAttributes()


class FiguresTable(ModelTable):
    """A figure's days, none left out, in one table (no pages: it is the chart's every value).
    Its rows: a mapping of each column's name to its written value."""

    def __init__(self, rows: list[dict[str, str]], *, ident: str, **kwargs: Any) -> None:
        super().__init__(rows, panel_url="", template_name="figures/table.html", attrs={"class": "figures-table", "id": f"{ident}-table", "aria-labelledby": f"{ident}-heading"}, **kwargs)
        self._records = [_Written(row) for row in rows]

    @property
    def paginated_rows(self) -> list[_Row]:  # type: ignore[override]
        """Every row, without django-tables2's even/odd class (nothing styles it):
        working out each row's attributes was a fifth of a 90-day page's time."""
        return [_Row(record) for record in self._records]


class VisitsTable(FiguresTable):
    day = _day()
    visits = _number(_("Visits"))
    bookings = _number(_("Bookings"))
    no_shows = _number(_("No-shows"))


class StatusTable(FiguresTable):
    label = tables.Column(verbose_name=_("Status"), orderable=False)
    now = _number(_("This period"))
    before = _number(_("The period before"))


class CreditsTable(FiguresTable):
    day = _day()
    credits_given = _number(_("Credits given"))
    credits_taken = _number(_("Credits taken back"))


class RewardsTable(FiguresTable):
    day = _day()
    rewards = _number(_("Rewards given"))
    reward_credits = _number(_("Their credits"))


class PurchasesTable(FiguresTable):
    day = _day()
    purchase_amount = _number(_("Purchase amounts"))
    purchases = _number(_("Purchases"))


class ContactsTable(FiguresTable):
    day = _day()
    contacts = _number(_("Contacts"))
