"""Why a whole file of corrections cannot be read: `FileRefused` and its messages.

Every message names the file and says what to do about it, in the words of
whoever reads it: they are put in words (translated, the numbers in the
language's style) when shown, not when the file was read.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from leatadmin.core.templatetags.leat_format import count


class FileRefused(Exception):
    """The whole file cannot be read; `.message` says why in words (translatable)."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def _said(message: Any, params: dict[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


#: `message % params`, translated and formatted only when it is shown.
said = lazy(_said, str)
#: A count ("50,000" or "50.000") and a size ("20.0 MB" or "20,0 MB") in the language shown.
counted = lazy(count, str)
sized = lazy(filesizeformat, str)

EMPTY = gettext_lazy("“%(name)s” is empty.")
TOO_LARGE = gettext_lazy("“%(name)s” is %(size)s: a file of at most %(limit)s can be read. Split it into smaller files.")
TOO_LARGE_SENT = gettext_lazy("“%(name)s” is larger than %(limit)s, the most a file can be. Split it into smaller files.")
WRONG_KIND = gettext_lazy("“%(name)s” is not a .csv or .xlsx file. Save it from your spreadsheet as “Excel Workbook (.xlsx)” or as “CSV”.")
NOT_WORKBOOK = gettext_lazy("“%(name)s” is not an Excel workbook, though its name ends in .xlsx: it may be damaged or renamed. Save it again from Excel as .xlsx, or as CSV.")
PROTECTED = gettext_lazy("“%(name)s” is protected with a password, or is an old Excel file (.xls). Save it as .xlsx without a password, or as CSV.")
NOT_TEXT = gettext_lazy("“%(name)s” is not a text file: it holds binary data. Save it from your spreadsheet as CSV or as .xlsx.")
MIXED_TEXT = gettext_lazy("“%(name)s” is not in one text encoding throughout. Save it again from your spreadsheet as “CSV UTF-8”.")
DAMAGED = gettext_lazy("“%(name)s” cannot be read from row %(row)s on: the file is damaged. Save it again and upload it once more.")
TOO_BIG_INSIDE = gettext_lazy("“%(name)s” is too large inside: its sheet unpacks to more than %(limit)s. Copy only the corrections to a new workbook.")
TOO_MUCH_INSIDE = gettext_lazy("“%(name)s” is too large inside: it unpacks to more than %(limit)s. Copy only the corrections to a new workbook.")
NO_SHEET = gettext_lazy("“%(name)s” has no sheet that can be read. Save it again from Excel as “Excel Workbook (.xlsx)” (not “Strict Open XML Spreadsheet”), or as CSV.")
BROKEN_ROW = gettext_lazy('Row %(row)s of “%(name)s” cannot be read: a quote (") is not closed, or a cell is far too long. Save it again from your spreadsheet as CSV.')
NO_HEADER = gettext_lazy(
    "No column names found in “%(name)s”. The first row should name the columns, e.g. Customer, Credits, Shop, Reason (or in Dutch: Klant, Punten, Vestiging, Reden). Start from the template to be sure."
)
NO_HEADER_ON_SHEET = gettext_lazy(
    "No column names found on the first sheet of “%(name)s” (“%(sheet)s”). Its first row should name the columns, e.g. Customer, Credits, Shop, Reason"
    " (or in Dutch: Klant, Punten, Vestiging, Reden). Start from the template to be sure."
)
NO_WHO_COLUMN = gettext_lazy("“%(name)s” has no column for the customer: name one Customer, Email, Card number or Contact (in Dutch: Klant, E-mail, Kaartnummer).")
NO_AMOUNT_COLUMN = gettext_lazy("“%(name)s” has no column for the credits or the purchase amount: name one Credits or Purchase amount (in Dutch: Punten or Aankoopbedrag).")
COLUMN_TWICE = gettext_lazy("Two columns of “%(name)s” are for the same thing: “%(first)s” and “%(second)s”. Keep one of them.")
NO_ROWS = gettext_lazy("“%(name)s” has column names but no corrections below them: fill in one row per customer under the column names.")
TOO_MANY_ROWS = gettext_lazy("“%(name)s” has more than %(limit)s rows: split it into files of at most %(limit)s rows.")


def refused(message: Any, **params: Any) -> FileRefused:
    """A FileRefused saying `message` with `params`, in the words of whoever reads it."""
    return FileRefused(said(message, params))
