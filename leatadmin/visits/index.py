"""Keeping the visit index (models.VisitRecord) in step with Leat.

Leat lists visits newest-created first, filters them by contact only, and
sends no webhook for visits. So the index is kept three ways:

1. What leatadmin itself makes, edits or opens is stored from Leat's answer
   at once (with the shop it was made at, which Leat does not say).
2. Each view of the visit list first reads Leat's newest page (of all
   visits, or of the contact it is filtered by): the one Leat call the list
   always cost. Where that page held nothing the index knew, the gap may be
   longer, and it reads on, at most CATCH_UP_PAGES pages. Visits made
   elsewhere appear in the list as soon as anyone looks.
3. A full read (`manage.py visit_index`, a tracked run: core/runs.py;
   housekeeping starts one when none finished for a day, and resumes one
   that failed or whose worker died) pages through all of Leat's
   visits: it brings in the old ones, and the changes made elsewhere to
   visits no longer on the newest page. When Leat's list held still while
   it read (every visit Leat counts at the end was seen), it forgets the
   visits Leat no longer lists (their contact was deleted).

Never every page of Leat's list to show one page: a list view reads one
page, at most CATCH_UP_PAGES, whatever the account's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from leatadmin.core import runs
from leatadmin.core.leat import leat
from leatadmin.core.paging import pages_in_order
from leatadmin.core.stored import fitted
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Page, Visit

from .models import VisitIndexRun, VisitRecord

CATCH_UP_LIMIT = 100
CATCH_UP_PAGES = 3
FULL_READ_LIMIT = 500  # Leat's maximum for visits
PARALLEL_PAGES = 4
#: Housekeeping starts a full read when none finished within this time.
FULL_READ_EVERY = dt.timedelta(days=1)
LEAT_FIELDS = ("contact_uuid", "contact_email", "external_id", "source", "starts_at", "ends_at", "leat_created_at", "sort_at", "synced_at")
SHOP_FIELDS = ("shop_uuid", "shop_name")


def _row(visit: Visit, now: dt.datetime) -> VisitRecord:
    values = {
        "uuid": visit.uuid,
        "contact_uuid": visit.contact.uuid if visit.contact else "",
        "contact_email": (visit.contact.email or "") if visit.contact else "",
        "external_id": visit.external_id,
        "source": visit.source,
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "leat_created_at": visit.created_at,
        "sort_at": visit.starts_at or visit.created_at or now,
        "synced_at": now,
        "shop_uuid": visit.shop.uuid if visit.shop else "",
        "shop_name": visit.shop.name if visit.shop else "",
    }
    return VisitRecord(**fitted(VisitRecord, values))


def visit_store(visits: Iterable[Visit], *, now: dt.datetime | None = None) -> int:
    """Store what Leat says of these visits; returns how many the index did not list before.

    The shop is kept as it was unless Leat names one: leatadmin's memory of
    where it made a visit is worth more than Leat's silence."""
    now = now or timezone.now()
    rows = {visit.uuid: _row(visit, now) for visit in visits}  # one row per visit, even if a page repeats one
    if not rows:
        return 0
    listed_before = set(VisitRecord.objects.filter(uuid__in=list(rows), synced_at__isnull=False).values_list("uuid", flat=True))
    with_shop = [row for row in rows.values() if row.shop_uuid]
    without_shop = [row for row in rows.values() if not row.shop_uuid]
    if with_shop:
        VisitRecord.objects.bulk_create(with_shop, update_conflicts=True, unique_fields=["uuid"], update_fields=[*LEAT_FIELDS, *SHOP_FIELDS, "recorded_at"])
    if without_shop:
        VisitRecord.objects.bulk_create(without_shop, update_conflicts=True, unique_fields=["uuid"], update_fields=[*LEAT_FIELDS, "recorded_at"])
    return len(rows) - len(listed_before)


def visit_remember_shop(*, visit: Visit, shop_uuid: str, shop_name: str) -> None:
    """The visit leatadmin just made, with the shop it sent (Leat's answer does not say)."""
    visit_store([visit])
    VisitRecord.objects.filter(uuid=visit.uuid).update(**fitted(VisitRecord, {"shop_uuid": shop_uuid, "shop_name": shop_name}))


