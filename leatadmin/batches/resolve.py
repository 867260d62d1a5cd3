"""The preview of a batch: the file read into rows, and every row resolved
against Leat before anything is written.

A tracked run (core/runs.py), in two phases, each with its progress:

1. **Reading**: the stored upload is read by the file reader (files.py),
   streamed, into rows a chunk at a time (memory stays flat with the file's
   size); each row's shop is found in the shop list (asked once) and what the
   file alone says is wrong is noted. A file refused on the way leaves no row.
2. **Asking Leat**: one lookup per distinct contact a row names (an email or
   UUID one call, a card two), and for a purchase what Leat's rules give for
   it (`credit_receptions.calculate`), BATCH_CALLS_IN_FLIGHT at once (flight.py:
   slower on Leat's 429). A row with a problem already is not looked up: it
   cannot be sent as it is. Found: the contact, their balance, the credits
   the row gives and the balance after; else the problem, at the row.

Then the rows naming a contact an earlier row named are marked, and the
totals counted. A preview that stops is started again: the reading starts
over (the upload stays stored until it is read), the asking goes on with the
rows not resolved yet.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, Min
from django.tasks import task
from django.utils import timezone

from leatadmin.core import runs
from leatadmin.leat import errors
from leatadmin.leat.models import Shop
from leatadmin.loyalty.forms import MAX_CREDITS
from leatadmin.loyalty.selectors import credits_for_purchase
from leatadmin.shops.selectors import shop_list

from . import files, problems, selectors, services
from .flight import Flight, patiently
from .models import Batch, BatchRow, BatchRun

CHUNK = 500
READING, ASKING = "reading", "asking"
#: What the asking phase writes back to a row.
ASKED = ["resolved", "contact_uuid", "contact_email", "contact_name", "balance", "give", "problems", "has_problem"]


def preview_start(*, batch: Batch, user) -> BatchRun:
    """Start the batch's preview (or take up one that stopped); the run under way, if one is."""
    return runs.start(BatchRun, preview_task, batch=batch, step=BatchRun.Step.PREVIEW, user=user)


@task
def preview_task(run_pk: int, attempt: str = "", request_id: str = "") -> None:  # request_id: taken up by core/observability.py
    runs.execute(BatchRun, run_pk, attempt, _preview)


def _preview(run: BatchRun) -> dict:
    batch = run.batch
    if batch.state != Batch.State.PREVIEWING:
        return {}
    if batch.stored_as and not _read(run, batch):
        return {}
    _ask(run, batch)
    _twice(batch)
    services.batch_totals(batch)
    Batch.objects.filter(pk=batch.pk, state=Batch.State.PREVIEWING).update(state=Batch.State.READY, previewed_at=timezone.now())
    return {}


# --- Reading -------------------------------------------------------------------------


class Shops:
    """The account's shops, found by UUID or by name (any case, spaces around ignored)."""

    def __init__(self, shops: list[Shop]) -> None:
        self.by_uuid = {shop.uuid.lower(): shop for shop in shops}
        self.by_name: dict[str, list[Shop]] = defaultdict(list)
        for shop in shops:
            self.by_name[shop.name.strip().casefold()].append(shop)

    def find(self, typed: str) -> tuple[Shop | None, dict | None]:
        shop = self.by_uuid.get(typed.strip().lower())
        if shop is not None:
            return shop, None
        named = self.by_name.get(typed.strip().casefold(), [])
        if len(named) == 1:
            return named[0], None
        return None, problems.problem(problems.SHOP_TWICE if named else problems.UNKNOWN_SHOP, shop=typed.strip())


def _read(run: BatchRun, batch: Batch) -> bool:
    """The stored file into rows; False if the file was refused."""
    run.done, run.total = 0, None
    run.advance(phase=READING)
    batch.batch_rows.all().delete()  # a reading that stopped halfway starts over
    shops = Shops(patiently(shop_list, name="batch-preview"))
    try:
        with default_storage.open(batch.stored_as, "rb") as stored:
            reading = files.read_corrections(File(stored, name=batch.file_name))
            Batch.objects.filter(pk=batch.pk).update(columns=dict(reading.columns))
            chunk: list[BatchRow] = []
            for file_row in reading.rows:
                chunk.append(_row(batch, file_row, shops))
                if len(chunk) >= CHUNK:
                    run.done += _save(chunk)
                    run.advance()
            run.done += _save(chunk)
    except files.FileRefused as refused:
        batch.batch_rows.all().delete()
        Batch.objects.filter(pk=batch.pk).update(state=Batch.State.REFUSED, refused=problems.in_each_language(refused.message))
        services.stored_forget(batch)
        return False
    services.stored_forget(batch)
    run.advance()
    return True


def _save(chunk: list[BatchRow]) -> int:
    BatchRow.objects.bulk_create(chunk)
    saved = len(chunk)
    chunk.clear()
    return saved


