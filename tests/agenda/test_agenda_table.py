"""The agenda's table draws its rows in Python (core/table_rows.py) exactly
as the project's table template would, in both languages."""

from __future__ import annotations

import pytest

from leatadmin.agenda import tables as agenda_tables
from leatadmin.agenda.selectors import agenda_day
from leatadmin.agenda.tables import AgendaTable
from tests.agenda.conftest import DAY, at
from tests.core.test_table_rows import ODD, assert_drawn_alike, assert_drawn_in_python, in_both_languages

pytestmark = pytest.mark.django_db


def test_the_agenda_table_is_drawn_alike(shop, ledger, indexed, monkeypatch):
    # Each drawing gives each button a new token and version: held still here, to compare two drawings.
    monkeypatch.setattr(agenda_tables.claims, "new_token", lambda: "t" * 32)
    monkeypatch.setattr(agenda_tables.staleness, "version", lambda values: "v1")
    ledger(shop, at(18, 0), contact_email=ODD, company_name=ODD, prepaid_amount=1250, ends_at=at(20, 0))
    ledger(shop, at(9, 0), status="completed")
    ledger(shop, at(9, 30), confirmed=False)
    ledger(shop, at(10, 0), status="a status leatadmin does not know")
    indexed(shop, at(12, 0), contact_email=ODD)
    rows = agenda_day(shop_uuid=shop.uuid, day=DAY, now=at(12, 0)).rows

    def make():
        return AgendaTable(rows, next_url="/agenda/x/2026-12-24/", csrf_token="c" * 32, may_manage=True, may_open_visits=True)

    in_both_languages(lambda: assert_drawn_alike(make))
    assert_drawn_in_python(make, rows)
