"""A table's rows drawn in Python (leatadmin/core/table_rows.py) are exactly
what django-tables2's per-cell rendering writes: every leatadmin table, and
tables made to hold every kind of record and cell, drawn both ways
(test_tables_unpatched.py: and django-tables2 runs as published)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import django_tables2 as tables
import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from leatadmin.audit.models import AuditEntry
from leatadmin.auditlog.tables import AuditTable
from leatadmin.bookings.models import BookingRecord
from leatadmin.bookings.tables import BookingTable, ContactBookingTable
from leatadmin.core.table_rows import ColumnCells
from leatadmin.core.tables import LeatTable, ModelTable
from leatadmin.leat.models import ContactSummary, LoyaltyTransaction, Page, PrepaidTransaction, RewardSummary, Shop, Visit
from leatadmin.loyalty.tables import TransactionTable
from leatadmin.prepaid.tables import PrepaidTable
from leatadmin.visits.models import VisitRecord
from leatadmin.visits.tables import VisitListTable, VisitTable

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 12, 24, 18, 30, tzinfo=dt.UTC)
ODD = 'Ann & <b>"Bob"</b>'


def flat(html: str) -> str:
    """The HTML without the template's line breaks and indents."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def tbody(html: str) -> str:
    return flat(re.search(r"<tbody.*</tbody>", html, re.S).group(0))


def drawn(make, *, request=None, per_page: int | None = None, template: str | None = None, by_template: bool = False) -> str:
    table = make()
    if by_template:
        table.rows_html = lambda: None  # leatadmin's own hook left unused: django-tables2 draws each cell
    if template:
        table.template_name = template
    request = request or RequestFactory().get("/")
    if per_page:
        RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table.as_html(request)


def assert_drawn_alike(make, **kwargs: Any) -> str:
    """The table drawn in Python, by the project template's per-cell row
    block, and by django-tables2's own template: the same rows."""
    fast = drawn(make, **kwargs)
    assert flat(fast) == flat(drawn(make, by_template=True, **kwargs))
    # The stock template has no data-label; otherwise its rows are ours.
    assert tbody(re.sub(r' data-label="[^"]*"', "", fast)) == tbody(drawn(make, template="django_tables2/table.html", by_template=True, **kwargs))
    return fast


def assert_drawn_in_python(make, records: list[Any]) -> None:
    """Every cell of leatadmin's own tables is drawn by the Python path, none left to `BoundRow.get_cell`."""
    table = make()
    assert table.rows_html()
    columns = [ColumnCells(table, column) for column in table.columns]
    left = [(column.name, type(record).__name__) for column in columns for record in records if column.left_to_library(record)]
    assert left == []


def in_both_languages(check) -> None:
    with timezone.override("Europe/Amsterdam"):
        for language in ("en", "nl"):
            with translation.override(language):
                check()


def page_of(items: list[Any], per_page: int = 10) -> Page[Any]:
    return Page(items=items, page=1, per_page=per_page, total=len(items) + 30, last_page=4)


def audit(action: str, **fields: Any) -> AuditEntry:
    defaults = {"username": ODD, "target_type": AuditEntry.Target.CONTACT, "succeeded": True, "outcome": AuditEntry.Outcome.SUCCEEDED}
    return AuditEntry.objects.create(action=action, **{**defaults, **fields})


def test_transactions():
    shop = Shop(uuid="s-1", name=ODD)
    items = [
        LoyaltyTransaction(uuid="t-1", type="credit_reception", credits=120, created_at=MOMENT, shop=shop, unit_value=Decimal("12.50"), unit_label="EUR", card="<card&1>"),
        LoyaltyTransaction(uuid="t-2", type="reward_reception", credits=-2, created_at=None, title=ODD, reward=RewardSummary(uuid="r-1", title=ODD)),
        LoyaltyTransaction(uuid="t-3", type="credit_reception", credits=-5, created_at=MOMENT, unit_value=Decimal("-3"), unit_label=""),
        LoyaltyTransaction(uuid="t-4", type="credit_reception", credits=5, created_at=MOMENT),
        LoyaltyTransaction(uuid="t-5", type="something_new", credits=0, created_at=MOMENT),
    ]
    audit("loyalty.reverse_credits", target_id="t-3")  # t-3 was reversed
    audit("loyalty.reverse_credits", target_id="t-9", result_id="t-4")  # t-4 is a reversal
    for can_undo in (True, False):

        def make(can_undo=can_undo):
            return TransactionTable(page_of(items), panel_url="/p/", page_field="tx_page", contact_uuid="c-1", can_undo=can_undo)

        in_both_languages(lambda make=make: assert_drawn_alike(make))
        assert_drawn_in_python(make, items)
    assert "Undo…" in drawn(make=lambda: TransactionTable(page_of(items), panel_url="/p/", page_field="tx_page", contact_uuid="c-1", can_undo=True))