def _row(batch: Batch, file_row: files.FileRow, shops: Shops) -> BatchRow:
    found = [problems.text(words) for words in file_row.problems]
    key = selectors.who_key(file_row.who)
    if not key and not found:
        found.append(problems.problem(problems.NO_WHO))
    reason = (file_row.reason or batch.reason).strip()
    if not reason:
        found.append(problems.problem(problems.NO_REASON))
    shop: Shop | None = None
    if file_row.shop.strip():
        shop, wrong = shops.find(file_row.shop)
        if wrong:
            found.append(wrong)
    elif batch.shop_uuid:
        shop = Shop(uuid=batch.shop_uuid, name=batch.shop_name)
    else:
        found.append(problems.problem(problems.NO_SHOP))
    credits = file_row.credits
    if credits is not None and file_row.purchase is None:
        found.extend(_credit_problems(credits))
    return BatchRow(
        batch=batch, number=file_row.number, who=file_row.who[:255], who_key=key[:300], credits=credits, purchase=file_row.purchase,
        shop_text=file_row.shop[:255], reason=reason, problems=found, has_problem=bool(found), resolved=bool(found),
        shop_uuid=shop.uuid if shop else "", shop_name=(shop.name if shop else "")[:255], give=credits if file_row.purchase is None else None,
    )


def _credit_problems(credits: int) -> list[dict]:
    if credits == 0:
        return [problems.problem(problems.ZERO)]
    if abs(credits) > MAX_CREDITS:
        return [problems.problem(problems.TOO_MANY, credits=credits, most=MAX_CREDITS)]
    return []


# --- Asking Leat -----------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The rows naming one contact (one lookup), first row first."""

    key: str
    rows: list[BatchRow]


@dataclass(frozen=True)
class Answer:
    found: selectors.Found
    credits: int | None = None
    problem: dict | None = None


def _ask(run: BatchRun, batch: Batch) -> None:
    rows = batch.batch_rows
    run.total = rows.count()
    run.done = rows.filter(resolved=True).count()
    run.advance(phase=ASKING)
    written: list[BatchRow] = []

    def done(group: Group, answer: Answer) -> None:
        written.extend(_answered(group, answer))
        if len(written) >= CHUNK:
            _write(run, written)

    Flight(settings.BATCH_CALLS_IN_FLIGHT, name="batch-preview").run(_groups(batch), _lookup, done, tick=run.advance)
    _write(run, written)


def _write(run: BatchRun, written: list[BatchRow]) -> None:
    # One upsert of the rows as answered (bulk_update's CASE per field and row costs the
    # caller's thread more CPU than the lookups themselves: measured in scripts/bench_batches.py).
    BatchRow.objects.bulk_create(written, update_conflicts=True, unique_fields=["id"], update_fields=ASKED)
    run.done += len(written)
    written.clear()
    run.advance()


def _groups(batch: Batch) -> Iterator[Group]:
    """The rows still to resolve, by the contact they name, a few hundred contacts at a time."""
    pending = batch.batch_rows.filter(resolved=False)
    last = ""
    while True:
        keys = list(pending.filter(who_key__gt=last).order_by("who_key").values_list("who_key", flat=True).distinct()[:CHUNK])
        if not keys:
            return
        rows = pending.filter(who_key__in=keys).order_by("who_key", "number")
        for key, group in itertools.groupby(rows, key=lambda row: row.who_key):
            yield Group(key, list(group))
        last = keys[-1]


def _lookup(group: Group) -> Answer:
    """On one of the flight's threads: Leat calls only, no database."""
    found = selectors.contact_named(group.key)
    first = group.rows[0]
    if found.contact is None or first.purchase is None:
        return Answer(found)
    try:
        credits = credits_for_purchase(shop_uuid=first.shop_uuid, purchase=first.purchase, contact_uuid=found.contact.uuid)
    except (errors.Unavailable, errors.RateLimited, errors.Unauthenticated):
        raise
    except errors.LeatError as error:
        return Answer(found, problem=problems.problem(problems.LEAT_REFUSED, message=error.message))
    return Answer(found, credits=credits)


def _answered(group: Group, answer: Answer) -> list[BatchRow]:
    contact = answer.found.contact
    first = group.rows[0]
    for row in group.rows:
        row.resolved = True
        if contact is None:
            row.problems = [*row.problems, answer.found.problem]
        else:
            row.contact_uuid, row.contact_email, row.contact_name, row.balance = contact.uuid, contact.email[:255], contact.name[:255], contact.credit_balance
            if row is not first:
                row.problems = [*row.problems, problems.problem(problems.TWICE, row=first.number)]
            elif answer.problem is not None:
                row.problems = [*row.problems, answer.problem]
            elif row.purchase is not None:
                row.give = answer.credits
                if not answer.credits or answer.credits <= 0:
                    row.problems = [*row.problems, problems.problem(problems.PURCHASE_ZERO, amount=str(row.purchase))]
                else:
                    row.problems = [*row.problems, *_credit_problems(answer.credits)]
            if row.give is not None and row.give < 0 and row.balance is not None and row.balance + row.give < 0:
                row.problems = [*row.problems, problems.problem(problems.BELOW_ZERO, credits=-row.give, balance=row.balance)]
        row.has_problem = bool(row.problems)
    return group.rows


def _twice(batch: Batch) -> None:
    """Rows naming, by another email, card or UUID, a contact an earlier row names."""
    rows = batch.batch_rows.exclude(contact_uuid="")
    groups = list(rows.values("contact_uuid").annotate(n=Count("id"), first=Min("number")).filter(n__gt=1).order_by().values_list("contact_uuid", "first"))
    for contact_uuid, first in groups:
        for row in rows.filter(contact_uuid=contact_uuid).exclude(number=first):
            if not any(found.get("code") == problems.TWICE for found in row.problems):
                row.problems = [*row.problems, problems.problem(problems.TWICE, row=first)]
                row.has_problem = True
                row.save(update_fields=["problems", "has_problem"])
