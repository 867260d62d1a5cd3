"""Reading the first visible sheet of an Excel workbook (.xlsx) of corrections, by openpyxl.

openpyxl's read-only mode, as its authors meant it: `load_workbook(read_only=True,
data_only=False)` and `iter_rows(values_only=True)`. The sheet is streamed row by
row, and a cell with a formula comes as its text ("=SUM(B2:B9)"), never its cached
result: the formula is seen and refused for its row (files_values.py), never
evaluated. python-calamine was not chosen: it loads the whole sheet, and gives a
formula's cached result with no way to tell it was one.

What openpyxl does not do for us, and a hostile upload needs, is checked first by
what the zip says of itself (`check_zip`), before openpyxl unpacks a byte: how
many parts it has (its end record, before zipfile lists them), and how much each
part and all of them unpack to (zipfile never unpacks more than a part says it
holds). The limits follow what openpyxl keeps in memory while it reads, measured:
a worksheet is streamed, but each row read leaves an emptied element behind (~80
bytes a row), and an element it does not know stays whole (up to ~20 bytes of
memory a byte of XML); the shared strings table (Excel's one table of every text
in the workbook) is held as a list (~110 bytes a distinct text, up to ~18 bytes a
byte); the other parts (the styles above all: up to ~120 bytes a byte) are read
whole into objects. So a worksheet may unpack to MOST_SHEET_BYTES (a 50,000-row
sheet of five columns is 7-13 MB), the shared strings to MOST_STRINGS_BYTES, any
other part to MOST_SMALL_PART, all of them together to MOST_UNPACKED: a file made
to swell, a few KB zipped, costs at most (measured at each limit) ~350 MB and 4 s
of CPU for its sheet, ~150 MB and 10 s for its strings, ~125 MB and 4 s for its
styles, not gigabytes; a real 50,000-row workbook 5-15 MB and 2-3 s.

Entity expansion: openpyxl parses with the standard library's expat (defusedxml's
wrappers of it when installed, lxml without entity resolution when installed), and
expat from 2.4.1 on refuses billion-laughs and quadratic blowup by its amplification
limit; ElementTree never fetches an external entity. tests/batches/test_files_refused.py
checks it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_CORE, ARC_CUSTOM, ARC_STYLE, ARC_WORKBOOK, SHARED_STRINGS, WORKSHEET_TYPE
from openpyxl.xml.functions import fromstring

from .files_columns import HEADER_WIDTH
from .files_refused import DAMAGED, NO_SHEET, NOT_WORKBOOK, TOO_BIG_INSIDE, TOO_MUCH_INSIDE, FileRefused, refused, sized

ZIP_MAGIC = b"PK\x03\x04"
#: An OLE compound file: an old .xls, or a workbook protected with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MiB = 1024 * 1024
MOST_PARTS = 10_000
MOST_SHEET_BYTES = 16 * MiB
MOST_STRINGS_BYTES = 8 * MiB
MOST_SMALL_PART = 1 * MiB
MOST_UNPACKED = 32 * MiB
#: Parts openpyxl finds by their path and reads whole, whatever the package calls them.
READ_WHOLE = {ARC_CONTENT_TYPES, ARC_CORE, ARC_CUSTOM, ARC_STYLE, ARC_WORKBOOK}
#: The most rows a sheet can have in Excel: a row past it is no sheet Excel made (and openpyxl
#: fills the gap up to a row's number with empty rows, so a number of a billion would never end).
EXCEL_ROWS = 1_048_576


def parts_in(upload: Any, size: int) -> int | None:
    """How many members the zip says it has (its end record), before zipfile reads them all."""
    upload.seek(max(0, size - 65_557))
    tail = upload.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def _streamed(archive: zipfile.ZipFile) -> tuple[str | None, set[str]]:
    """The shared strings part and the worksheets openpyxl will stream, found as openpyxl finds
    them: by the content types the package names its parts with."""
    types = archive.getinfo(ARC_CONTENT_TYPES)
    if types.file_size > MOST_SMALL_PART:
        return None, set()
    manifest = Manifest.from_tree(fromstring(archive.read(types)))
    strings = manifest.find(SHARED_STRINGS)
    # A part the package also calls something else may be read whole as that: no sheet's room for it.
    other = {part.PartName for part in manifest.Override if part.ContentType != WORKSHEET_TYPE}
    sheets = {part.PartName[1:] for part in manifest.findall(WORKSHEET_TYPE) if part.PartName not in other and not part.PartName.endswith(".rels")}
    return (strings.PartName[1:] if strings else None), sheets - READ_WHOLE


def check_zip(upload: Any, name: str, size: int) -> None:
    """FileRefused for a zip that is no workbook, or that says it unpacks to more than we read."""
    parts = parts_in(upload, size)
    if parts is None or parts > MOST_PARTS:
        raise refused(NOT_WORKBOOK, name=name)
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:  # closes the zip, not the upload
            members = archive.infolist()
            if sum(member.file_size for member in members) > MOST_UNPACKED:
                raise refused(TOO_MUCH_INSIDE, name=name, limit=sized(MOST_UNPACKED))
            strings, sheets = _streamed(archive)
    except FileRefused:
        raise
    except Exception:  # whatever a damaged zip or manifest makes zipfile or openpyxl raise
        raise refused(NOT_WORKBOOK, name=name) from None
    for member in members:
        most = MOST_STRINGS_BYTES if member.filename == strings else MOST_SHEET_BYTES if member.filename in sheets else MOST_SMALL_PART
        if member.file_size > most:
            raise refused(TOO_BIG_INSIDE, name=name, limit=sized(most))


def _value(value: object) -> object:
    """A cell's value as files_values.py reads it: text, a number (int or float), or None."""
    if value is None or type(value) in (int, float):
        return value
    if isinstance(value, str):
        return unescape(value)  # OOXML writes control characters as `_x000D_`; openpyxl leaves them so
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, ArrayFormula):
        return value.text or "="
    if isinstance(value, DataTableFormula):
        return "=TABLE()"  # a what-if table: a formula all the same
    if isinstance(value, dt.datetime):  # a date cell: as a date, not as Excel's day number
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value)  # a time, or a duration


