"""Reading a CSV file of corrections as people make them, streamed.

The standard library's `csv` reader over a text wrapper of the upload: never
the whole file in memory. Its encoding is found by one pass over the bytes
(a chunk at a time): a BOM says UTF-8 or UTF-16 (Excel's "CSV UTF-8" and
"Unicode text"); otherwise a file that is valid UTF-8 throughout is UTF-8,
and anything else Windows-1252 (Excel's plain "CSV" on a Dutch Windows).
The separator (`;` from Dutch Excel, `,`, or a tab) is the one with which
the header names most of our columns; Excel's `sep=;` first line is obeyed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from .files_columns import HEADER_WITHIN, is_blank, recognised
from .files_refused import BROKEN_ROW, MIXED_TEXT, NOT_TEXT, refused

SEPARATORS = (";", ",", "\t")
CHUNK = 1 << 18
SAMPLE = 1 << 16
#: The five bytes Windows-1252 leaves undefined: a file with them is in neither encoding.
CP1252_HOLES = b"\x81\x8d\x8f\x90\x9d"
#: Control characters no spreadsheet writes in a CSV (tab, line ends, form feeds aside).
CONTROLS = bytes([*range(1, 9), *range(14, 32)])
_SEP_LINE = re.compile(r"\s*sep=(.)\s*$", re.IGNORECASE)


class _Raw(io.RawIOBase):
    """The upload as a raw binary stream, for io's buffered reader and text
    wrapper; closing it (as the wrapper does when it is collected) leaves the
    upload open: it is its owner's."""

    def __init__(self, upload: Any) -> None:
        super().__init__()
        self.upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.upload.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def text_of(upload: Any, encoding: str) -> io.TextIOWrapper:
    """The upload from its start as text lines, decoded a chunk at a time."""
    upload.seek(0)
    return io.TextIOWrapper(io.BufferedReader(_Raw(upload), CHUNK), encoding=encoding, newline="")


def encoding_of(upload: Any, name: str) -> str:
    """The upload's text encoding, from one pass over its bytes; FileRefused for binary data."""
    upload.seek(0)
    head = upload.read(SAMPLE)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\0" in head or len(head) - len(head.translate(None, CONTROLS)) > len(head) // 100:
        raise refused(NOT_TEXT, name=name)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = windows = True
    chunk = head
    while chunk:
        if b"\0" in chunk:
            raise refused(NOT_TEXT, name=name)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        windows = windows and len(chunk.translate(None, CP1252_HOLES)) == len(chunk)
        chunk = upload.read(CHUNK)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if head.startswith(codecs.BOM_UTF8):
        if not utf8:
            raise refused(MIXED_TEXT, name=name)
        return "utf-8-sig"
    if utf8:
        return "utf-8"
    if windows:
        return "cp1252"
    raise refused(NOT_TEXT, name=name)


def _reader(lines: Any, separator: str, strict: bool = True) -> Iterator[list[str]]:
    # Strict: a quote never closed is refused at its row, rather than swallowing the rows after it.
    return csv.reader(lines, delimiter=separator, skipinitialspace=True, strict=strict)


def separator_of(upload: Any, encoding: str) -> tuple[str, bool]:
    """The separator, and whether the first line is Excel's `sep=` line: the
    one with which a header among the first rows names most of our columns
    (`;` on a tie, then a tab, then `,`)."""
    upload.seek(0)
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(upload.read(SAMPLE))
    first = sample.split("\n", 1)[0]
    if hint := _SEP_LINE.fullmatch(first):
        return hint.group(1), True
    best, best_score = SEPARATORS[0], 0
    for separator in (";", "\t", ","):
        score = 0
        try:
            seen = 0
            for cells in _reader(io.StringIO(sample, newline=""), separator, strict=False):
                if is_blank(cells):
                    continue
                score = recognised(cells)
                seen += 1
                if score or seen >= HEADER_WITHIN:
                    break
        except csv.Error:
            score = 0
        if score > best_score:
            best, best_score = separator, score
    return best, False


def csv_rows(upload: Any, encoding: str, separator: str, sep_line: bool, name: str) -> Iterator[tuple[int, list[str]]]:
    """The file's rows with their numbers as a spreadsheet shows them (one a
    record, empty lines counted; Excel's `sep=` line is not shown, so not counted)."""
    number = 0
    try:
        records = _reader(text_of(upload, encoding), separator)
        if sep_line:
            next(records, None)
        for number, cells in enumerate(records, start=1):
            yield number, cells
    except csv.Error:
        raise refused(BROKEN_ROW, name=name, row=number + 1) from None
    except UnicodeDecodeError:
        raise refused(MIXED_TEXT, name=name) from None
