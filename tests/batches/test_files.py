"""A CSV file of corrections is read as people make them, each row with its
format problems in words; the template reads back as it was written."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from leatadmin.batches.files import FileRow, read_corrections, template_file

from .spreadsheets import DUTCH_HEADER, csv_bytes, upload

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def rows_of(content: bytes, name: str = "correcties.csv") -> list[FileRow]:
    return list(read_corrections(upload(content, name)).rows)


def problems(row: FileRow) -> list[str]:
    return [str(problem) for problem in row.problems]


def test_dutch_excel_csv_semicolons_decimal_commas_windows_1252_empty_lines_and_trailing_spaces():
    content = csv_bytes(
        [
            DUTCH_HEADER,
            ["jan@example.com ", "25", "", "Amsterdam Centrum ", "Kassastoring, café dicht"],
            ["", "", "", "", ""],
            [],
            [" 0612345678901", "", "12,50", "", ""],
            ["piet@example.com", "-10", "", "", "Te veel gegeven – sorry"],
        ],
        encoding="cp1252",
    )
    reading = read_corrections(upload(content, "correcties.csv"))
    assert reading.name == "correcties.csv"
    assert reading.columns == {"who": "E-mail", "credits": "Punten", "purchase": "Aankoopbedrag", "shop": "Vestiging", "reason": "Reden"}
    assert iter(reading.rows) is reading.rows  # streamed, not a list
    assert list(reading.rows) == [
        FileRow(number=2, who="jan@example.com", credits=25, purchase=None, shop="Amsterdam Centrum", reason="Kassastoring, café dicht", problems=()),
        FileRow(number=5, who="0612345678901", credits=None, purchase=Decimal("12.50"), shop="", reason="", problems=()),
        FileRow(number=6, who="piet@example.com", credits=-10, purchase=None, shop="", reason="Te veel gegeven – sorry", problems=()),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_each_encoding_people_save_in(encoding):
    [row] = rows_of(csv_bytes([["Klant", "Punten", "Reden"], ["anaïs@example.com", "5", "Crème brûlée – €"]], encoding=encoding))
    assert (row.who, row.credits, row.reason) == ("anaïs@example.com", 5, "Crème brûlée – €")


def test_a_windows_1252_letter_late_in_the_file_still_decides_the_encoding():
    # The first 64 KB are plain ASCII (valid UTF-8 too): the one pass over all the bytes decides.
    lines = [["E-mail", "Punten", "Reden"]] + [[f"klant{n}@example.com", "1", "storing"] for n in range(3000)] + [["zoë@example.com", "1", "één"]]
    content = csv_bytes(lines, encoding="cp1252")
    assert len(content) > 65536
    assert rows_of(content)[-1].who == "zoë@example.com"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_found_whichever_it_is(separator):
    content = csv_bytes([["Email", "Credits", "Purchase amount", "Reason"], ["a@example.com", "", "12,50", "late, again"]], separator=separator)
    [row] = rows_of(content)
    assert (row.who, row.purchase, row.reason) == ("a@example.com", Decimal("12.50"), "late, again")


def test_excels_sep_line_sets_the_separator_and_is_not_a_row():
    content = b"sep=,\r\nE-mail,Punten\r\na@example.com,3\r\n"
    [row] = rows_of(content)
    assert (row.number, row.who, row.credits) == (2, "a@example.com", 3)


def test_headers_in_any_order_case_language_and_with_hints_below_a_title():
    content = csv_bytes(
        [
            ["Correcties na de storing van 12 juni"],
            ["REDEN", "punten (+ of -)", "Klant (e-mail, kaartnummer of UUID)", "Naam"],
            ["Storing", "+7", "a@example.com", "Anna"],
        ]
    )
    reading = read_corrections(upload(content, "c.csv"))
    assert reading.columns == {"reason": "REDEN", "credits": "punten (+ of -)", "who": "Klant (e-mail, kaartnummer of UUID)"}
    [row] = reading.rows
    assert (row.number, row.who, row.credits, row.purchase, row.shop, row.reason) == (3, "a@example.com", 7, None, "", "Storing")


def test_row_numbers_are_the_spreadsheets_a_cell_over_two_lines_is_one_row():
    content = csv_bytes([["E-mail", "Punten", "Reden"], ["a@example.com", "1", "twee\nregels"], ["b@example.com", "2", ""]])
    assert [(row.number, row.reason) for row in rows_of(content)] == [(2, "twee\nregels"), (3, "")]


@pytest.mark.parametrize(
    ("cells", "credits", "purchase"),
    [
        (["a@example.com", "-10", ""], -10, None),
        (["a@example.com", "\u221210", ""], -10, None),
        (["a@example.com", "+5", ""], 5, None),
        (["a@example.com", "1 000", ""], 1000, None),
        (["a@example.com", "", "€ 12,50"], None, Decimal("12.50")),
        (["a@example.com", "", "1.234,56"], None, Decimal("1234.56")),
        (["a@example.com", "", "12.5"], None, Decimal("12.50")),
        (["a@example.com", "", "0"], None, Decimal("0.00")),
    ],
)
def test_values_as_people_type_them(cells, credits, purchase):
    [row] = rows_of(csv_bytes([["E-mail", "Punten", "Aankoopbedrag"], cells]))
    assert (row.credits, row.purchase, problems(row)) == (credits, purchase, [])


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        (["", "5", ""], "No customer: fill in “E-mail” with an email, card number or contact UUID."),
        (["a@example.com", "12,5", ""], "“Punten” “12,5” is not a whole number of credits, e.g. 25 or -10."),
        (["a@example.com", "1.000", ""], "“Punten” “1.000” is not a whole number of credits, e.g. 25 or -10."),
        (["a@example.com", "٣", ""], "“Punten” “٣”: Type the number with the digits 0–9."),
        (["a@example.com", "1234567890", ""], "“Punten” “1234567890” is too large a number of credits."),
        (["a@example.com", "5", "12,50"], "Fill in either “Punten” or “Aankoopbedrag”, not both."),
        (["a@example.com", "", ""], "Fill in “Punten” or “Aankoopbedrag”."),
        (["a@example.com", "", "twaalf"], "“Aankoopbedrag” “twaalf”: Enter an amount in euros, e.g. 25,50 or 25.50."),
        (["a@example.com", "", "-5"], "“Aankoopbedrag” “-5”: a purchase amount cannot be negative."),
        (["a@example.com", "", "0,125"], "“Aankoopbedrag” “0,125”: “0,125” has 3 decimals: type whole cents, like 0,12 or 0,13."),
        (["a@example.com", "", "12,505"], "“Aankoopbedrag” “12,505”: “12,505” has 3 decimals: type whole cents, like 12,50 or 12,51; or 12505 if you meant 12505 euros."),
        (["a@example.com", "", "2000000"], "“Aankoopbedrag” “2000000”: At most €1,000,000.00."),
        (["a@example.com", "=SUM(A1:A9)", ""], "“Punten” holds a formula (=SUM(A1:A9)): formulas are never run. Type the value itself."),
        (["+cmd|' /C calc'!A0", "5", ""], "“E-mail” holds a formula (+cmd|' /C calc'!A0): formulas are never run. Type the value itself."),
        (["a@example.com", "", "@SUM(1+1)"], "“Aankoopbedrag” holds a formula (@SUM(1+1)): formulas are never run. Type the value itself."),
        (["a@example.com", "-2+3", ""], "“Punten” holds a formula (-2+3): formulas are never run. Type the value itself."),
    ],
)
def test_each_format_problem_is_said_at_its_row(cells, said):
    [row] = rows_of(csv_bytes([["E-mail", "Punten", "Aankoopbedrag"], cells]))
    assert problems(row) == [said]
    assert row.number == 2


def test_a_formula_in_the_shop_or_reason_and_values_too_long():
    [row] = rows_of(csv_bytes([["E-mail", "Punten", "Vestiging", "Reden"], ["a" * 300, "5", '=HYPERLINK("http://x")', "@" + "x" * 600]]))
    assert problems(row) == [
        "“E-mail” is too long: at most 255 characters.",
        '“Vestiging” holds a formula (=HYPERLINK("http://x")): formulas are never run. Type the value itself.',
        "“Reden” holds a formula (@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…): formulas are never run. Type the value itself.",
        "“Reden” is too long: at most 500 characters.",
    ]
    assert (len(row.who), len(row.reason)) == (255, 500)  # cut to what is kept, the row marked


def test_a_file_with_only_a_credits_column_says_which_to_fill_in():
    [row] = rows_of(csv_bytes([["E-mail", "Punten", "Reden"], ["a@example.com", "", "vergeten"]]))
    assert problems(row) == ["Fill in “Punten”."]


def test_row_problems_are_said_in_the_language_they_are_shown_in():
    [row] = rows_of(csv_bytes([["E-mail", "Punten"], ["", "abc"]]))
    with translation.override("nl"):
        assert problems(row) == ["Geen klant: vul bij “E-mail” een e-mailadres, kaartnummer of klant-UUID in.", "“Punten” “abc” is geen geheel aantal punten, bijvoorbeeld 25 of -10."]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_csv_template_in_each_language_reads_back_as_one_example_row(language):
    content, filename, content_type = template_file("csv", language)
    assert content_type == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the file as UTF-8
    header, example = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";" if language == "nl" else ",")
    if language == "nl":
        assert (filename, header) == ("correcties-sjabloon.csv", ["Klant", "Punten", "Aankoopbedrag", "Vestiging", "Reden"])
    else:
        assert (filename, header) == ("corrections-template.csv", ["Customer", "Credits", "Purchase amount", "Shop", "Reason"])
    [row] = rows_of(content, filename)
    assert (row.number, row.credits, row.purchase, row.problems) == (2, 25, None, ())
    assert row.who.endswith("@example.com") and row.reason


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_excel_template_in_each_language_reads_back_as_one_example_row(language):
    content, filename, content_type = template_file("xlsx", language)
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == (["Klant", "Punten", "Aankoopbedrag", "Vestiging", "Reden"] if language == "nl" else ["Customer", "Credits", "Purchase amount", "Shop", "Reason"])
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].number_format == "@"  # card numbers keep their leading zeros
    assert filename == ("correcties-sjabloon.xlsx" if language == "nl" else "corrections-template.xlsx")
    [row] = rows_of(content, filename)
    assert (row.number, row.credits, row.problems) == (2, 25, ())


def test_there_is_no_template_of_another_kind():
    with pytest.raises(ValueError):
        template_file("ods", "nl")