def test_prepaid():
    items = [
        PrepaidTransaction(uuid="p-1", amount_in_cents=1250, balance_in_cents=None, created_at=MOMENT, shop=Shop(uuid="s", name=ODD), card=ODD),
        PrepaidTransaction(uuid="p-2", amount_in_cents=-99, balance_in_cents=123456, created_at=None, contact=ContactSummary(uuid="c", email="a@example.com")),
    ]
    for may_reverse in (True, False):

        def make(may_reverse=may_reverse):
            return PrepaidTable(page_of(items), panel_url="/p/", page_field="pp_page", contact_uuid="c-1", may_reverse=may_reverse)

        in_both_languages(lambda make=make: assert_drawn_alike(make))
        assert_drawn_in_python(make, items)


def test_visits_of_leat_and_of_the_index():
    VisitRecord.objects.create(uuid="v-1", contact_uuid="c-1", contact_email=ODD, shop_uuid="s-1", shop_name=ODD, sort_at=MOMENT, starts_at=MOMENT, synced_at=MOMENT)
    VisitRecord.objects.create(uuid="v-2", contact_uuid="", contact_email="", external_id="<x>", sort_at=MOMENT, synced_at=MOMENT)
    visits = [
        Visit(uuid="v-1", contact=ContactSummary(uuid="c-1"), starts_at=MOMENT, ends_at=MOMENT + dt.timedelta(hours=2), source=ODD),
        Visit(uuid="v-3", contact=None, external_id=ODD),
    ]

    def leat_visits():
        return VisitTable(page_of(visits), panel_url="/p/", page_field="v_page")

    for link_contacts in (True, False):

        def index(link_contacts=link_contacts):
            return VisitListTable(VisitRecord.objects.all(), panel_url="/visits/table/", link_contacts=link_contacts)

        in_both_languages(lambda index=index: assert_drawn_alike(index, per_page=10))
        assert_drawn_in_python(index, list(VisitRecord.objects.all()))
    in_both_languages(lambda: assert_drawn_alike(leat_visits))
    assert_drawn_in_python(leat_visits, visits)


def test_bookings():
    BookingRecord.objects.create(uuid="b-1", contact_uuid="c-1", contact_email=ODD, shop_name=ODD, starts_at=MOMENT, number_of_people=1200, status="checked_in", prepaid_amount=1250)
    BookingRecord.objects.create(uuid="b-2", contact_uuid="", starts_at=None, status="", confirmed=False)
    BookingRecord.objects.create(uuid="b-3", contact_uuid="c-3", starts_at=MOMENT - dt.timedelta(days=1), status="reserved", external_id=ODD)
    for kind in (BookingTable, ContactBookingTable):

        def make(kind=kind):
            return kind(BookingRecord.objects.all(), panel_url="/bookings/table/", order_by="-starts_at")

        in_both_languages(lambda make=make: assert_drawn_alike(make, per_page=2, request=RequestFactory().get("/", {"page": "2", "sort": "-starts_at"})))
        in_both_languages(lambda make=make: assert_drawn_alike(make, per_page=10))
        assert_drawn_in_python(make, list(BookingRecord.objects.all()))


def test_audit_log():
    audit("contacts.edit", target_id="c-1", contact_uuid="c-1", target_label=ODD, before={"email": "a"}, after={"email": "b"})
    audit("visits.create", target_type=AuditEntry.Target.VISIT, target_id="v-1", contact_uuid="c-1", succeeded=False, outcome=AuditEntry.Outcome.UNKNOWN)
    audit("bookings.cancel", target_type=AuditEntry.Target.BOOKING, target_id="b-1", succeeded=False, outcome=AuditEntry.Outcome.FAILED, error_code=4000)
    audit("something.new", target_type=AuditEntry.Target.TRANSACTION, target_id="", username="")
    for may in (True, False):

        def make(may=may):
            return AuditTable(AuditEntry.objects.all(), panel_url="/audit/table/", may_open={"contact": may, "visit": may, "booking": may})

        in_both_languages(lambda make=make: assert_drawn_alike(make, per_page=10))
        assert_drawn_in_python(make, list(AuditEntry.objects.all()))


# --- Every kind of record and cell --------------------------------------------------------------


@dataclasses.dataclass
class Thing:
    name: Any
    shop: Any = None

    def label(self) -> str:
        return f"<{self.name}>"

    @property
    def broken(self) -> str:
        raise KeyError("not there")


