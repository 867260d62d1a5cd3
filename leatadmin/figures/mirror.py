"""Keeping the mirror of Leat's loyalty transactions (models.py) in step with Leat.

Leat lists loyalty transactions oldest first (`sort=created_at`) from a
moment on (`created_at[gt]`), and sends no webhook for them. So the mirror is
one kind of read, a tracked run (core/runs.py), that asks for what was made
after the last transaction it kept, and stores it with the daily figures of
the days it touched:

* on a schedule: housekeeping queues one every hour (core/housekeeping.py),
  and `manage.py figures_mirror` queues one at once (cron it every few
  minutes for fresher figures); the `worker` process runs it;
* on demand: a supervisor's "Read now" on the figures page, the same command
  with `--now` (run here) or `--from-start` (read every transaction again).

The first read, with the mirror empty, is the full catch-up. No page reads
Leat's transactions: the figures page shows what the mirror holds and says
when it was last read.

Correct and resumable, page by page:

* A few pages' transactions (BATCH_PAGES), the days' figures they complete
  and the run's cursor (the creation time of the last one stored) commit
  together. A read that stopped (worker killed, Leat down) resumes from its
  cursor; a new read starts from the last transaction kept.
* Leat's times are whole seconds, and a second may hold more transactions
  than a page, or gain one after it was read. So a read asks from one second
  before its cursor (`created_at[gt]` = cursor - 1 s, i.e. the cursor's own
  second again) and skips what it already keeps, by uuid: nothing twice,
  nothing missed at a page's edge.
* It reads in passes of PASS_PAGES pages (PARALLEL_PAGES in flight, as the
  directory's backfill does), each from the cursor its last pass reached:
  transactions made while it reads come after, on a later pass; it stops
  once a pass ends on Leat's last page with room to spare.
* A day's figures are recomputed from the mirror (not added to), in the
  transaction of the page that moves the read past that day, and at the end
  of the read for its last day: so between commits only the days from the
  cursor's on may lag, and a resumed read brings those up to date.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.tasks import task

from leatadmin.core import runs
from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.leat.models import Page

from .daily import recompute_days
from .keep import ListedTransaction, Mirrored, mirror_keep, mirrored, shop_zone
from .models import MirroredShop, MirroredTransaction, MirrorRun

__all__ = ["ListedTransaction", "Mirrored", "MirrorPage", "mirror_keep", "mirrored", "shop_zone"]  # what tests and the bench reach through this module

PAGE_SIZE = 100  # Leat's maximum
PARALLEL_PAGES = 4
#: Pages read from one `created_at[gt]` before the next pass starts from the
#: cursor again: Leat never pages deep into its list, and what arrives meanwhile comes next.
PASS_PAGES = 100
#: Pages written in one commit (as many as are in flight): a commit, the cursor
#: and the database's round trips cost per commit, not per page.
BATCH_PAGES = PARALLEL_PAGES
#: How far before its cursor a read asks from: the cursor's own second again.
REREAD = dt.timedelta(seconds=1)


# --- The read ---------------------------------------------------------------------------


def mirror_start(*, resume: bool = True, here: bool = False, from_start: bool = False) -> MirrorRun:
    """Resume the last read if it did not finish (else start one), as a task
    (`here`: in this process, now); the read under way, if there is one.
    `from_start`: read every transaction again, not only the new ones."""
    return runs.start(MirrorRun, mirror_task, resume=resume, here=here, **({"from_start": True} if from_start else {}))


def mirror_last() -> MirrorRun | None:
    """The latest read, as it stands (one whose worker died has failed)."""
    run = MirrorRun.objects.first()
    return runs.check(run) if run is not None else None


def mirror_last_done() -> MirrorRun | None:
    """The latest read that finished: the figures are Leat's as of its end."""
    return MirrorRun.objects.filter(status=MirrorRun.Status.DONE).order_by("-finished_at", "-id").first()


@task
def mirror_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(MirrorRun, run_pk, attempt, _read)


def _read(run: MirrorRun) -> dict:
    with _unhurried_commits():
        return _read_pages(run)