class Workbook:
    """The first visible worksheet of an .xlsx upload: its title, and its rows one at a time."""

    def __init__(self, upload: Any, name: str, size: int) -> None:
        self.name = name
        #: How many columns each row gives (the header's width, once it is known).
        self.width = HEADER_WIDTH
        check_zip(upload, name, size)
        try:
            upload.seek(0)
            # keep_links=False: links to other workbooks hold copies of their sheets, never needed here.
            self.book = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
        except Exception:  # openpyxl raises whatever its parsers meet in a damaged file: all mean the same
            raise refused(NOT_WORKBOOK, name=name) from None
        self._sheet = next((sheet for sheet in self.book.worksheets if sheet.sheet_state == "visible"), None)
        if self._sheet is None:  # e.g. saved as Strict Open XML, whose names openpyxl does not know
            self.close()
            raise refused(NO_SHEET, name=name)
        self.sheet = self._sheet.title
        # The size a sheet declares may be wrong (and rows past it would be left out): read what is there.
        self._sheet.reset_dimensions()

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number, the row's first `width` cells) for each row of the sheet,
        empty ones too; FileRefused if the sheet turns out damaged part way."""
        number = 0
        rows = self._sheet.iter_rows(min_row=1, min_col=1, max_col=HEADER_WIDTH, values_only=True)
        try:
            for cells in rows:
                number += 1
                if number > EXCEL_ROWS:
                    break
                yield number, [_value(cell) for cell in cells[: self.width]]
            else:
                return
        except Exception:  # as above: a sheet damaged part way, in whatever way
            raise refused(DAMAGED, name=self.name, row=number + 1) from None
        finally:
            rows.close()
            self.close()
        raise refused(DAMAGED, name=self.name, row=number)

    def close(self) -> None:
        self.book.close()