class Odd(LeatTable):
    """Columns of every kind over records of every kind."""

    name = tables.Column(verbose_name=gettext_lazy("Date"), orderable=False, attrs={"td": {"class": "b a", "title": ODD}})
    shop = tables.Column(verbose_name=ODD, accessor="shop__name", orderable=False, default=gettext_lazy("Next"))
    label = tables.Column(orderable=False)
    broken = tables.Column(orderable=False, default=mark_safe("<i>none</i>"))
    missing = tables.Column(orderable=False, empty_values=())
    every = tables.Column(orderable=False, empty_values=())
    never = tables.Column(orderable=False, empty_values=())
    linked = tables.Column(accessor="name", orderable=False, linkify=lambda record: "/x/?a=1&b=2")
    email = tables.EmailColumn(accessor="name", orderable=False)
    flag = tables.BooleanColumn(accessor="name", orderable=False)

    class Meta:
        row_attrs = {"data-name": lambda record: str(record.get("name") if isinstance(record, dict) else getattr(record, "name", ""))}

    def render_missing(self, value: Any, record: Any, bound_row: Any, bound_column: Any, column: Any, table: Any) -> str:
        return f"{value!r} {type(record).__name__} {bound_column.name} {type(column).__name__} {table.panel_url} {bound_row.record is record}"

    def render_every(self, **kwargs: Any) -> str:
        return ",".join(sorted(kwargs))

    def render_never(self, value: Any, something_else: Any) -> str:
        raise AssertionError("django-tables2 never calls a render method with an argument it does not have")

    def get_top_pinned_data(self) -> list[Any]:
        return [{"name": "pinned <top>"}]


VALUES = [
    "<b>x</b>",
    mark_safe("<i>safe</i>"),
    gettext_lazy("Previous"),
    None,
    "",
    0,
    1234567,
    Decimal("1234.5"),
    2.25,
    True,
    MOMENT,
    dt.date(2026, 12, 24),
    dt.time(9, 5),
    ["a", "<b>"],
]


def odd_records() -> list[Any]:
    records: list[Any] = [{"name": value, "shop": {"name": ODD}} for value in VALUES]
    records += [Thing(value, shop=Shop(uuid="s", name=ODD) if index % 2 else None) for index, value in enumerate(VALUES)]
    records += [{"shop__name": "the key itself"}, {}, {"name": "no shop", "shop": None}, object()]
    return records


def test_records_of_every_kind():
    records = odd_records()
    in_both_languages(lambda: assert_drawn_alike(lambda: Odd(page_of(records, per_page=len(records)), panel_url="/p/", page_field="page")))
    table = Odd(page_of(records, per_page=len(records)), panel_url="/p/", page_field="page")
    left = {column.name for column in (ColumnCells(table, column) for column in table.columns) if column.left_to_library(records[0])}
    assert left == {"linked", "email", "flag"}  # django-tables2's own kinds of column: its way


class Entries(ModelTable):
    """A model: choices, a relation, a plain field, a method."""

    target_type = tables.Column()
    user = tables.Column(accessor="user__username", default="nobody")
    username = tables.Column(verbose_name="Who <b>")
    outcome = tables.Column()
    action_text = tables.Column(orderable=False)
    note = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = AuditEntry
        fields = ("target_type", "username", "outcome")

    def render_note(self, record: AuditEntry, table: Any) -> str:
        return f"{record.username} & {table.panel_url}"


def test_a_model_with_choices_and_relations():
    staff = User.objects.create(username="<staff>")
    audit("contacts.edit", user=staff)
    audit("visits.create", username="<b>", target_type=AuditEntry.Target.VISIT, outcome=AuditEntry.Outcome.UNKNOWN, succeeded=False)
    in_both_languages(lambda: assert_drawn_alike(lambda: Entries(AuditEntry.objects.all(), panel_url="/e/", order_by="username"), per_page=10))
    html = flat(drawn(lambda: Entries(AuditEntry.objects.all(), panel_url="/e/"), per_page=10))
    assert f">{AuditEntry.Target.VISIT.label}</td>" in html and ">&lt;staff&gt;</td>" in html and ">nobody</td>" in html


def test_an_empty_table():
    class Empty(Odd):
        class Meta:
            empty_text = ODD

        def get_top_pinned_data(self) -> None:
            return None

    class Silent(Empty):
        class Meta:
            empty_text = None

    nothing = Page(items=[], page=1, per_page=10, total=0, last_page=1)
    html = assert_drawn_alike(lambda: Empty(nothing, panel_url="/p/", page_field="page"))
    assert '<td colspan="10">Ann &amp; &lt;b&gt;' in html
    assert_drawn_alike(lambda: Silent(nothing, panel_url="/p/", page_field="page"))


def test_cells_worked_out_per_cell_are_left_to_the_template():
    """A column with its own localisation, or attributes computed from each
    cell, is drawn by the template's row block, as django-tables2 does it."""

    class Localised(LeatTable):
        number = tables.Column(localize=False)

    class Computed(LeatTable):
        number = tables.Column(attrs={"td": {"data-n": lambda value: value}})

    items = [{"number": 1234567}, {"number": None}]
    for kind in (Localised, Computed):
        table = kind(page_of(items), panel_url="/p/", page_field="page")
        assert table.rows_html() is None
        assert_drawn_alike(lambda kind=kind: kind(page_of(items), panel_url="/p/", page_field="page"))
    assert 'data-n="1234567"' in drawn(lambda: Computed(page_of(items), panel_url="/p/", page_field="page"))
