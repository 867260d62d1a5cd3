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
directory's contacts it did not see (Leat no longer knows them). The run
itself, started once, watched and declared dead, is core/runs.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from leatadmin.core import runs
from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.leat.models import Page, as_dict

from .models import DirectoryBackfill, DirectoryContact
from .services import ListedContact, directory_write, listed_row

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 4


def backfill_start(*, resume: bool = True, here: bool = False) -> DirectoryBackfill:
    """Resume the last run if it did not finish (else start a new one), as a
    task (`here`: in this process, now); the run under way, if there is one."""
    return runs.start(DirectoryBackfill, backfill_task, resume=resume, here=here)


@task
def backfill_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(DirectoryBackfill, run_pk, attempt, _backfill)


def _backfill(run: DirectoryBackfill) -> dict:
    for number, page in enumerate(_pages(run.cursor or None)):
        if number == 0:  # what is left, as Leat counts it now
            run.total = run.done + page.total
        # The page and the cursor after it commit together: a resumed run
        # starts after what was stored, never after what was only fetched.
        with transaction.atomic():
            if page.items:
                run.done += directory_write(page.items)
            run.advance(cursor=page.cursor or run.cursor)
    # Whoever this run did not see (nor a webhook since it started) is unknown to Leat now.
    forgotten, _ = DirectoryContact.objects.filter(synced_at__lt=run.started_at).delete()
    return {"forgotten": forgotten}


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