def visit_index_forget_contact(*, contact_uuid: str) -> int:
    """A deleted contact's visits leave the index at once (they hold the email)."""
    forgotten, _ = VisitRecord.objects.filter(contact_uuid=contact_uuid).delete()
    return forgotten


# --- Catching up on a list view --------------------------------------------------


@dataclass(frozen=True)
class CatchUp:
    """What reading Leat's newest visits found: Leat's count of the visits in
    scope (all, or one contact's), or why Leat could not be read."""

    leat_total: int | None = None
    failure: LeatError | None = None


def visit_index_catch_up(*, contact_uuid: str | None = None) -> CatchUp:
    """Store Leat's newest visits (all, or one contact's) before the list is shown."""
    in_scope = VisitRecord.objects.filter(synced_at__isnull=False)
    if contact_uuid:
        in_scope = in_scope.filter(contact_uuid=contact_uuid)
    knew_some = in_scope.exists()
    total = None
    try:
        for number in range(1, CATCH_UP_PAGES + 1):
            page = leat().visits.list(page=number, limit=CATCH_UP_LIMIT, contact_uuid=contact_uuid)
            total = page.total if total is None else total
            new = visit_store(page.items)
            # A page of nothing but new visits: the gap since the last look may go on.
            # An index that knew nothing yet waits for the full read instead.
            if not knew_some or new < len(page.items) or page.page >= page.last_page:
                break
    except LeatError as error:
        return CatchUp(leat_total=total, failure=error)
    return CatchUp(leat_total=total)


# --- The full read ---------------------------------------------------------------


def visit_index_start(*, resume: bool = True, here: bool = False) -> VisitIndexRun:
    """Resume the last full read if it did not finish (else start one), as a
    task (`here`: in this process, now); the read under way, if there is one
    (core/runs.py)."""
    return runs.start(VisitIndexRun, visit_index_task, resume=resume, here=here)


def visit_index_due() -> bool:
    """Whether a full read is wanted: none under way (a dead one is not), and none finished lately."""
    if runs.current(VisitIndexRun) is not None:
        return False
    return not VisitIndexRun.objects.filter(status=VisitIndexRun.Status.DONE, finished_at__gte=timezone.now() - FULL_READ_EVERY).exists()


def visit_index_last() -> VisitIndexRun | None:
    """The latest full read, as it stands (one whose worker died has failed)."""
    run = VisitIndexRun.objects.first()
    return runs.check(run) if run is not None else None


@task
def visit_index_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(VisitIndexRun, run_pk, attempt, _read)


def _read(run: VisitIndexRun) -> dict:
    for number, page in enumerate(_pages(run.next_page)):
        if number == 0 or run.total is None:
            run.total = page.total
        # The page and the resume point after it commit together.
        with transaction.atomic():
            visit_store(page.items)
            run.done += len(page.items)
            run.advance(next_page=run.next_page + 1)
    return {"forgotten": _forget_unlisted(run)}


def _forget_unlisted(run: VisitIndexRun) -> int:
    """Forget what Leat no longer lists, if it is certain: only when every
    visit Leat counts now was seen by this read (a list that moved while it
    was read, as pages shifted, may have hidden some from it)."""
    seen = VisitRecord.objects.filter(synced_at__gte=run.started_at).count()
    if seen < leat().visits.list(limit=1).total:
        return 0
    forgotten, _ = VisitRecord.objects.filter(Q(synced_at__lt=run.started_at) | Q(synced_at__isnull=True)).delete()
    return forgotten


def _pages(first: int) -> Iterator[Page[Visit]]:
    """Leat's pages of visits from page `first` on, in order."""

    def fetch(number: int) -> Page[Visit]:
        page = leat().visits.list(page=first - 1 + number, limit=FULL_READ_LIMIT)
        # pages_in_order counts from 1: the same page, numbered from where this read resumes.
        return replace(page, page=number, last_page=max(1, page.last_page - (first - 1)))

    return pages_in_order(fetch, threads=PARALLEL_PAGES, name="visit-index-page")


def visit_index_chore(now: dt.datetime) -> str:
    """Housekeeping (core/housekeeping.py): a full read when none finished for a day."""
    if not visit_index_due():
        return ""
    return f"Queued a full read of Leat's visits into the visit index (read {visit_index_start().pk})."
