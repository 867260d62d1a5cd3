"""The downloadable template of a file of corrections: CSV or Excel, its
header in the language asked and one example row.

The Dutch CSV is separated by `;` (what Excel on a Dutch Windows opens and
saves), the English one by `,`; both are UTF-8 with a BOM, so Excel shows
accents right. The workbook is written by openpyxl: the customer column is
formatted as text, so a card number keeps its leading zeros.
"""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
#: Column widths in the workbook, in characters.
WIDTHS = (34, 10, 18, 24, 40)


def _header() -> list[str]:
    return [_("Customer"), _("Credits"), _("Purchase amount"), _("Shop"), _("Reason")]


def _example() -> list[object]:
    # example.com: an address that never exists, so a row left in never finds anyone.
    return [_("customer@example.com"), 25, "", "", _("Till outage on 12 June")]


def _csv(separator: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
    writer.writerow(_header())
    writer.writerow(_example())
    return text.getvalue().encode("utf-8-sig")


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Corrections")
    sheet.append(_header())
    sheet.append(_example())
    for position, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.cell(row=1, column=position).font = Font(bold=True)
    sheet.column_dimensions["A"].number_format = "@"
    sheet.cell(row=2, column=1).number_format = "@"
    sheet.freeze_panes = "A2"
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def template_file(kind: str, language: str) -> tuple[bytes, str, str]:
    """The template as (content, file name, content type); `kind` is "csv" or "xlsx"."""
    if kind not in CONTENT_TYPES:
        raise ValueError(f"no template of kind {kind!r}")
    with translation.override(language):
        content = _xlsx() if kind == "xlsx" else _csv(";" if translation.get_language().startswith("nl") else ",")
        stem = _("corrections-template")
    filename = f"{stem}.{kind}"
    return content, filename, CONTENT_TYPES[kind]
