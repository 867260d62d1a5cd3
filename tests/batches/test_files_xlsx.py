"""An Excel workbook of corrections is read from its first visible sheet, as
openpyxl and as Excel write it: shared strings, rich text, numbers as stored;
a formula is refused for its row and never evaluated; a workbook saved as
Strict Open XML (which openpyxl does not read) is refused, saying what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from leatadmin.batches.files import FileRefused, FileRow, read_corrections

from .spreadsheets import DUTCH_HEADER, MAIN, STRICT_MAIN, Raw, excel_xlsx, openpyxl_xlsx, upload

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def rows_of(content: bytes, name: str = "correcties.xlsx") -> list[FileRow]:
    return list(read_corrections(upload(content, name)).rows)


def said(row: FileRow) -> list[str]:
    return [str(problem) for problem in row.problems]


def test_a_workbook_written_by_openpyxl_numbers_as_people_see_them():
    content = openpyxl_xlsx(
        [
            ["Correcties juni"],
            DUTCH_HEADER,
            ["jan@example.com", 25, None, "Centrum", "Storing"],
            [None, None, None, None, None],
            [1234567890123, None, 12.5, None, dt.date(2026, 6, 12)],
            ["piet@example.com", -3.0, None, None, True],
            ["kees@example.com", 2.5, None, None, None],
        ]
    )
    reading = read_corrections(upload(content, "juni.xlsx"))
    assert reading.columns == {"who": "E-mail", "credits": "Punten", "purchase": "Aankoopbedrag", "shop": "Vestiging", "reason": "Reden"}
    rows = list(reading.rows)
    assert [(row.number, row.who, row.credits, row.purchase, row.shop) for row in rows] == [
        (3, "jan@example.com", 25, None, "Centrum"),
        (5, "1234567890123", None, Decimal("12.50"), ""),  # a card number typed as a number: its digits, no ".0"
        (6, "piet@example.com", -3, None, ""),
        (7, "kees@example.com", None, None, ""),
    ]
    assert (rows[1].reason, rows[2].reason) == ("2026-06-12", "TRUE")  # a date as a date, not as Excel's day number
    assert said(rows[3]) == ["“Punten” “2.5” is not a whole number of credits, e.g. 25 or -10."]


def test_a_formula_is_refused_for_its_row_and_never_evaluated():
    # Excel keeps a formula's last result beside it (<v>30</v>): it is never read as the value.
    content = excel_xlsx(
        [
            ["E-mail", "Punten", "Aankoopbedrag", "Reden"],
            ["a@example.com", Raw("<c><f>SUM(B3:B4)</f><v>30</v></c>"), None, "Storing"],
            ["b@example.com", 10, None, Raw('<c t="str"><f>CONCAT("a";"b")</f><v>ab</v></c>')],
            [Raw('<c t="str"><f t="shared" si="0"/><v>c@example.com</v></c>'), 20, None, None],
            ["d@example.com", None, Raw('<c><f t="array" ref="C5">SUM(1)</f><v>1</v></c>'), None],
        ]
    )
    rows = rows_of(content)
    assert [(row.number, row.credits, row.purchase) for row in rows] == [(2, None, None), (3, 10, None), (4, 20, None), (5, None, None)]
    assert said(rows[0]) == ["“Punten” holds a formula (=SUM(B3:B4)): formulas are never run. Type the value itself."]
    assert said(rows[1]) == ['“Reden” holds a formula (=CONCAT("a";"b")): formulas are never run. Type the value itself.']
    assert said(rows[2]) == ["“E-mail” holds a formula (=): formulas are never run. Type the value itself."]
    assert said(rows[3]) == ["“Aankoopbedrag” holds a formula (=SUM(1)): formulas are never run. Type the value itself."]
    # A text cell that starts like one is refused just the same.
    [row] = rows_of(excel_xlsx([["E-mail", "Punten"], ["=1+1", 5]]))
    assert said(row) == ["“E-mail” holds a formula (=1+1): formulas are never run. Type the value itself."]


STRINGS = (
    f'<sst xmlns="{MAIN}">'
    "<si><t>E-mail</t></si><si><t>Punten</t></si><si><t>Aankoopbedrag</t></si><si><t>Reden</t></si>"
    "<si><r><rPr><b/></rPr><t>an</t></r><r><t>na@example.com</t></r></si>"
    '<si><t>Regel een_x000A_twee</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'
    "</sst>"
)
CELLS = [
    [Raw('<c t="s"><v>0</v></c>'), Raw('<c t="s"><v>1</v></c>'), Raw('<c t="s"><v>2</v></c>'), Raw('<c t="s"><v>3</v></c>')],
    [Raw('<c t="s"><v>4</v></c>'), None, Raw("<c><v>0.10000000000000001</v></c>"), Raw('<c t="s"><v>5</v></c>')],
    [Raw('<c t="inlineStr"><is><t>bob_x000D_@example.com</t></is></c>'), Raw("<c><v>1E3</v></c>"), None, Raw('<c t="e"><v>#N/A</v></c>')],
]


def test_excels_shared_strings_rich_text_escapes_and_stored_numbers():
    rows = rows_of(excel_xlsx(CELLS, strings_xml=STRINGS))
    assert [(row.who, row.credits, row.purchase, row.reason, said(row)) for row in rows] == [
        ("anna@example.com", None, Decimal("0.10"), "Regel een\ntwee", []),
        ("bob\r@example.com", 1000, None, "#N/A", []),
    ]


def test_a_strict_open_xml_workbook_is_refused_saying_how_to_save_it():
    # Excel's "Strict Open XML Spreadsheet": the same parts under other names, which openpyxl does not read.
    content = excel_xlsx(CELLS, strict=True, strings_xml=STRINGS.replace(MAIN, STRICT_MAIN))
    with pytest.raises(FileRefused) as refused:
        read_corrections(upload(content, "strikt.xlsx"))
    assert str(refused.value) == "“strikt.xlsx” has no sheet that can be read. Save it again from Excel as “Excel Workbook (.xlsx)” (not “Strict Open XML Spreadsheet”), or as CSV."


def test_cells_and_rows_without_references_are_read_in_order():
    rows = rows_of(excel_xlsx([["E-mail", "Punten"], ["a@example.com", 1], ["b@example.com", 2]], references=False))
    assert [(row.number, row.who, row.credits) for row in rows] == [(2, "a@example.com", 1), (3, "b@example.com", 2)]


def test_the_first_visible_sheet_is_read():
    content = openpyxl_xlsx([["Klant", "Punten"], ["a@example.com", 4]], sheets=[("Verborgen", "hidden")])
    [row] = rows_of(content)
    assert (row.who, row.credits) == ("a@example.com", 4)


def test_a_sheet_without_our_columns_is_named_in_the_refusal():
    content = openpyxl_xlsx([["Naam", "Telefoon"], ["Anna", "0612345678"]])
    with pytest.raises(FileRefused) as refused:
        read_corrections(upload(content, "klanten.xlsx"))
    assert str(refused.value).startswith("No column names found on the first sheet of “klanten.xlsx” (“Sheet”).")


def test_a_workbook_saved_with_the_name_csv_is_read_as_a_workbook():
    [row] = rows_of(openpyxl_xlsx([["Email", "Credits"], ["a@example.com", 9]]), "corrections.csv")
    assert (row.who, row.credits) == ("a@example.com", 9)
