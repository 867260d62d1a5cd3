"""Exporting a contact's loyalty transactions to CSV, whatever their number.

Leat gives at most 100 transactions a page, so 100,000 of them are 1,000
calls. The export is a tracked run (core/runs.py: a task the `worker`
process runs, watched from any web process, exactly once): it fetches a
bounded window of pages in parallel, writes them in order to a temporary
file as they arrive (memory stays flat), records its progress, and finally
puts the file in the default storage, so any server can serve it. An export
that dies ends as failed with a message (core/runs.py: dead runs); it is
not resumed: starting it again writes a new file.
"""

from __future__ import annotations

import io
import secrets
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

from leatadmin.core import runs
from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.core.templatetags.leat_format import transaction_description
from leatadmin.leat.models import LoyaltyTransaction, Page

from .models import TransactionExport

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 8
KEEP_FILES_SECONDS = 24 * 60 * 60
COLUMNS = ["date", "type", "description", "credits", "shop", "unit_value", "unit", "card", "uuid"]
STORAGE_FOLDER = "exports"
# Progress is written at most this often (a page arrives every few milliseconds).
PROGRESS_EVERY_SECONDS = 0.5


def export_start(*, user, contact_uuid: str, kind: str | None) -> TransactionExport:
    """Start an export as a task, or the same one already under way (a second click)."""
    file_name = f"{STORAGE_FOLDER}/{contact_uuid}-{secrets.token_hex(8)}.csv"
    return runs.start(TransactionExport, export_transactions_task, user=user, contact_uuid=contact_uuid, transaction_type=kind or "", file_name=file_name)


@task
def export_transactions_task(export_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(TransactionExport, export_pk, attempt, _export)


def _export(export: TransactionExport) -> dict:
    with tempfile.TemporaryFile() as scratch:
        text = io.TextIOWrapper(scratch, encoding="utf-8", newline="")
        writer = csv_writer(text)
        writer.writerow(COLUMNS)
        saved_at = 0.0  # the first page's progress at once: the page then knows the total
        for page in _pages(export):
            writer.writerows(_row(item) for item in page.items)
            export.done += len(page.items)
            if time.monotonic() - saved_at >= PROGRESS_EVERY_SECONDS:
                export.advance()
                saved_at = time.monotonic()
        text.flush()
        text.detach()
        scratch.seek(0)
        name = default_storage.save(export.file_name, File(scratch))
    return {"file_name": name, "total": export.done}


def export_check(export: TransactionExport) -> TransactionExport:
    """The export as it stands: one whose worker died is marked failed (core/runs.py)."""
    return runs.check(export)


def export_open(export: TransactionExport):
    """The finished file from the storage, or None once it has expired."""
    if not export.file_name or not default_storage.exists(export.file_name):
        return None
    return default_storage.open(export.file_name, "rb")


def exports_prune(*, older_than: timedelta) -> int:
    """Exports (rows and files) older than `older_than`; returns how many went."""
    old = TransactionExport.objects.filter(started_at__lt=timezone.now() - older_than)
    count = 0
    for export in old.iterator():
        if export.file_name:
            default_storage.delete(export.file_name)
        export.delete()
        count += 1
    return count


def _pages(export: TransactionExport) -> Iterator[Page[LoyaltyTransaction]]:
    kind = export.transaction_type or None

    def fetch(number: int) -> Page[LoyaltyTransaction]:
        return leat().transactions.list(contact_uuid=export.contact_uuid, type=kind, page=number, limit=PAGE_SIZE)

    for number, page in enumerate(pages_in_order(fetch, threads=PARALLEL_PAGES, name="export-page")):
        if number == 0:
            export.total = page.total  # Leat's count, known from the first page
        yield page


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


def exports_chore(now: datetime) -> str:
    """Housekeeping (core/housekeeping.py): expired exports go, rows and files."""
    return f"Removed {exports_prune(older_than=timedelta(seconds=KEEP_FILES_SECONDS))} exports."
