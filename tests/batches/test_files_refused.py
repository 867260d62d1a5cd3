"""A file that cannot be read as a whole is refused with a message in words,
and nothing else happens; the limits hold; memory stays flat with the size."""

from __future__ import annotations

import io
import os
import tempfile
import time
import tracemalloc
import zipfile

import pytest
from django.core.files import File
from django.utils import translation

from leatadmin.batches import files, files_xlsx
from leatadmin.batches.files import MAX_ROWS, FileRefused, read_corrections

from .spreadsheets import MAIN, csv_bytes, excel_xlsx, openpyxl_xlsx, upload

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(FileRefused) as refused:
        list(read_corrections(upload(content, name)).rows)
    return str(refused.value)


GOOD = csv_bytes([["E-mail", "Punten"], ["a@example.com", "5"]])
NO_HEADER = (
    "No column names found in “{name}”. The first row should name the columns, e.g. Customer, Credits, Shop, Reason (or in Dutch: Klant, Punten, Vestiging, Reden). Start from the template to be sure."
)


def _zip(parts: dict[str, bytes]) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return content.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "said"),
    [
        (b"Dear shop,\r\nplease give Anna five points.\r\nRegards, Bob\r\n", "mail.csv", NO_HEADER),
        (csv_bytes([["Naam", "Adres"], ["Anna", "Kerkstraat 1"]]), "adressen.csv", NO_HEADER),
        (
            csv_bytes([["Punten", "Reden"], ["5", "storing"]]),
            "c.csv",
            "“c.csv” has no column for the customer: name one Customer, Email, Card number or Contact (in Dutch: Klant, E-mail, Kaartnummer).",
        ),
        (
            csv_bytes([["E-mail", "Reden"], ["a@example.com", "storing"]]),
            "c.csv",
            "“c.csv” has no column for the credits or the purchase amount: name one Credits or Purchase amount (in Dutch: Punten or Aankoopbedrag).",
        ),
        (csv_bytes([["E-mail", "Kaartnummer", "Punten"], ["a@example.com", "", "5"]]), "c.csv", "Two columns of “c.csv” are for the same thing: “E-mail” and “Kaartnummer”. Keep one of them."),
        (bytes(range(256)) * 64, "garbage.csv", "“garbage.csv” is not a text file: it holds binary data. Save it from your spreadsheet as CSV or as .xlsx."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "photo.csv", "“photo.csv” is not a text file: it holds binary data. Save it from your spreadsheet as CSV or as .xlsx."),
        (bytes(range(256)) * 64, "garbage.xlsx", "“garbage.xlsx” is not an Excel workbook, though its name ends in .xlsx: it may be damaged or renamed. Save it again from Excel as .xlsx, or as CSV."),
        (GOOD, "renamed.xlsx", "“renamed.xlsx” is not an Excel workbook, though its name ends in .xlsx: it may be damaged or renamed. Save it again from Excel as .xlsx, or as CSV."),
        (
            _zip({"notes.txt": b"hello"}),
            "notes.xlsx",
            "“notes.xlsx” is not an Excel workbook, though its name ends in .xlsx: it may be damaged or renamed. Save it again from Excel as .xlsx, or as CSV.",
        ),
        (excel_xlsx([["x"]])[:-30], "cut.xlsx", "“cut.xlsx” is not an Excel workbook, though its name ends in .xlsx: it may be damaged or renamed. Save it again from Excel as .xlsx, or as CSV."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "locked.xlsx",
            "“locked.xlsx” is protected with a password, or is an old Excel file (.xls). Save it as .xlsx without a password, or as CSV.",
        ),
        (GOOD, "corrections.xls", "“corrections.xls” is not a .csv or .xlsx file. Save it from your spreadsheet as “Excel Workbook (.xlsx)” or as “CSV”."),
        (GOOD, "corrections", "“corrections” is not a .csv or .xlsx file. Save it from your spreadsheet as “Excel Workbook (.xlsx)” or as “CSV”."),
        (b"", "empty.csv", "“empty.csv” is empty."),
        (
            b'E-mail;Punten;Reden\r\na@example.com;5;"never closed\r\nb@example.com;6;ok\r\n',
            "quote.csv",
            'Row 2 of “quote.csv” cannot be read: a quote (") is not closed, or a cell is far too long. Save it again from your spreadsheet as CSV.',
        ),
        (
            "E-mail;Punten;Reden\r\nzoë@example.com;5;x\r\n".encode("utf-8-sig") + "é\r\n".encode("cp1252"),
            "mixed.csv",
            "“mixed.csv” is not in one text encoding throughout. Save it again from your spreadsheet as “CSV UTF-8”.",
        ),
    ],
    ids=[
        "prose",
        "other-columns",
        "no-who",
        "no-credits",
        "two-whos",
        "garbage-csv",
        "image-csv",
        "garbage-xlsx",
        "csv-named-xlsx",
        "other-zip",
        "cut-zip",
        "password",
        "xls",
        "no-extension",
        "empty",
        "open-quote",
        "mixed-encodings",
    ],
)
def test_a_bad_file_is_refused_in_words(content, name, said):
    assert refusal(content, name) == said.format(name=name)


