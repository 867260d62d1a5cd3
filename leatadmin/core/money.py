"""Reading an amount of money as staff type it.

A browser's number input reads the Dutch `25,50` as `2550`, so money is a
text field and this is the one place that understands what was typed:
`25,50`, `25.50`, `€ 25,50`, `1.234,56`, `1,234.56`, `1 234,56`. When the
text cannot say which mark is the decimal one (`1.234`, `1,234`), it is
refused rather than guessed: a wrong guess is a factor of a thousand.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CURRENCY = re.compile(r"^(€|eur(o|os)?)|(€|eur(o|os)?)$", re.IGNORECASE)
#: Spaces people (and spreadsheets) put between thousands.
SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
GROUPED = re.compile(r"^\d{1,3}(\d{3})*$")


class AmountError(ValueError):
    """What was typed is not an amount; the message says why, for the field."""


NOT_AN_AMOUNT = gettext_lazy("Enter an amount in euros, e.g. 25,50 or 25.50.")
#: Other scripts' digits (`٣`, `３`) read as numbers in Python: refused, saying what is read.
OTHER_DIGITS = gettext_lazy("Type the amount with the digits 0–9, e.g. 25,50.")
CENT = Decimal("0.01")


def too_many_decimals(typed: str, amount: Decimal, mark: str, thousands: str = "") -> str:
    """Why `typed` (read as `amount`, more than two decimals, `mark` its decimal
    mark) is not whole cents, with the nearest amounts that are, written as they
    wrote it; `thousands`, when given, is what they typed read as a whole number."""
    down, up = (f"{amount.quantize(CENT, rounding=rounding):f}".replace(".", mark) for rounding in (ROUND_DOWN, ROUND_UP))
    said = {"typed": typed.strip(), "count": max(0, -int(amount.as_tuple().exponent)), "cents": down if down == up else _("%(down)s or %(up)s") % {"down": down, "up": up}, "thousands": thousands}
    if thousands:
        return _("“%(typed)s” has %(count)d decimals: type whole cents, like %(cents)s; or %(thousands)s if you meant %(thousands)s euros.") % said
    return _("“%(typed)s” has %(count)d decimals: type whole cents, like %(cents)s.") % said


def decimal_mark(text: str) -> str:
    """The mark that separates the cents in an amount that was read: the last one typed."""
    return "," if text.rfind(",") > text.rfind(".") else "."


def _grouped(digits_with_marks: str, mark: str) -> str:
    """`1.234.567` → `1234567` when every group after the first has three digits."""
    groups = digits_with_marks.split(mark)
    if not groups[0] or not all(len(group) == 3 for group in groups[1:]) or not all(group.isdigit() for group in groups):
        raise AmountError(str(NOT_AN_AMOUNT))
    return "".join(groups)


def parse_amount(text: str) -> Decimal | None:
    """The amount in `text`, or None when nothing was typed.

    Raises AmountError for text that is not an amount or whose decimal mark
    cannot be told from a thousands separator.
    """
    value = SPACES.sub(" ", text.strip()).strip()
    sign = ""
    if value and value[0] in "-−+":
        sign, value = ("-" if value[0] != "+" else ""), value[1:].strip()
    value = CURRENCY.sub("", value).strip()
    if value and value[0] in "-−" and not sign:
        sign, value = "-", value[1:]
    value = SPACES.sub("", value)
    if not value:
        if sign or text.strip():
            raise AmountError(str(NOT_AN_AMOUNT))
        return None
    if not value.isascii() and any(c.isdigit() for c in value):
        raise AmountError(str(OTHER_DIGITS))
    if not re.fullmatch(r"[\d.,]+", value) or not any(c.isdigit() for c in value) or not value.isascii():
        raise AmountError(str(NOT_AN_AMOUNT))
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal mark, the other groups thousands.
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _mark, fraction = value.rpartition(decimal_mark)
        if group_mark in fraction or decimal_mark in whole:
            raise AmountError(str(NOT_AN_AMOUNT))
        number = f"{_grouped(whole, group_mark)}.{fraction or '0'}"
    elif commas > 1 or dots > 1:
        # The same mark more than once can only group thousands: 1.234.567
        number = _grouped(value, "," if commas else ".")
    elif commas or dots:
        mark = "," if commas else "."
        whole, _mark, fraction = value.partition(mark)
        if len(fraction) == 3 and whole not in ("", "0"):
            # A thousands separator or a decimal mark: a wrong guess is a factor of a thousand.
            raise AmountError(too_many_decimals(text, Decimal(f"{sign}{whole}.{fraction}"), mark, thousands=f"{sign}{whole}{fraction}"))
        number = f"{whole or '0'}.{fraction or '0'}"
    else:
        number = value
    return Decimal(sign + number)
