"""The figures page's parts, drawn from `selectors.Figures`: the headline
figures beside the period before, and each figure as a chart and its table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from leatadmin.core.templatetags.leat_format import MINUS

from .charts import Series, daily_chart, total_bars
from .selectors import Change, Figures
from .tables import ContactsTable, CreditsTable, FiguresTable, PurchasesTable, RewardsTable, StatusTable, VisitsTable
from .words import Words


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    before: str
    change: str
    #: "up", "down" or "": the change's direction (a class, for whoever styles it; figures.css shows both alike).
    direction: str


@dataclass(frozen=True)
class Section:
    ident: str
    title: str
    chart: SafeString
    table: FiguresTable
    legend: list[tuple[str, str]]


def change_text(change: Change, words: Words) -> str:
    """+12 %, −5 %, 0 %; "new" when the period before had none."""
    percent = change.percent
    if percent is None:
        return _("new") if change.now else ""
    sign = "+" if percent > 0 else MINUS if percent < 0 else ""
    return f"{sign}{words.count(abs(percent))}\u00a0%"


def _direction(change: Change) -> str:
    return "up" if change.now > change.before else "down" if change.now < change.before else ""


def headlines(figures: Figures, words: Words) -> list[Headline]:
    def line(label: str, change: Change, text: Callable[[Any], str] = words.count) -> Headline:
        return Headline(label, text(change.now), text(change.before), change_text(change, words), _direction(change))

    return [
        line(_("Visits"), figures.change("visits")),
        line(_("Bookings"), figures.change("bookings")),
        line(_("No-shows"), figures.change("no_shows")),
        line(_("Credits given"), figures.change("credits_given")),
        line(_("Credits taken back"), figures.change("credits_taken")),
        line(_("Rewards given"), figures.change("rewards")),
        line(_("Purchase amounts"), figures.change("purchase_amount"), words.amount),
        line(_("Contacts a day"), figures.contacts_per_day, words.tenths),
    ]


def sections(figures: Figures, words: Words) -> list[Section]:
    """Each figure: its chart, its description (what a screen reader says of
    the chart: the period's total and its busiest day) and its table. Each
    value is written once, for its bar and its cell alike."""
    totals = figures.totals
    span = _("from %(first)s to %(last)s") % {"first": words.day(figures.period.first), "last": words.day(figures.period.last)}
    days = [words.day(each.day) for each in figures.days]
    labels = [words.short_day(each.day) for each in figures.days]
    written: dict[str, list[str]] = {}
    count, amount = words.count, words.amount

    def values(name: str) -> list[Any]:
        return [getattr(each, name) for each in figures.days]

    def texts(name: str, write: Callable[[Any], str] = count) -> list[str]:
        if name not in written:
            written[name] = [write(value) for value in values(name)]
        return written[name]

    def busiest(name: str, write: Callable[[Any], str] = count) -> str:
        top = max(range(len(figures.days)), key=lambda n: getattr(figures.days[n], name), default=None)
        if top is None or not getattr(figures.days[top], name):
            return _("None in this period.")
        return _("The most: %(value)s on %(day)s.") % {"value": texts(name, write)[top], "day": days[top]}

    def rows(*names: str) -> list[dict[str, str]]:
        columns = [(name, texts(name)) for name in names]
        return [{"day": days[n], **{name: column[n] for name, column in columns}} for n in range(len(days))]

    def series(label: str, name: str, css: str, *, down: bool = False, write: Callable[[Any], str] = count) -> Series:
        return Series(label, values(name), texts(name, write), css, down=down)

    def chart(ident: str, title: str, desc: str, drawn: list[Series], table: FiguresTable) -> Section:
        return Section(ident, title, daily_chart(ident=ident, title=title, desc=desc, days=labels, series=drawn, axis=count), table, [(s.css, s.label) for s in drawn])

    texts("purchase_amount", amount)  # money, wherever it is shown
    statuses = figures.statuses
    return [
        chart(
            "visits", _("Visits and bookings per day"),
            _("Visits and bookings on each day %(span)s: %(visits)s visits and %(bookings)s bookings in all.") % {"span": span, "visits": count(totals.visits), "bookings": count(totals.bookings)}
            + " " + busiest("visits"),
            [series(_("Visits"), "visits", "s0"), series(_("Bookings"), "bookings", "s1")],
            VisitsTable(rows("visits", "bookings", "no_shows"), ident="visits"),
        ),
        Section(
            "statuses", _("Bookings by status and no-shows"),
            total_bars(
                ident="statuses", title=_("Bookings by status and no-shows"), css="s1", rows=[(row.label, row.now, count(row.now)) for row in statuses],
                desc=_("Bookings %(span)s by status: %(statuses)s.") % {"span": span, "statuses": ", ".join(f"{row.label} {count(row.now)}" for row in statuses)},
            ),
            StatusTable([{"label": row.label, "now": count(row.now), "before": count(row.before)} for row in statuses], ident="statuses"),
            [("s1", _("Bookings"))],
        ),
        chart(
            "credits", _("Credits given and taken back per day"),
            _("Credits given (above the line) and taken back (below it) on each day %(span)s: %(given)s given, %(taken)s taken back.") % {
                "span": span, "given": count(totals.credits_given), "taken": count(totals.credits_taken)} + " " + busiest("credits_given"),
            [series(_("Credits given"), "credits_given", "s0"), series(_("Credits taken back"), "credits_taken", "down", down=True)],
            CreditsTable(rows("credits_given", "credits_taken"), ident="credits"),
        ),
        chart(
            "rewards", _("Rewards given per day"),
            _("Rewards given on each day %(span)s: %(rewards)s in all, for %(credits)s credits.") % {"span": span, "rewards": count(totals.rewards), "credits": count(totals.reward_credits)}
            + " " + busiest("rewards"),
            [series(_("Rewards given"), "rewards", "s2")],
            RewardsTable(rows("rewards", "reward_credits"), ident="rewards"),
        ),
        chart(
            "purchases", _("Purchase amounts per day"),
            _("Purchase amounts on each day %(span)s: %(amount)s in all.") % {"span": span, "amount": amount(totals.purchase_amount)} + " " + busiest("purchase_amount", amount),
            [series(_("Purchase amounts"), "purchase_amount", "s3", write=amount)],
            PurchasesTable(rows("purchase_amount", "purchases"), ident="purchases"),
        ),
        chart(
            "contacts", _("Contacts per day"),
            _("Distinct contacts with a loyalty transaction on each day %(span)s.") % {"span": span} + " " + busiest("contacts"),
            [series(_("Contacts"), "contacts", "s0")],
            ContactsTable(rows("contacts"), ident="contacts"),
        ),
    ]
