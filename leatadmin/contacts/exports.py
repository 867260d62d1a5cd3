"""Exporting a contact's loyalty transactions to CSV, whatever their number.

Leat gives at most 100 transactions a page, so 100,000 of them are 1,000
calls. The export is a task (`django.tasks`; the `worker` process runs it,
`manage.py db_worker`): it fetches a bounded window of pages in parallel,
writes them in order to a temporary file as they arrive (memory stays flat),
records its progress in the database for whichever web process the page asks,
and finally puts the file in the default storage, so any server can serve it.

An export that dies (its worker killed, any exception) ends as failed with a
message: the task records any exception itself, and an export whose progress
has not moved for EXPORT_STALL_SECONDS is declared dead when its page asks.
"""

from __future__ import annotations

import io
import logging
import secrets
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_noop

from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.core.spreadsheet import csv_writer
from leatadmin.core.templatetags.leat_format import transaction_description
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import LoyaltyTransaction, Page

from .models import TransactionExport

logger = logging.getLogger(__name__)

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 8
KEEP_FILES_SECONDS = 24 * 60 * 60
COLUMNS = ["date", "type", "description", "credits", "shop", "unit_value", "unit", "card", "uuid"]
STORAGE_FOLDER = "exports"
# Progress is written at most this often (a page arrives every few milliseconds).
PROGRESS_EVERY_SECONDS = 0.5
ACTIVE = (TransactionExport.Status.QUEUED, TransactionExport.Status.RUNNING)


def export_start(*, user, contact_uuid: str, kind: str | None) -> TransactionExport:
    export = TransactionExport.objects.create(
        user=user, contact_uuid=contact_uuid, transaction_type=kind or "", file_name=f"{STORAGE_FOLDER}/{contact_uuid}-{secrets.token_hex(8)}.csv"
    )
    result = export_transactions_task.enqueue(export.pk)
    TransactionExport.objects.filter(pk=export.pk).update(task_id=str(result.id))
    export.refresh_from_db()
    return export


@task
def export_transactions_task(export_pk: int) -> None:
    export_run(export_pk)


def export_run(pk: int) -> None:
    export = TransactionExport.objects.get(pk=pk)
    _save_progress(export, status=TransactionExport.Status.RUNNING)
    try:
        with tempfile.TemporaryFile() as scratch:
            text = io.TextIOWrapper(scratch, encoding="utf-8", newline="")
            writer = csv_writer(text)
            writer.writerow(COLUMNS)
            saved_at = 0.0
            for page in _pages(export):
                writer.writerows(_row(item) for item in page.items)
                export.rows_done += len(page.items)
                if time.monotonic() - saved_at >= PROGRESS_EVERY_SECONDS:
                    _save_progress(export)
                    saved_at = time.monotonic()
            text.flush()
            text.detach()
            scratch.seek(0)
            name = default_storage.save(export.file_name, File(scratch))
    except LeatError as error:
        _fail(pk, f"{error.message} Start the export again.")
        return
    except BaseException:
        # Anything else (a bug, the worker told to stop): never "running" forever.
        logger.exception("export %s failed", pk)
        _fail(pk, gettext_noop("The export stopped unexpectedly. Start it again."))
        raise
    now = timezone.now()
    TransactionExport.objects.filter(pk=pk).update(status=TransactionExport.Status.DONE, file_name=name, rows_done=export.rows_done, rows_total=export.rows_done, finished_at=now, updated_at=now)


def _save_progress(export: TransactionExport, **fields) -> None:
    TransactionExport.objects.filter(pk=export.pk).update(rows_done=export.rows_done, rows_total=export.rows_total, updated_at=timezone.now(), **fields)


def _fail(pk: int, message: str) -> None:
    now = timezone.now()
    TransactionExport.objects.filter(pk=pk, status__in=ACTIVE).update(status=TransactionExport.Status.FAILED, error=message, finished_at=now, updated_at=now)


def export_check(export: TransactionExport) -> TransactionExport:
    """An export still queued or running whose progress has not moved for
    EXPORT_STALL_SECONDS lost its worker (killed, or none runs): it failed."""
    if export.status in ACTIVE and export.updated_at < timezone.now() - timedelta(seconds=settings.EXPORT_STALL_SECONDS):
        if export.status == TransactionExport.Status.QUEUED:
            message = gettext_noop("No task worker took the export up; an administrator must check that the worker process runs. Start it again.")
        else:
            message = gettext_noop("The export stopped (its worker ended). Start it again.")
        _fail(export.pk, message)
        export.refresh_from_db()
    return export


def export_open(export: TransactionExport):
    """The finished file from the storage, or None once it has expired."""
    if not export.file_name or not default_storage.exists(export.file_name):
        return None
    return default_storage.open(export.file_name, "rb")


def exports_prune(*, older_than: timedelta) -> int:
    """Exports (rows and files) older than `older_than`; returns how many went."""
    old = TransactionExport.objects.filter(created_at__lt=timezone.now() - older_than)
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
            export.rows_total = page.total  # Leat's count, known from the first page
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
