"""One row of a file of corrections, from its cells to a FileRow with its
format problems in words.

Cells come as text (a CSV's, or a workbook's text cells), as a number (a
workbook's number cell: int or float, as openpyxl reads it) or None. A
workbook cell that holds a formula comes as its text, `=SUM(B2:B9)`, never
evaluated and its cached result never read (files_xlsx.py). Text that starts
like a formula (`=`, `+`, `-`, `@`) and is not a number is refused for its
row: it is a formula, or what a CSV injection looks like, and a value a
spreadsheet would have computed is not the value the person saw.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from leatadmin.core.fields import OTHER_DIGITS, WHOLE, at_most_money
from leatadmin.core.money import NOT_AN_AMOUNT as ENTER_AN_AMOUNT
from leatadmin.core.money import AmountError, parse_amount, too_many_decimals

from .files_columns import Header
from .files_refused import said


@dataclass(frozen=True)
class FileRow:
    number: int  #: the row's number as the person sees it in their spreadsheet (header = 1)
    who: str  #: email, card number or contact UUID, as typed (trimmed)
    credits: int | None  #: a whole number, + or - (None if the column is absent or empty)
    purchase: Decimal | None  #: euros, read as people type them ("12,50")
    shop: str  #: shop name or UUID as typed ("" if absent: the file's default applies)
    reason: str  #: "" if absent: the file's default applies
    problems: tuple[str, ...]  #: this row's format problems in words (lazy: said in the language shown)


#: The longest value each text field keeps (a longer one is cut there, and the row has a problem).
LONGEST = {"who": 255, "shop": 255, "reason": 500}
#: Credits with more digits than this are no correction anyone means (and would not fit Leat's numbers).
CREDIT_DIGITS = 9
MOST_EUROS = Decimal("1000000")
CENT = Decimal("0.01")
#: Excel keeps 15 significant digits: `0.1` is stored as `0.10000000000000001`.
EXCEL_DIGITS = ".15g"
#: A workbook's number cell, as openpyxl reads it (a bool comes as the text TRUE or FALSE).
NUMBER = (int, float)
#: Zero-width characters spreadsheets and copy-paste leave around values.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
LOOKS_NUMERIC = re.compile(r"[+\-\u2212]\s*(€|eur)?\s*[0-9.,][0-9.,\s\u00a0']*(€|eur)?", re.IGNORECASE)

NO_WHO = gettext_lazy("No customer: fill in %(column)s with an email, card number or contact UUID.")
NOT_WHOLE = gettext_lazy("%(column)s “%(typed)s” is not a whole number of credits, e.g. 25 or -10.")
NOT_DIGITS = gettext_lazy("%(column)s “%(typed)s”: %(why)s")
TOO_MANY_CREDITS = gettext_lazy("%(column)s “%(typed)s” is too large a number of credits.")
NOT_AN_AMOUNT = gettext_lazy("%(column)s “%(typed)s”: %(why)s")
NEGATIVE = gettext_lazy("%(column)s “%(typed)s”: a purchase amount cannot be negative.")
BOTH = gettext_lazy("Fill in either %(credits)s or %(purchase)s, not both.")
NEITHER = gettext_lazy("Fill in %(credits)s or %(purchase)s.")
MISSING = gettext_lazy("Fill in %(column)s.")
FORMULA = gettext_lazy("%(column)s holds a formula (%(typed)s): formulas are never run. Type the value itself.")
TOO_LONG = gettext_lazy("%(column)s is too long: at most %(limit)s characters.")


def shown(text: str, longest: int = 40) -> str:
    """`text` to quote in a message: on one line, cut short."""
    text = " ".join(text.split())
    return text if len(text) <= longest else text[: longest - 1] + "…"


def _float(cell: int | float) -> float:
    """A number cell as a float: an integer past a float's range counts as infinite (no number anyone means)."""
    try:
        return float(cell)
    except OverflowError:
        return math.inf if cell > 0 else -math.inf


def _text(cell: object) -> str:
    """A cell's text as the person sees it: trimmed; a whole number without `.0`."""
    if cell is None:
        return ""
    if isinstance(cell, NUMBER):
        number = _float(cell)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return format(number, EXCEL_DIGITS)
    text = str(cell).strip()
    if text and (text[0] in INVISIBLE or text[-1] in INVISIBLE):
        text = text.strip(INVISIBLE).strip()
    return text


def _formula(text: str) -> bool:
    return bool(text) and text[0] in "=+-@\u2212" and not LOOKS_NUMERIC.fullmatch(text)


