"""Dates and times in the language's one format, quickly.

`date_format(value, "DATETIME_FORMAT")` gives what Django's
`formats.date_format` gives. Django parses the format string for every value
it formats; a contact page shows some forty dates and times, which made the
dates the largest single cost of drawing its tables. Here a format string is
read once, and the few letters leatadmin's formats use (leatadmin/formats/)
are written directly; a format with any other letter is left to Django.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils import dateformat, formats
from django.utils.dates import MONTHS_3

#: The letters written here, as Django's dateformat writes them.
LETTERS = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "M": lambda value: str(MONTHS_3[value.month]).title(),
    "Y": lambda value: f"{value.year:04d}",
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
}
TIME_LETTERS = frozenset("HGi")


@functools.cache
def _parts(format_string: str) -> tuple[tuple[bool, str], ...] | None:
    """The format as (is a letter, text) pieces; None if it needs Django."""
    pieces = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            if piece not in LETTERS:
                return None
            pieces.append((True, piece))
        elif piece:
            pieces.append((False, dateformat.re_escaped.sub(r"\1", piece)))
    return tuple(pieces)


def date_format(value: dt.date | dt.datetime, format_name: str = "DATE_FORMAT") -> str:
    """`value` in the active language's `format_name` (a date-time as it is: localise it first)."""
    format_string = formats.get_format(format_name)
    parts = _parts(format_string)
    if parts is None or (not isinstance(value, dt.datetime) and any(letter and text in TIME_LETTERS for letter, text in parts)):
        return formats.date_format(value, format_name)  # Django says what a time of a date is
    return "".join(LETTERS[text](value) if letter else text for letter, text in parts)
