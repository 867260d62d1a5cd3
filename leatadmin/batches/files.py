"""Reading a file of corrections (#25): a CSV or Excel file as people make
them, row by row, each with its format problems in words; and its template.

    reading = read_corrections(upload)     # FileRefused: the whole file cannot be read
    for row in reading.rows:               # FileRefused here too: see below
        ...

The file is streamed, never read whole into memory: a CSV through the
standard library's `csv` reader over a text wrapper (files_csv.py), so its
memory stays flat with its size; a workbook through openpyxl's read-only
mode (files_xlsx.py, which says what openpyxl keeps in memory as it reads,
and the limits that follow). openpyxl writes the template too
(files_template.py). tablib was not chosen: it loads a whole file into memory.

What can be told before the first row is refused by read_corrections: a file
too large (by its size, before a byte is read), of another kind, not text,
not a workbook, without the columns we need, or a CSV of no rows or more than
MAX_ROWS rows (the upload view holds the size as the file arrives too:
upload_limit.py). What shows only further on, a workbook of no rows or more than MAX_ROWS
rows, or damaged part way, is refused while `rows` is iterated: keep nothing of a
file whose rows raised FileRefused. The upload must stay open until `rows`
is done.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from .files_columns import Header, find_header
from .files_csv import csv_rows, encoding_of, separator_of
from .files_refused import EMPTY, NO_HEADER, NO_HEADER_ON_SHEET, NO_ROWS, NOT_WORKBOOK, PROTECTED, TOO_LARGE, TOO_MANY_ROWS, WRONG_KIND, FileRefused, counted, refused, sized
from .files_template import template_file
from .files_values import FileRow, file_row, filled
from .files_xlsx import OLE_MAGIC, ZIP_MAGIC, Workbook

__all__ = ["MAX_ROWS", "FileRefused", "FileRow", "Reading", "read_corrections", "template_file"]

#: A file with more rows of corrections than this is refused, with the limit in words.
MAX_ROWS = 50_000
KINDS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Reading:
    name: str  #: the uploaded file's name
    columns: dict[str, str]  #: our field -> the header as written in the file
    rows: Iterator[FileRow]  #: streamed: never the whole file in memory


def upload_limit() -> int:
    """The largest upload accepted (settings.BATCH_MAX_UPLOAD_BYTES): a larger one is refused before it is read."""
    return settings.BATCH_MAX_UPLOAD_BYTES


def _name(upload: Any) -> str:
    return posixpath.basename(str(getattr(upload, "name", "") or "").replace("\\", "/"))


def _too_many(name: str) -> FileRefused:
    return refused(TOO_MANY_ROWS, name=name, limit=counted(MAX_ROWS))


def _file_rows(rows: Iterator[tuple[int, Sequence[object]]], header: Header, name: str) -> Iterator[FileRow]:
    """The rows below the header as FileRows, empty lines left out."""
    found = 0
    try:
        for number, cells in rows:
            row = file_row(number, cells, header)
            if row is None:
                continue
            found += 1
            if found > MAX_ROWS:
                raise _too_many(name)
            yield row
        if not found:  # column names and nothing below them: a batch of no rows is no batch
            raise refused(NO_ROWS, name=name)
    finally:
        rows.close()  # type: ignore[attr-defined]  # a generator: its file is let go of


def _csv(upload: Any, name: str) -> Reading:
    encoding = encoding_of(upload, name)
    separator, sep_line = separator_of(upload, encoding)
    # A first pass counts the rows (a CSV reads fast): a file too long is refused before any row is used.
    rows = csv_rows(upload, encoding, separator, sep_line, name)
    header = find_header(rows, name)
    if header is None:
        raise refused(NO_HEADER, name=name)
    found = sum(1 for _number, cells in rows if filled(cells, header))
    if found > MAX_ROWS:
        raise _too_many(name)
    if not found:
        raise refused(NO_ROWS, name=name)
    rows = csv_rows(upload, encoding, separator, sep_line, name)
    find_header(rows, name)
    return Reading(name=name, columns=dict(header.written), rows=_file_rows(rows, header, name))


def _xlsx(upload: Any, name: str, size: int) -> Reading:
    workbook = Workbook(upload, name, size)
    rows = workbook.rows()
    try:
        header = find_header(rows, name)
    except BaseException:
        rows.close()
        raise
    if header is None:
        rows.close()
        raise refused(NO_HEADER_ON_SHEET, name=name, sheet=workbook.sheet)
    workbook.width = header.width
    return Reading(name=name, columns=dict(header.written), rows=_file_rows(rows, header, name))


def read_corrections(upload: Any) -> Reading:
    """The corrections in `upload` (a django.core.files.File, e.g. an
    UploadedFile): its columns found, its rows streamed. FileRefused, with a
    message in words, for a file that cannot be read as a whole."""
    name = _name(upload)
    size = upload.size
    if size > upload_limit():
        raise refused(TOO_LARGE, name=name, size=sized(size), limit=sized(upload_limit()))
    if not size:
        raise refused(EMPTY, name=name)
    kind = posixpath.splitext(name.lower())[1]
    if kind not in KINDS:
        raise refused(WRONG_KIND, name=name)
    upload.seek(0)
    magic = upload.read(len(OLE_MAGIC))
    if magic.startswith(OLE_MAGIC):
        raise refused(PROTECTED, name=name)
    if magic.startswith(ZIP_MAGIC):
        return _xlsx(upload, name, size)  # a workbook, even if it was saved with the name .csv
    if kind == ".xlsx":
        raise refused(NOT_WORKBOOK, name=name)
    return _csv(upload, name)
