"""The mirror of Leat's loyalty transactions (leatadmin/figures/mirror.py):
the full catch-up, resumed after a crash, transactions made while it reads,
transactions of the same second, and each read after it asking only for what is new."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from leatadmin.core import housekeeping
from leatadmin.figures import mirror
from leatadmin.figures.daily import recompute_days
from leatadmin.figures.models import DailyShopFigures, MirroredTransaction, MirrorRun
from leatadmin.leat.transactions import LoyaltyTransactions
from tests.runs import killed_after, stalled

from .conftest import leat_uuids

pytestmark = pytest.mark.django_db


def kept() -> list[str]:
    return list(MirroredTransaction.objects.values_list("uuid", flat=True))


def exactly_leat(sandbox) -> None:
    """The mirror holds every transaction Leat holds, each once."""
    mirrored, leats = kept(), leat_uuids(sandbox)
    assert len(mirrored) == len(set(mirrored)), "nothing twice"
    assert set(mirrored) == set(leats), f"missing {len(set(leats) - set(mirrored))}, extra {len(set(mirrored) - set(leats))}"


@pytest.fixture
def asked(monkeypatch):
    """Every `GET loyalty-transactions` the mirror makes: (page, created_after, sort)."""
    calls = []
    original = LoyaltyTransactions.list

    def recording(self, **kwargs):
        calls.append((kwargs.get("page"), kwargs.get("created_after"), kwargs.get("sort")))
        return original(self, **kwargs)

    monkeypatch.setattr(LoyaltyTransactions, "list", recording)
    return calls


def small_pages(monkeypatch) -> None:
    """Pages of 7 and passes of 3 pages: a few transactions take several of each."""
    monkeypatch.setattr(mirror, "PAGE_SIZE", 7)
    monkeypatch.setattr(mirror, "PASS_PAGES", 3)


def test_the_first_read_is_the_full_catch_up_of_every_transaction_oldest_first(sandbox, asked):
    run = mirror.mirror_start()
    assert run.status == MirrorRun.Status.DONE and run.error == ""
    exactly_leat(sandbox)
    assert run.added == run.done == MirroredTransaction.objects.count()
    assert run.cursor == MirroredTransaction.objects.latest("created_at").created_at
    assert asked[0] == (1, None, "created_at"), "from Leat's first transaction, oldest first"
    assert all(sort == "created_at" for _, _, sort in asked)


def test_a_read_that_failed_in_leat_resumes_from_its_cursor_nothing_twice_nothing_missing(sandbox, asked, monkeypatch):
    """Leat fails mid-read (the sandbox's fault injection, after some pages): the
    run fails saying so; started again it resumes where it stopped."""
    stored = mirror.mirror_keep

    def failing_after_some(items):
        new = stored(items)
        if MirroredTransaction.objects.count() >= 1000:
            sandbox.faults.update({"path_status": {"loyalty-transactions": 500}})
        return new

    monkeypatch.setattr(mirror, "mirror_keep", failing_after_some)
    failed = mirror.mirror_start()
    assert failed.status == MirrorRun.Status.FAILED and "resumes where it stopped" in failed.failure
    before = set(kept())
    assert 1000 <= len(before) < len(leat_uuids(sandbox)) and failed.cursor is not None
    assert failed.cursor == MirroredTransaction.objects.latest("created_at").created_at, "the cursor is what was stored, not what was fetched"

    sandbox.faults.reset()
    monkeypatch.setattr(mirror, "mirror_keep", stored)
    calls = len(asked)
    resumed = mirror.mirror_start()
    assert resumed.pk == failed.pk and resumed.status == MirrorRun.Status.DONE
    exactly_leat(sandbox)
    assert asked[calls][:2] == (1, failed.cursor - dt.timedelta(seconds=1)), "resumed from its cursor's second, not from the start"
    assert resumed.added == len(leat_uuids(sandbox)), "each transaction added once over both attempts"


def test_a_worker_killed_mid_read_is_resumed_by_the_next_start(sandbox, monkeypatch):
    with monkeypatch.context() as patch:
        killed_after(patch, mirror, pages=mirror.BATCH_PAGES + 2)  # the worker dies with two pages fetched but not yet written
        stopped = mirror.mirror_start()
    assert stopped.status == MirrorRun.Status.RUNNING and MirroredTransaction.objects.count() == stopped.done == mirror.BATCH_PAGES * mirror.PAGE_SIZE
    stalled(stopped)  # its heartbeat stopped: declared dead when next looked at
    resumed = mirror.mirror_start()
    assert resumed.pk == stopped.pk and resumed.status == MirrorRun.Status.DONE
    exactly_leat(sandbox)


def test_transactions_made_while_the_read_goes_on_are_all_kept(sandbox, leat, newcomer, shops, monkeypatch):
    """Tills go on booking while the catch-up reads: what is made during it, at
    its cursor's second or after, is in the mirror when it ends."""
    stored, made = mirror.mirror_keep, []

    def keep_while_tills_book(items):
        new = stored(items)
        if len(made) < 6:
            made.append(leat.credit_receptions.create(contact_uuid=newcomer.uuid, shop_uuid=shops[0].uuid, credits=len(made) + 1).uuid)
        return new

    monkeypatch.setattr(mirror, "mirror_keep", keep_while_tills_book)
    run = mirror.mirror_start()
    assert run.status == MirrorRun.Status.DONE and len(made) == 6
    assert set(made) <= set(kept())
    exactly_leat(sandbox)


def test_transactions_of_one_second_split_over_pages_and_arriving_later_are_kept_once(sandbox, book, newcomer, shops, monkeypatch):
    """Leat's times are whole seconds: ten transactions of one second span two
    pages of 7; two more of that same second come after the read. A read that
    asked `created_at[gt]` its cursor would miss them; the mirror asks its cursor's second again."""
    mirror.mirror_start()
    small_pages(monkeypatch)
    second = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=5)  # after everything else in Leat
    tie = [book(newcomer.uuid, shops[0].uuid, n + 1, second) for n in range(10)]
    first = mirror.mirror_start()
    assert first.cursor == second and set(tie) <= set(kept())
    late = [book(newcomer.uuid, shops[0].uuid, 50 + n, second) for n in range(2)]
    again = mirror.mirror_start()
    assert again.pk != first.pk and again.added == 2 and again.done == 12, "the second's twelve read again, the two new ones kept"
    assert set(late) <= set(kept())
    exactly_leat(sandbox)
    day = second.astimezone(mirror.shop_zone()).date()
    mirrored = MirroredTransaction.objects.filter(shop_uuid=shops[0].uuid, day=day, is_reward=False, credits__gt=0)
    assert DailyShopFigures.objects.get(shop_uuid=shops[0].uuid, day=day).credits_given == sum(mirrored.values_list("credits", flat=True)), "the day's figures have the late two"


