"""CSV cells that a spreadsheet opens as data, never as a formula.

Excel, LibreOffice and Google Sheets run a cell starting with `=`, `+`, `-`
or `@` (and, after a tab or carriage return, whatever follows) as a formula:
a contact email `=1+2@…` or a shop named `+1+cmd|…` exported as it is would
run on the supervisor's machine (OWASP "CSV injection"). Such text gets a
leading `'`, which spreadsheets show as text. Real numbers stay numbers: a
credit of -2 is an int, not text, and is written as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell: numbers as they are, formula-like text neutralised."""
    if isinstance(value, (bool, int, float, Decimal)) or value is None:
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(safe_row(row) for row in rows)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    """What every CSV export writes with (audit log, transactions)."""
    return SafeWriter(out, **options)
