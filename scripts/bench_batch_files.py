"""Reading a file of corrections (#25): the CPU time and the peak memory of
reading 50,000 rows from a Dutch Excel CSV and from an .xlsx workbook, each
as an upload on disk (as a large upload arrives). Two workbooks, as they are
read by openpyxl's read-only mode (leatadmin/batches/files_xlsx.py): one as
openpyxl writes it (texts inline in the sheet: `xlsx`), one as Excel writes
it (texts in the shared strings table, which openpyxl holds in memory:
`xlsx_excel`; built by the tests' own builder, tests/batches/spreadsheets.py).

    .venv/bin/python scripts/bench_batch_files.py

Standalone (Django configured with only what the reader needs), or
`measure_file_reading()` from scripts/bench.py. It asserts nothing, it reports.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROWS = 50_000


def _rows() -> list[list[object]]:
    return [["E-mail", "Punten", "Aankoopbedrag", "Vestiging", "Reden"]] + [
        [f"klant{n}@example.com", n % 50 + 1 if n % 3 else None, None if n % 3 else f"{n % 90},50", "Amsterdam Centrum", f"Kassastoring {n}"] for n in range(ROWS)
    ]


def _csv() -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(_rows())
    return text.getvalue().encode("cp1252")


def _typed() -> list[list[object]]:
    """The rows as a workbook holds them: the purchase amounts as numbers."""
    return [[float(value.replace(",", ".")) if isinstance(value, str) and value.endswith(",50") else value for value in row] for row in _rows()]


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in _typed():
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def _xlsx_excel() -> bytes:
    from tests.batches.spreadsheets import excel_xlsx

    return excel_xlsx(_typed())


def _read(content: bytes, name: str, traced: bool) -> tuple[int, float, int]:
    from django.core.files import File

    from leatadmin.batches.files import read_corrections

    with tempfile.TemporaryFile() as disk:
        disk.write(content)
        disk.seek(0)
        if traced:
            tracemalloc.start()
        started = time.process_time()
        count = sum(1 for _row in read_corrections(File(disk, name=name)).rows)
        seconds = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
    return count, seconds, peak


def measure_file_reading(runs: int = 3) -> dict:
    """Per kind: the file's size, the rows read, the best CPU seconds of `runs`, and the peak memory (tracemalloc, a run of its own)."""
    found = {}
    for kind, content in (("csv", _csv()), ("xlsx", _xlsx()), ("xlsx_excel", _xlsx_excel())):
        name = f"bench.{kind.partition('_')[0]}"
        timings = [_read(content, name, traced=False) for _run in range(runs)]
        count, _seconds, peak = _read(content, name, traced=True)
        found[kind] = {"file_mb": round(len(content) / 1e6, 2), "rows": count, "cpu_s": round(min(seconds for _count, seconds, _peak in timings), 3), "peak_mb": round(peak / 1e6, 2)}
    return found


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.conf import settings

    settings.configure(USE_I18N=True, INSTALLED_APPS=[], FORMAT_MODULE_PATH="leatadmin.formats", BATCH_MAX_UPLOAD_BYTES=20 * 1024 * 1024)
    django.setup()
    print(json.dumps(measure_file_reading(), indent=2))