class _Row:
    """One row's cells (our field -> (the cell, its text)) and its problems as
    they are found, each naming its column as the file does."""

    def __init__(self, header: Header, cells: dict[str, tuple[object, str]]) -> None:
        self.header = header
        self.cells = cells
        self.problems: list[str] = []

    def column(self, field: str) -> str:
        return f"“{self.header.written[field]}”"

    def problem(self, message: object, **params: object) -> None:
        self.problems.append(said(message, params))

    def text(self, field: str) -> str:
        _cell, text = self.cells.get(field, (None, ""))
        if _formula(text):
            self.problem(FORMULA, column=self.column(field), typed=shown(text))
        if len(text) > LONGEST[field]:
            self.problem(TOO_LONG, column=self.column(field), limit=LONGEST[field])
            text = text[: LONGEST[field]]
        return text

    def credits(self) -> int | None:
        cell, typed = self.cells["credits"]
        column = self.column("credits")
        if isinstance(cell, NUMBER):
            number = _float(cell)
            if not math.isfinite(number) or not number.is_integer():
                return self.problem(NOT_WHOLE, column=column, typed=shown(typed))
            if abs(number) >= 10**CREDIT_DIGITS:
                return self.problem(TOO_MANY_CREDITS, column=column, typed=shown(typed))
            return int(number)
        if _formula(typed):
            return self.problem(FORMULA, column=column, typed=shown(typed))
        text = re.sub(r"[\s\u00a0']", "", typed).replace("\u2212", "-")
        if not text.isascii() and any(character.isdigit() for character in text):
            return self.problem(NOT_DIGITS, column=column, typed=shown(typed), why=OTHER_DIGITS)
        if not WHOLE.fullmatch(text):
            return self.problem(NOT_WHOLE, column=column, typed=shown(typed))
        if len(text.lstrip("+-").lstrip("0")) > CREDIT_DIGITS:
            return self.problem(TOO_MANY_CREDITS, column=column, typed=shown(typed))
        return int(text)

    def purchase(self) -> Decimal | None:
        cell, typed = self.cells["purchase"]
        column = self.column("purchase")
        if isinstance(cell, NUMBER):
            amount = Decimal(format(_float(cell), EXCEL_DIGITS))
            if not amount.is_finite():
                return self.problem(NOT_AN_AMOUNT, column=column, typed=shown(typed), why=ENTER_AN_AMOUNT)
        else:
            if _formula(typed):
                return self.problem(FORMULA, column=column, typed=shown(typed))
            try:
                amount = parse_amount(typed)
            except AmountError as error:
                return self.problem(NOT_AN_AMOUNT, column=column, typed=shown(typed), why=str(error))
        if amount < 0:
            return self.problem(NEGATIVE, column=column, typed=shown(typed))
        if amount > MOST_EUROS:
            return self.problem(NOT_AN_AMOUNT, column=column, typed=shown(typed), why=at_most_money(MOST_EUROS))
        if -int(amount.as_tuple().exponent) > 2:
            mark = "," if "," in typed and not isinstance(cell, NUMBER) else "."
            return self.problem(NOT_AN_AMOUNT, column=column, typed=shown(typed), why=too_many_decimals(typed, amount, mark))
        return amount.quantize(CENT)


def _texts(cells: Sequence[object], header: Header) -> dict[str, tuple[object, str]]:
    """Our fields with something in them: field -> (the cell, its text)."""
    found = {}
    width = len(cells)
    for field, position in header.index.items():
        if position < width and (text := _text(cell := cells[position])):
            found[field] = (cell, text)
    return found


def filled(cells: Sequence[object], header: Header) -> bool:
    """Whether the row has something in one of our columns (else it is an empty line, left out)."""
    return bool(_texts(cells, header))


def file_row(number: int, cells: Sequence[object], header: Header) -> FileRow | None:
    """Row `number` of the file, or None if there is nothing in its columns (an empty line)."""
    found = _texts(cells, header)
    if not found:
        return None
    row = _Row(header, found)
    who = row.text("who")
    if not who:
        row.problem(NO_WHO, column=row.column("who"))
    credits = row.credits() if "credits" in found else None
    purchase = row.purchase() if "purchase" in found else None
    if "credits" in found and "purchase" in found:
        row.problem(BOTH, credits=row.column("credits"), purchase=row.column("purchase"))
    elif "credits" not in found and "purchase" not in found:
        if "credits" in header.index and "purchase" in header.index:
            row.problem(NEITHER, credits=row.column("credits"), purchase=row.column("purchase"))
        else:
            row.problem(MISSING, column=row.column("credits" if "credits" in header.index else "purchase"))
    shop = row.text("shop") if "shop" in found else ""
    reason = row.text("reason") if "reason" in found else ""
    return FileRow(number=number, who=who, credits=credits, purchase=purchase, shop=shop, reason=reason, problems=tuple(row.problems))