def test_refusals_are_said_in_the_language_they_are_shown_in():
    with pytest.raises(FileRefused) as refused:
        read_corrections(upload(b"", "leeg.csv"))
    with translation.override("nl"):
        assert str(refused.value) == "“leeg.csv” is leeg."
        assert str(refused.value.message) == "“leeg.csv” is leeg."


class Unread(File):
    """An upload that must not be read: its size is all there is to know."""

    def read(self, *args, **kwargs):
        raise AssertionError("the file was read")

    def seek(self, *args, **kwargs):
        raise AssertionError("the file was read")


def test_a_200_mb_upload_is_refused_by_its_size_before_a_byte_is_read():
    with tempfile.TemporaryFile() as disk:
        disk.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing written
        with pytest.raises(FileRefused) as refused:
            read_corrections(Unread(disk, name="huge.csv"))
    assert str(refused.value) == "“huge.csv” is 200.0\xa0MB: a file of at most 20.0\xa0MB can be read. Split it into smaller files."


def test_the_size_limit_is_a_setting(settings):
    settings.BATCH_MAX_UPLOAD_BYTES = 1000
    assert refusal(GOOD + b"x@example.com;1\r\n" * 100, "c.csv") == "“c.csv” is 1.7\xa0KB: a file of at most 1000\xa0bytes can be read. Split it into smaller files."


def test_a_csv_of_more_than_50000_rows_is_refused_before_any_row_is_used():
    content = csv_bytes([["E-mail", "Punten"]] + [[f"k{n}@example.com", "1"] for n in range(MAX_ROWS + 1)])
    with pytest.raises(FileRefused) as refused:
        read_corrections(upload(content, "groot.csv"))
    assert str(refused.value) == "“groot.csv” has more than 50,000 rows: split it into files of at most 50,000 rows."
    with translation.override("nl"):
        assert str(refused.value) == "“groot.csv” heeft meer dan 50.000 rijen: verdeel het over bestanden van hoogstens 50.000 rijen."