def test_a_second_fuller_than_a_pass_does_not_stop_the_read(sandbox, book, newcomer, shops, monkeypatch):
    """More transactions in one second than a pass holds (an import): the next
    pass goes on from the same moment, pages further, instead of reading the same pages again."""
    mirror.mirror_start()
    small_pages(monkeypatch)
    second = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=5)
    crowd = [book(newcomer.uuid, shops[1].uuid, 1, second) for _ in range(30)]  # a pass is 3 pages of 7
    run = mirror.mirror_start()
    assert run.status == MirrorRun.Status.DONE and set(crowd) <= set(kept())
    exactly_leat(sandbox)


def test_each_read_after_the_first_asks_only_for_what_is_new(sandbox, asked, leat, newcomer, shops):
    first = mirror.mirror_start()
    calls = len(asked)
    made = leat.credit_receptions.create(contact_uuid=newcomer.uuid, shop_uuid=shops[0].uuid, credits=5).uuid
    second = mirror.mirror_start()
    assert second.pk != first.pk and second.added == 1 and made in kept()
    assert asked[calls:] == [(1, first.cursor - dt.timedelta(seconds=1), "created_at")], "one page: its cursor's second and after"


def test_housekeeping_queues_a_read_every_hour_unless_one_is_under_way(sandbox):
    said = housekeeping.chores()["figures mirror"](timezone.now())
    assert "Queued a read" in said and MirrorRun.objects.get().status == MirrorRun.Status.DONE  # the tests' worker runs it at once
    exactly_leat(sandbox)
    MirrorRun.objects.update(status=MirrorRun.Status.RUNNING, claim="one at a time")
    assert housekeeping.chores()["figures mirror"](timezone.now()) == ""