@contextmanager
def _unhurried_commits() -> Iterator[None]:
    """PostgreSQL may say a page's commit is done before it is on disk: a
    crash then loses the last pages and their cursor together, and the read
    resumes before them. It saves a disk flush's wait on every page. For this
    read's connection while it reads, as it was again after."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:
            pass  # the connection is gone (and its setting with it): the read's own error is the one to tell



def _read_pages(run: MirrorRun) -> dict:
    if run.cursor is None and not run.from_start:  # a new read: from the last transaction kept
        run.cursor = MirroredTransaction.objects.aggregate(last=Max("created_at"))["last"]
    zone = shop_zone()
    # The first day whose figures may lag the mirror: the cursor's (the days before it are up to date).
    pending = run.cursor.astimezone(zone).date() if run.cursor else None
    names: dict[str, str] = {}

    def store(items: list[Mirrored]) -> None:
        """Pages' transactions, the days they complete and the cursor after them: one commit."""
        nonlocal pending
        if not items:
            return
        with transaction.atomic():
            new = mirror_keep(items)
            _remember_shops(items, names)
            pending = _complete_days(pending, items if run.from_start else new, items)
            run.done += len(items)
            run.added += len(new)
            run.advance(cursor=_latest(run.cursor, items), added=run.added)

    after, first = _after(run.cursor), 1
    while True:
        last, read, waiting = None, 0, []
        for page in _pages(after, first):
            if page.page == 1:  # what is left, as Leat counts it now
                run.total = run.done + page.total
            waiting += page.items
            last, read = page, read + 1
            if read % BATCH_PAGES == 0:
                store(waiting)
                waiting = []
        store(waiting)
        if last is None or (last.leat_page >= last.leat_last_page and len(last.items) < PAGE_SIZE):
            break  # Leat's last page, with room to spare: nothing more was made while it was read
        moved = _after(run.cursor)
        # A pass from the cursor it reached; from the same moment, pages on, if it did not move (a second fuller than a pass).
        after, first = (moved, 1) if moved != after else (after, first + read)
    with transaction.atomic():
        if pending is not None and run.cursor is not None:
            recompute_days(pending, run.cursor.astimezone(zone).date() + dt.timedelta(days=1))
        run.advance()
    return {}


def _after(cursor: dt.datetime | None) -> dt.datetime | None:
    return cursor - REREAD if cursor is not None else None


def _latest(cursor: dt.datetime | None, items: list[Mirrored]) -> dt.datetime | None:
    moments = [item.created_at for item in items]
    return max([*moments, *([cursor] if cursor else [])]) if moments else cursor


def _complete_days(pending: dt.date | None, touched: list[Mirrored], page: list[Mirrored]) -> dt.date | None:
    """Recompute the days this page completes (from the first one lagging to
    the day the read is now in, not included); the first one lagging after it."""
    days = [item.day for item in touched]
    if pending is not None:
        days.append(pending)
    if not days or not page:
        return pending
    start, now_in = min(days), max(item.day for item in page)
    if start < now_in:
        recompute_days(start, now_in)
        return now_in
    return start


def _remember_shops(items: list[Mirrored], names: dict[str, str]) -> None:
    """The shops' names, for the shop picker (written when one is new to this read or renamed)."""
    seen = {item.shop_uuid: item.shop_name for item in items if item.shop_uuid}
    changed = [MirroredShop(uuid=uuid, name=name) for uuid, name in seen.items() if names.get(uuid) != name]
    if changed:
        MirroredShop.objects.bulk_create(changed, update_conflicts=True, unique_fields=["uuid"], update_fields=["name"])
        names.update(seen)


@dataclass(frozen=True)
class MirrorPage(Page[Mirrored]):
    """One of Leat's pages read for the mirror, numbered within its pass
    (`page`, `last_page`) and in Leat's list (`leat_page`, `leat_last_page`)."""

    leat_page: int = 1
    leat_last_page: int = 1


def _pages(after: dt.datetime | None, first: int) -> Iterator[MirrorPage]:
    """One pass: Leat's pages of transactions made after `after`, oldest first,
    from page `first`, at most PASS_PAGES of them, in order."""
    zone = shop_zone()

    def fetch(number: int) -> MirrorPage:
        at = first - 1 + number
        page = leat().transactions.list(
            created_after=after, sort="created_at", page=at, limit=PAGE_SIZE, parse=lambda item: mirrored(item, zone), item_shape=ListedTransaction,
        )
        return MirrorPage(
            items=page.items, page=number, last_page=max(1, min(page.last_page - (first - 1), PASS_PAGES)), total=page.total, per_page=page.per_page,
            leat_page=at, leat_last_page=page.last_page,
        )

    return pages_in_order(fetch, threads=PARALLEL_PAGES, name="figures-mirror-page")  # type: ignore[return-value]  # the pages `fetch` made


# --- The schedule and a deleted contact ---------------------------------------------------


def mirror_chore(now: dt.datetime) -> str:
    """Housekeeping (core/housekeeping.py): every hour, a read of what is new (or the rest of one that stopped)."""
    if runs.current(MirrorRun) is not None:
        return ""
    return f"Queued a read of Leat's loyalty transactions into the figures' mirror (read {mirror_start().pk})."


def mirror_forget_contact(*, contact_uuid: str) -> int:
    """A deleted contact's transactions stay in the figures (they happened)
    under a random stand-in instead of their identifier: still one contact
    each day, no longer anyone."""
    if not contact_uuid:
        return 0
    return MirroredTransaction.objects.filter(contact_uuid=contact_uuid).update(contact_uuid=f"deleted-{secrets.token_hex(12)}")