def test_empty_lines_do_not_count_towards_the_limit(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    content = csv_bytes([["E-mail", "Punten"], ["a@example.com", "1"], [], ["", ""], ["b@example.com", "2"]])
    assert [row.number for row in read_corrections(upload(content, "c.csv")).rows] == [2, 5]
    with pytest.raises(FileRefused):
        read_corrections(upload(content + b"c@example.com;3\r\n", "c.csv"))


def test_a_workbook_of_too_many_rows_is_refused_while_its_rows_are_read(monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    reading = read_corrections(upload(openpyxl_xlsx([["E-mail", "Punten"], ["a@example.com", 1], ["b@example.com", 2], ["c@example.com", 3]]), "c.xlsx"))
    rows = reading.rows
    assert [next(rows).number, next(rows).number] == [2, 3]
    with pytest.raises(FileRefused) as refused:
        next(rows)
    assert str(refused.value) == "“c.xlsx” has more than 2 rows: split it into files of at most 2 rows."


def test_a_workbook_damaged_part_way_is_refused_at_the_row_it_breaks():
    # The sheet's size first, as Excel writes it (<dimension>): openpyxl opens it without reading further.
    sheet = f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2000"/><sheetData><row r="1"><c t="inlineStr"><is><t>E-mail</t></is></c><c t="inlineStr"><is><t>Punten</t></is></c></row>'
    sheet += "".join(f'<row r="{n}"><c t="inlineStr"><is><t>k{n}@example.com</t></is></c><c><v>1</v></c></row>' for n in range(2, 2000))
    sheet += '<row r="2000"><c><v>1</v></c></broken></sheetData></worksheet>'
    reading = read_corrections(upload(excel_xlsx([], sheet_xml=sheet), "kapot.xlsx"))
    with pytest.raises(FileRefused) as refused:
        for _row in reading.rows:
            pass
    assert str(refused.value) == "“kapot.xlsx” cannot be read from row 2000 on: the file is damaged. Save it again and upload it once more."
    # Without it (as openpyxl writes a sheet), openpyxl reads the whole sheet to size it: the damage is found before any row.
    assert refusal(excel_xlsx([], sheet_xml=sheet.replace('<dimension ref="A1:B2000"/>', "")), "kapot.xlsx").startswith("“kapot.xlsx” is not an Excel workbook")


def test_a_row_past_excels_last_is_refused_not_filled_in_up_to():
    # openpyxl gives the empty rows up to a row's number: a billion of them would never end.
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>E-mail</t></is></c><c t="inlineStr"><is><t>Punten</t></is></c></row>'
    sheet += '<row r="2"><c t="inlineStr"><is><t>a@example.com</t></is></c><c><v>1</v></c></row><row r="1000000000"><c><v>1</v></c></row></sheetData></worksheet>'
    started = time.process_time()
    assert refusal(excel_xlsx([], sheet_xml=sheet), "ver.xlsx") == "“ver.xlsx” cannot be read from row 1048577 on: the file is damaged. Save it again and upload it once more."
    assert time.process_time() - started < 30


def test_an_entity_expansion_bomb_is_refused_not_expanded():
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">' + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)) + "]>"
    strings = f'<?xml version="1.0"?>{lol}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    started = time.process_time()
    assert "is not an Excel workbook" in refusal(excel_xlsx([["E-mail", "Punten"]], strings_xml=strings), "bom.xlsx")
    assert time.process_time() - started < 5  # refused by expat's limit, not after 10^9 "lol"s


def test_a_zip_bomb_is_refused_by_the_size_it_unpacks_to(monkeypatch):
    monkeypatch.setattr(files_xlsx, "MOST_SHEET_BYTES", 1024 * 1024)
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>E-mail</t></is></c><c t="inlineStr"><is><t>Punten</t></is></c></row></sheetData>'
        + " " * (2 * 1024 * 1024)
        + "</worksheet>"
    )
    content = excel_xlsx([], sheet_xml=sheet)
    assert len(content) < 20_000
    assert refusal(content, "bom.xlsx") == "“bom.xlsx” is too large inside: its sheet unpacks to more than 1.0\xa0MB. Copy only the corrections to a new workbook."