def test_the_command_reads_here_queues_for_the_worker_and_says_how_it_stands(sandbox):
    out = io.StringIO()
    call_command("figures_mirror", "--now", stdout=out)
    assert "Mirror read done" in out.getvalue()
    call_command("figures_mirror", stdout=out)
    assert "queued for the task worker" in out.getvalue()
    call_command("figures_mirror", "--status", stdout=out)
    assert f"The mirror holds {len(leat_uuids(sandbox)):,} loyalty transactions; last read done" in out.getvalue()


def test_reading_from_the_start_again_recomputes_every_day_and_keeps_nothing_twice(sandbox):
    mirror.mirror_start()
    DailyShopFigures.objects.all().delete()  # figures lost, or wrong
    run = mirror.mirror_start(from_start=True)
    assert run.from_start and run.added == 0 and run.done == len(leat_uuids(sandbox))
    exactly_leat(sandbox)
    assert DailyShopFigures.objects.filter(shop_uuid="*").count() == MirroredTransaction.objects.values("day").distinct().count()


def test_a_deleted_contact_leaves_the_mirror_but_not_the_figures(sandbox, leat, newcomer, shops):
    from leatadmin.contacts.signals import contact_deleted

    leat.credit_receptions.create(contact_uuid=newcomer.uuid, shop_uuid=shops[0].uuid, credits=3)
    mirror.mirror_start()
    contacts_before = list(DailyShopFigures.objects.order_by("shop_uuid", "day").values_list("contacts", flat=True))
    contact_deleted.send(sender=None, contact=newcomer, forget_person=True)
    assert not MirroredTransaction.objects.filter(contact_uuid=newcomer.uuid).exists()
    assert MirroredTransaction.objects.filter(contact_uuid__startswith="deleted-").count() == 1
    mirror.mirror_start(from_start=True)
    assert list(DailyShopFigures.objects.order_by("shop_uuid", "day").values_list("contacts", flat=True)) == contacts_before


def figures_by_day() -> list[tuple]:
    return list(DailyShopFigures.objects.order_by("shop_uuid", "day").values_list(
        "shop_uuid", "day", "transactions", "credits_given", "credits_taken", "rewards", "reward_credits", "purchase_amount", "purchases", "contacts",
    ))


def test_a_catch_up_killed_while_tills_book_resumes_with_every_transaction_and_true_days(sandbox, leat, newcomer, shops, monkeypatch):
    """The full catch-up's worker dies mid-read while tills go on booking (before
    the crash and while nothing reads): the resumed read keeps each of Leat's
    transactions once, and the daily figures are those a read of everything from the start computes."""
    stored, made = mirror.mirror_keep, []

    def keep_while_tills_book(items):
        new = stored(items)
        made.append(leat.credit_receptions.create(contact_uuid=newcomer.uuid, shop_uuid=shops[len(made) % 2].uuid, credits=len(made) + 1).uuid)
        return new

    with monkeypatch.context() as patch:
        patch.setattr(mirror, "mirror_keep", keep_while_tills_book)
        killed_after(patch, mirror, pages=2 * mirror.BATCH_PAGES + 1)
        stopped = mirror.mirror_start()
    assert stopped.status == MirrorRun.Status.RUNNING and len(made) == 2, "killed after two commits, each with a till's transaction made during it"
    assert MirroredTransaction.objects.count() == stopped.done < len(leat_uuids(sandbox))
    made += [leat.credit_receptions.create(contact_uuid=newcomer.uuid, shop_uuid=shops[0].uuid, credits=9).uuid for _ in range(3)]  # while no worker reads
    stalled(stopped)
    resumed = mirror.mirror_start()
    assert resumed.pk == stopped.pk and resumed.status == MirrorRun.Status.DONE
    assert set(made) <= set(kept())
    exactly_leat(sandbox)
    assert resumed.added == len(leat_uuids(sandbox)), "each transaction added once over both attempts"
    days = figures_by_day()
    first, last = (MirroredTransaction.objects.order_by(order).values_list("day", flat=True)[0] for order in ("day", "-day"))
    with transaction.atomic():
        recompute_days(first, last + dt.timedelta(days=1))  # every day again, from the mirror's rows
    assert figures_by_day() == days, "no day lost, lagging or counted twice across the crash"
