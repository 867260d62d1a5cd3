"""The agenda's benchmark (#26, part of `make bench`): the server time of one
shop's day with 200 bookings and visits, in a ledger and an index holding
many more (other shops, other days), and the Leat calls it made (none).

The app runs here, on its own database (PostgreSQL, or SQLite), with the
tests' settings, Leat pointed at a closed port and every Leat call counted:
the issue asks that the agenda make no Leat call at all to show a day. The
day is asked for as staff do, through Django's test client (the whole
request: middleware, the session, the scope check, the two queries, the
table with its buttons, the template): as a full page and as the htmx
partial the agenda redraws itself with after a row's action.

A script, not a test: it asserts nothing, it reports (and writes JSON).

    python scripts/bench_agenda.py [--bookings 120] [--visits 80] [--background 200000] [--runs 50] [--database postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SHOPS = 20
DAY = dt.date(2026, 12, 24)

from scripts import bench_search  # noqa: E402


def say(text: str) -> None:
    """Progress, on stderr: stdout carries the results."""
    print(text, file=sys.stderr, flush=True)


def shop_uuid(n: int) -> str:
    return f"00000000-0000-4000-a000-{n:012d}"


def fill(args) -> dict:
    """The measured shop's day (shop 0, DAY) and the background: the rest
    spread over a year and SHOPS shops. Kept between runs when the counts match."""
    from django.utils import timezone

    from leatadmin.bookings.models import BookingRecord
    from leatadmin.visits.models import VisitRecord

    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(DAY, dt.time(8, 0), tzinfo=zone)
    want = {"bookings": args.bookings + args.background // 2, "visits": args.visits + args.background // 2}
    if BookingRecord.objects.count() == want["bookings"] and VisitRecord.objects.count() == want["visits"]:
        return want
    say(f"Filling the ledger and the index: {want['bookings']:,} bookings, {want['visits']:,} visits ...")
    BookingRecord.objects.all().delete()
    VisitRecord.objects.all().delete()
    now = timezone.now()
    statuses = ["created", "created", "created", "in progress", "completed", "canceled"]

    def booking(i: int, at: dt.datetime, shop: int) -> BookingRecord:
        return BookingRecord(
            uuid=f"bench-b-{i}", shop_uuid=shop_uuid(shop), shop_name=f"Bench shop {shop}", contact_uuid=f"bench-c-{i % 50_000}", contact_email=f"guest{i % 50_000}@example.com",
            starts_at=at, ends_at=at + dt.timedelta(hours=2), number_of_people=1 + i % 8, company_name="Bench BV" if i % 5 == 0 else "", status=statuses[i % len(statuses)],
            prepaid_amount=(i % 4) * 1250 or None, checked_in_at=at if i % len(statuses) == 3 else None,
        )  # fmt: skip

    def visit(i: int, at: dt.datetime, shop: int) -> VisitRecord:
        return VisitRecord(
            uuid=f"bench-v-{i}",
            shop_uuid=shop_uuid(shop),
            shop_name=f"Bench shop {shop}",
            contact_uuid=f"bench-c-{i % 50_000}",
            contact_email=f"guest{i % 50_000}@example.com",
            starts_at=at,
            sort_at=at,
            synced_at=now,
        )

    # The measured day: every few minutes from 08:00, bookings and visits interleaved.
    BookingRecord.objects.bulk_create([booking(i, start + dt.timedelta(minutes=5 * i), 0) for i in range(args.bookings)], batch_size=2000)
    VisitRecord.objects.bulk_create([visit(i, start + dt.timedelta(minutes=5 * i + 2), 0) for i in range(args.visits)], batch_size=2000)
    # The background: the other shops every day of the year, and shop 0 on every other day.
    year = dt.datetime.combine(DAY - dt.timedelta(days=180), dt.time(8, 0), tzinfo=zone)
    for kind, make, offset in (("bookings", booking, args.bookings), ("visits", visit, args.visits)):
        rows, count = [], args.background // 2
        for n in range(count):
            at = year + dt.timedelta(days=n % 365, minutes=7 * (n // 365) % 720)
            shop = 1 + n % (SHOPS - 1) if n % 10 else 0
            if shop == 0 and at.date() == DAY:
                at += dt.timedelta(days=1)
            rows.append(make(offset + n, at, shop))
            if len(rows) == 5000:
                type(rows[0]).objects.bulk_create(rows)
                rows = []
        if rows:
            type(rows[0]).objects.bulk_create(rows)
        say(f"  {kind}: {count:,} in the background")
    return want


def measure(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-agenda-"))
    bench_search.PG_URL = bench_search.PG_URL.rsplit("/", 1)[0] + "/leatadmin_bench_agenda"
    bench_search.django_on(args.database, tmp)
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from leatadmin.agenda.selectors import agenda_day
    from leatadmin.leat.client import LeatClient
    from leatadmin.staff.roles import SHOP_MANAGER
    from tests.signin.support import give_factor, signed_in

    # Every Leat call the agenda would make, counted (Leat itself is a closed port: one would fail the page too).
    calls: list[str] = []
    request = LeatClient.request

    def counted(self, method, path, *a, **kw):
        calls.append(f"{method} {path}")
        return request(self, method, path, *a, **kw)

    LeatClient.request = counted
    rows = fill(args)
    if args.database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = User.objects.filter(username="bench-agenda").first()
    if user is None:
        user = User.objects.create_user("bench-agenda")
        user.groups.add(Group.objects.get(name=SHOP_MANAGER))
        give_factor(user)
    client = Client()
    client.force_login(user)
    signed_in(client, user)
    url = reverse("agenda:day", args=[shop_uuid(0), DAY.isoformat()])
    first = client.get(url)
    if first.status_code != 200:
        raise SystemExit(f"The agenda answered {first.status_code}: {first.content[:500]!r}")
    shown = first.content.decode().count('<tr id="booking-') + first.content.decode().count('<tr id="visit-')

    def timed(fn) -> tuple[list[float], list[float]]:
        """Wall-clock and CPU milliseconds of each run (the CPU time is this
        process's own: on a busy machine the wall clock also counts waiting for a core)."""
        wall, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        return sorted(wall), sorted(cpu)

    from django.utils import timezone

    results = {"database": args.database, "rows_in_the_day": shown, "ledger_bookings": rows["bookings"], "index_visits": rows["visits"], "runs": args.runs, "html_kb": round(len(first.content) / 1024)}
    calls.clear()
    for name, fn in (
        ("full page", lambda: client.get(url)),
        ("htmx partial", lambda: client.get(url, HTTP_HX_REQUEST="true")),
        ("the day's reads alone", lambda: agenda_day(shop_uuid=shop_uuid(0), day=DAY, now=timezone.now())),
    ):
        fn()
        samples, cpu = timed(fn)
        results[name] = {
            "median_ms": round(statistics.median(samples), 1), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1), "max_ms": round(samples[-1], 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
        }  # fmt: skip
    results["load_average"] = round(os.getloadavg()[0], 1)
    results["cores"] = os.cpu_count()
    results["leat_calls"] = len(calls)
    return results


def report(r: dict) -> None:
    print(
        f"\n== Today at my shop (#26): one shop's day of {r['rows_in_the_day']} bookings and visits, on {r['database']} "
        f"(ledger {r['ledger_bookings']:,} bookings, index {r['index_visits']:,} visits), {r['runs']} runs, page {r['html_kb']} KB"
    )
    for name in ("full page", "htmx partial", "the day's reads alone"):
        row = r[name]
        print(f"  {name:<24} median {row['median_ms']:>6.1f} ms   p95 {row['p95_ms']:>6.1f} ms   max {row['max_ms']:>6.1f} ms (server time; CPU {row['cpu_median_ms']:.1f} ms)")
    print(f"  (load average {r['load_average']} on {r['cores']} cores while measured)")
    print(f"  Leat calls to show the day: {r['leat_calls']} (the issue: none)  {'PASS' if r['leat_calls'] == 0 else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bookings", type=int, default=120)
    parser.add_argument("--visits", type=int, default=80)
    parser.add_argument("--background", type=int, default=200_000, help="bookings and visits of other shops and days (half each)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--json", default="bench-agenda-results.json")
    parser.add_argument("--part", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:  # in a process of its own: Django set up on the bench's database
        print(json.dumps(measure(args)))
        return
    command = [PYTHON, __file__, "--part", *(f"--{name}={getattr(args, name)}" for name in ("bookings", "visits", "background", "runs", "database"))]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit("The agenda benchmark failed (above).")
    results = json.loads(done.stdout.strip().splitlines()[-1])
    report(results)
    Path(ROOT / args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