@pytest.mark.parametrize(
    ("limit", "parts", "said"),
    [
        ("MOST_STRINGS_BYTES", {"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{" " * (768 * 1024)}</sst>'}, "its sheet unpacks to more than 512.0\xa0KB"),
        ("MOST_SMALL_PART", {"xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{" " * (768 * 1024)}</styleSheet>'}, "its sheet unpacks to more than 512.0\xa0KB"),
        ("MOST_UNPACKED", {f"xl/media/image{n}.png": " " * (256 * 1024) for n in range(3)}, "it unpacks to more than 512.0\xa0KB"),
    ],
    ids=["shared-strings", "styles", "all-parts"],
)
def test_each_part_openpyxl_reads_whole_and_all_of_them_are_held_to_a_size(monkeypatch, limit, parts, said):
    # openpyxl holds the shared strings and reads the other parts whole (the styles: ~120 bytes of memory a byte).
    # Each part here is within every other limit (1 MB at the least): only the one under test refuses it.
    monkeypatch.setattr(files_xlsx, limit, 512 * 1024)
    content = excel_xlsx([["E-mail", "Punten"]], parts=parts)
    assert len(content) < 20_000
    assert refusal(content, "bom.xlsx") == f"“bom.xlsx” is too large inside: {said}. Copy only the corrections to a new workbook."


def test_a_zip_of_too_many_parts_is_refused_before_they_are_listed(monkeypatch):
    monkeypatch.setattr(files_xlsx, "MOST_PARTS", 10)
    content = _zip({f"part{n}.xml": b"<x/>" for n in range(20)})
    assert "is not an Excel workbook" in refusal(content, "parts.xlsx")


def test_the_upload_stays_open_for_its_owner():
    for content, name in ((GOOD, "c.csv"), (openpyxl_xlsx([["E-mail", "Punten"], ["a@example.com", 1]]), "c.xlsx")):
        file = upload(content, name)
        assert len(list(read_corrections(file).rows)) == 1
        assert not file.closed


def _peak(content: bytes, name: str) -> tuple[int, int]:
    """The rows read from `content` on disk (as a large upload is), and the most memory reading took."""
    with tempfile.TemporaryFile() as disk:
        disk.write(content)
        disk.seek(0)
        tracemalloc.start()
        try:
            count = sum(1 for _row in read_corrections(File(disk, name=name)).rows)
            return count, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def _rows(count: int) -> list[list[object]]:
    return [["E-mail", "Punten", "Aankoopbedrag", "Vestiging", "Reden"]] + [[f"klant{n}@example.com", n % 50 + 1, None, "Amsterdam Centrum", f"Kassastoring {n}"] for n in range(count)]


#: The bytes each row read may leave in memory till the file is done. None for a CSV. For a workbook,
#: what openpyxl keeps as it reads: an emptied element a row (~80 bytes), and Excel's shared strings
#: table (~110 bytes a distinct text, two a row in _rows()). A row itself is never kept: FileRows or
#: their cells kept would add some 400 bytes a row.
KEPT_A_ROW = {"csv": 0, "xlsx": 100 + 2 * 130}


#: Ten times the rows shows how memory grows a row; the full 50,000 is what `make bench`
#: measures (scripts/bench_batch_files.py; tracemalloc makes reading some 20 times slower).
SMALL, LARGE = 2_000, 20_000


@pytest.mark.parametrize("kind", list(KEPT_A_ROW))
def test_memory_grows_with_the_files_size_by_no_more_than_the_reader_must_keep(kind):
    # Each row with its own email and reason (in Excel's shared strings table: two texts a row).
    build = (lambda rows: csv_bytes(rows, encoding="cp1252")) if kind == "csv" else excel_xlsx
    small, large = build(_rows(SMALL)), build(_rows(LARGE))
    assert len(large) > 9 * len(small)
    small_count, small_peak = _peak(small, f"small.{kind}")
    large_count, large_peak = _peak(large, f"large.{kind}")
    assert (small_count, large_count) == (SMALL, LARGE)
    # Measured at 5,000 and 50,000 rows: 0.6 MB and 0.6 MB (csv); 2.0 MB and 15.1 MB (xlsx; 0.8 MB and 4.4 MB as openpyxl writes it, inline strings).
    assert large_peak < 1.5 * 1024 * 1024 + KEPT_A_ROW[kind] * LARGE, large_peak
    assert large_peak < small_peak * 1.5 + 512 * 1024 + KEPT_A_ROW[kind] * (LARGE - SMALL), (small_peak, large_peak)


def test_no_file_is_left_open_read_to_the_end_or_left_half_way():
    content = excel_xlsx(_rows(10))
    before = len(os.listdir("/proc/self/fd"))
    assert len(list(read_corrections(upload(content, "c.xlsx")).rows)) == 10
    rows = read_corrections(upload(content, "c.xlsx")).rows
    next(rows)
    rows.close()  # what happens to a reading dropped half way
    assert len(os.listdir("/proc/self/fd")) == before
