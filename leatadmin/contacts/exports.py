"""Exporting a contact's loyalty transactions to CSV, whatever their number.

Leat gives at most 100 transactions a page, so 100,000 of them are 1,000
calls. The export runs beside the request (a thread), fetches a bounded
window of pages in parallel, writes them to a file in order as they arrive
(memory stays flat), and records its progress for the page that watches it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from leatadmin.core.leat import leat
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.core.templatetags.leat_format import transaction_description
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import LoyaltyTransaction, Page

from .models import TransactionExport

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 8
KEEP_FILES_SECONDS = 24 * 60 * 60
COLUMNS = ["date", "type", "description", "credits", "shop", "unit_value", "unit", "card", "uuid"]


def export_dir() -> Path:
    path = Path(settings.EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_start(*, user, contact_uuid: str, kind: str | None) -> TransactionExport:
    _remove_old_files()
    export = TransactionExport.objects.create(
        user=user, contact_uuid=contact_uuid, transaction_type=kind or "", file_name=f"{contact_uuid}-{secrets.token_hex(8)}.csv"
    )
    if settings.EXPORTS_IN_BACKGROUND:
        threading.Thread(target=_run_in_thread, args=(export.pk,), name=f"export-{export.pk}", daemon=True).start()
    else:
        export_run(export.pk)
    return export


def _run_in_thread(pk: int) -> None:
    try:
        export_run(pk)
    finally:
        connection.close()  # this thread's own database connection


def export_run(pk: int) -> None:
    export = TransactionExport.objects.get(pk=pk)
    path = export_dir() / export.file_name
    try:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv_writer(out)
            writer.writerow(COLUMNS)
            for page in _pages(export):
                writer.writerows(_row(item) for item in page.items)
                export.rows_done += len(page.items)
                TransactionExport.objects.filter(pk=pk).update(rows_done=export.rows_done, rows_total=export.rows_total)
    except LeatError as error:
        path.unlink(missing_ok=True)
        TransactionExport.objects.filter(pk=pk).update(status=TransactionExport.Status.FAILED, error=f"{error.message} Start the export again.", finished_at=timezone.now())
        return
    TransactionExport.objects.filter(pk=pk).update(status=TransactionExport.Status.DONE, rows_total=export.rows_done, finished_at=timezone.now())


def _pages(export: TransactionExport) -> Iterator[Page[LoyaltyTransaction]]:
    """Pages in order; up to PARALLEL_PAGES requests in flight at once."""
    kind = export.transaction_type or None

    def fetch(number: int) -> Page[LoyaltyTransaction]:
        return leat().transactions.list(contact_uuid=export.contact_uuid, type=kind, page=number, limit=PAGE_SIZE)

    first = fetch(1)
    export.rows_total = first.total
    yield first
    with ThreadPoolExecutor(max_workers=PARALLEL_PAGES, thread_name_prefix="export-page") as pool:
        in_flight: deque[Future[Page[LoyaltyTransaction]]] = deque()
        upcoming = iter(range(2, first.last_page + 1))
        for number in upcoming:
            in_flight.append(pool.submit(fetch, number))
            if len(in_flight) >= PARALLEL_PAGES:
                break
        while in_flight:
            yield in_flight.popleft().result()
            following = next(upcoming, None)
            if following is not None:
                in_flight.append(pool.submit(fetch, following))


def _row(item: LoyaltyTransaction) -> list:
    return [
        timezone.localtime(item.created_at).isoformat(timespec="seconds") if item.created_at else "",
        item.type,
        transaction_description(item),
        item.credits,  # Leat's own signed number: a reward reception is already negative
        item.shop.name if item.shop else "",
        "" if item.unit_value is None else f"{item.unit_value:.2f}",
        item.unit_label,
        item.card,
        item.uuid,
    ]


def _remove_old_files() -> None:
    cutoff = time.time() - KEEP_FILES_SECONDS
    for file in export_dir().glob("*.csv"):
        if file.stat().st_mtime < cutoff:
            file.unlink(missing_ok=True)
