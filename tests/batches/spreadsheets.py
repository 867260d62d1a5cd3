"""Files of corrections as people make them, built in the tests (no binaries
committed): CSVs in any encoding and separator, workbooks written by openpyxl,
and workbooks written part by part as Excel writes them (shared strings,
formulas with their cached results, rich text, strict OOXML)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_RELATIONS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
#: The content types Excel names its parts by in [Content_Types].xml (strict OOXML too): how a reader finds them.
SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

#: A Dutch Excel file's header, with the trailing spaces people leave.
DUTCH_HEADER = ["E-mail ", "Punten", "Aankoopbedrag", "Vestiging ", "Reden"]


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    """The file as a staff member's upload arrives in a view."""
    return SimpleUploadedFile(name, content)


def csv_bytes(rows: Iterable[Sequence[object]], separator: str = ";", encoding: str = "utf-8-sig", line_end: str = "\r\n") -> bytes:
    """A CSV as Excel saves one: no quotes unless a cell needs them."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(mark in text for mark in (separator, '"', "\n", "\r")) else text

    return "".join(separator.join(cell(value) for value in row) + line_end for row in rows).encode(encoding)


def openpyxl_xlsx(rows: Iterable[Sequence[object]], *, sheets: Sequence[tuple[str, str]] = ()) -> bytes:
    """A workbook written by openpyxl (inline strings); `sheets`: (title, state) of sheets before the data's."""
    workbook = Workbook()
    first = workbook.active
    for number, (title, state) in enumerate(sheets):
        sheet = first if number == 0 else workbook.create_sheet()
        sheet.title, sheet.sheet_state = title, state
        sheet.append(["Naam", "Telefoon"])
    data = workbook.create_sheet("Correcties") if sheets else first
    for row in rows:
        data.append(list(row))
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


class Raw(str):
    """A cell's XML as written (`<c t="str"><f>…</f><v>…</v></c>`), put in as it is."""


def _cell(value: object, strings: dict[str, int]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Raw):
        return value
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value!r}</v></c>" if isinstance(value, float) else f"<c><v>{value}</v></c>"
    index = strings.setdefault(str(value), len(strings))
    return f'<c t="s"><v>{index}</v></c>'


def _with_references(cells: list[str], row: int) -> str:
    """Cells with their references (A1, B1…), as Excel writes them; empty ones left out."""
    written = []
    for position, cell in enumerate(cells):
        if cell:
            letter = chr(ord("A") + position)
            written.append(cell.replace("<c", f'<c r="{letter}{row}"', 1) if ' r="' not in cell.split(">", 1)[0] else cell)
    return "".join(written)


def excel_xlsx(
    rows: Iterable[Sequence[object]], *, strict: bool = False, strings_xml: str | None = None, sheet_xml: str | None = None, references: bool = True, parts: dict[str, str] | None = None
) -> bytes:
    """A workbook as Excel writes it: texts in the shared strings table, cells
    with references. `strings_xml`/`sheet_xml` replace those parts as given;
    `parts` are added as they are (path -> XML)."""
    main, relations = (STRICT_MAIN, STRICT_RELATIONS) if strict else (MAIN, RELATIONS)
    strings: dict[str, int] = {}
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = [_cell(value, strings) for value in row]
        body = _with_references(cells, number) if references else "".join(cells)
        lines.append(f'<row r="{number}">{body}</row>' if references else f"<row>{body}</row>")
    if sheet_xml is None:
        sheet_xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}"><dimension ref="A1"/><sheetData>{"".join(lines)}</sheetData></worksheet>'
    if strings_xml is None:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        strings_xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    written = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEETML}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEETML}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{relations}"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{relations}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
        "xl/sharedStrings.xml": strings_xml,
    } | (parts or {})
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in written.items():
            archive.writestr(name, text)
    return content.getvalue()
