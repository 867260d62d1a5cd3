"""The backfill: every Leat contact into the directory, page by page.

A task (`django.tasks`; the `worker` process runs it). It pages through
`GET contacts` sorted by creation date (Leat's maximum of 100 a page),
PARALLEL_PAGES requests in flight. Each page is parsed and folded into
directory rows in the thread that fetched it, so the ~2 MB of JSON a page of
full contacts weighs is dropped at once and only the rows wait their turn;
the run's own thread writes each page, in order, in one transaction with
the cursor after it, while the next pages are fetched and folded.
Memory stays flat whatever the number of contacts.

Resumable: after each page the run records its cursor (the creation date of
the last contact stored). A run that stopped (worker killed, Leat down) is
resumed by `backfill_start`: it asks for contacts created from the cursor on,
so nothing before it is fetched again. A run that finishes forgets the
directory's contacts it did not see (Leat no longer knows them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Page, as_dict

from .models import DirectoryBackfill, DirectoryContact
from .services import ListedContact, directory_write, listed_row

logger = logging.getLogger(__name__)

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 4
ACTIVE = (DirectoryBackfill.Status.QUEUED, DirectoryBackfill.Status.RUNNING)


def backfill_start(*, resume: bool = True) -> DirectoryBackfill:
    """Resume the last run if it did not finish (else start a new one), as a task."""
    run = DirectoryBackfill.objects.exclude(status=DirectoryBackfill.Status.DONE).first() if resume else None
    if run is None or run.status == DirectoryBackfill.Status.DONE:
        run = DirectoryBackfill.objects.create()
    else:
        DirectoryBackfill.objects.filter(pk=run.pk).update(status=DirectoryBackfill.Status.QUEUED, error="", updated_at=timezone.now())
    result = backfill_task.enqueue(run.pk)
    DirectoryBackfill.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return run


@task
def backfill_task(run_pk: int) -> None:
    backfill_run(run_pk)


def backfill_run(pk: int, *, stop_after_pages: int | None = None) -> DirectoryBackfill:
    """Run (or resume) backfill `pk`. `stop_after_pages` stops early, as a
    killed worker would (for tests)."""
    run = DirectoryBackfill.objects.get(pk=pk)
    _save(run, status=DirectoryBackfill.Status.RUNNING)
    try:
        for number, page in enumerate(_pages(run.cursor or None)):
            if stop_after_pages is not None and number >= stop_after_pages:
                return run
            if number == 0:  # what is left, as Leat counts it now
                run.contacts_total = run.contacts_done + page.total
            # The page and the cursor after it commit together: a resumed run
            # starts after what was stored, never after what was only fetched.
            with transaction.atomic():
                if page.items:
                    run.contacts_done += directory_write(page.items)
                    run.cursor = page.cursor or run.cursor
                _save(run)
    except LeatError as error:
        _save(run, status=DirectoryBackfill.Status.FAILED, error=f"{error.message} Start the backfill again: it resumes where it stopped.")
        return run
    except BaseException:
        logger.exception("directory backfill %s failed", pk)
        _save(run, status=DirectoryBackfill.Status.FAILED, error="The backfill stopped unexpectedly. Start it again: it resumes where it stopped.")
        raise
    # Whoever this run did not see (nor a webhook since it started) is unknown to Leat now.
    run.forgotten, _ = DirectoryContact.objects.filter(synced_at__lt=run.started_at).delete()
    _save(run, status=DirectoryBackfill.Status.DONE, finished_at=timezone.now())
    return run


def _save(run: DirectoryBackfill, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.updated_at = timezone.now()
    run.save()


@dataclass(frozen=True)
class FoldedPage(Page[DirectoryContact]):
    """One of Leat's pages as directory rows, and the creation date of its last contact."""

    cursor: str = ""


def _pages(cursor: str | None) -> Iterator[FoldedPage]:
    """Leat's pages of contacts created from `cursor` on, oldest first, in order, folded."""

    def fetch(number: int) -> FoldedPage:
        page = leat().contacts.list(page=number, limit=PAGE_SIZE, created_from=cursor, parse=lambda item: item, item_shape=ListedContact)
        now = timezone.now()
        rows = [listed_row(item, now=now) for item in page.items]
        last = as_dict(page.items[-1].get("current_values")).get("created_at") if rows else None
        return FoldedPage(
            items=rows,
            page=page.page, last_page=page.last_page, total=page.total, per_page=page.per_page, cursor=str(last) if last else "",
        )

    return pages_in_order(fetch, threads=PARALLEL_PAGES, name="backfill-page")  # type: ignore[return-value]  # the pages `fetch` made
