"""The shop's figures benchmark (part of `make bench`): the figures page at
scale, and the mirror of Leat's loyalty transactions keeping up with Leat.

1. Fills the mirror with TRANSACTIONS mirrored transactions (default
   5,000,000: three years of twelve shops; PostgreSQL by `generate_series`,
   SQLite by a recursive CTE, in SQL, kept between runs), their daily figures
   (recomputed from them by `figures.daily.recompute_days`, as a read does),
   and the visit index and booking ledger beside them; then times the figures
   page for one shop x 90 days through Django's handler (the server's time:
   middleware, selectors, charts, tables, template), median and p95 over
   repeated requests, and the memory of the process before and after them.
   Target: at most 100 ms on PostgreSQL; the SQLite figure is stated.
2. The mirror's read of MIRROR transactions (default 1,000,000) from a
   sandbox answering each page LATENCY ms late (a separate process) into
   PostgreSQL, against the rate Leat's pages allow, measured in the same run:
   the same requests (its passes, its `created_at[gt]`, its pages, in its
   window of pages in flight) fetched and dropped unread. Target: at least 80 %.
   The process's memory along the way (flat whatever the count).

A script, not a test: it reports, writes JSON (bench-figures-results.json) and exits 1 when a target is missed.

    python scripts/bench_figures.py [--transactions 5000000] [--mirror 1000000] [--latency-ms 50] [--runs 40] [--only page|mirror]
        [--db-name leatadmin_bench_figures] [--sqlite-transactions N] [--json bench-figures-results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import bench_search  # noqa: E402  (its Django setup on the bench's own databases)
from scripts.bench_search import rss_mb, summary  # noqa: E402

PYTHON = sys.executable
SHOPS = 12
CONTACTS = 200_000
YEARS_OF_DAYS = 3 * 365 + 1
VISITS = 300_000
BOOKINGS = 60_000
ZONE = "Europe/Amsterdam"
PAGE_TARGET_MS = 100  # the figures page, one shop x 90 days, on PostgreSQL (p95)
MIRROR_TARGET_SHARE = 0.8  # the mirror's rate against fetching the same pages and dropping them


def database_url(name: str) -> str:
    """The bench's PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL's server, as `make services` starts it), database `name`."""
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or bench_search.PG_URL
    if not base.startswith("postgres"):
        base = bench_search.PG_URL
    return base.rsplit("/", 1)[0] + "/" + name


def django_on(database: str, name: str) -> None:
    """Django on PostgreSQL database `name`, or on SQLite's var/bench-<name's last words>.sqlite3 (bench_search.django_on names it after the temporary folder)."""
    bench_search.PG_URL = database_url(name)
    label = name.removeprefix("leatadmin_").removeprefix("bench_").replace("_", "").replace("-", "")
    bench_search.django_on(database, Path(tempfile.mkdtemp(prefix=f"leatadmin-bench-{label}-")))
    from django.conf import settings

    settings.MFA_REQUIRED = False  # the bench's superuser has no second factor; the page is what is timed


# --- 1. The figures page ---------------------------------------------------------------------------


def fill(transactions: int) -> dict:
    """The mirror with `transactions` rows, their daily figures, visits and bookings (kept between runs)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from leatadmin.bookings.models import BookingRecord
    from leatadmin.figures.daily import recompute_days
    from leatadmin.figures.models import DailyShopFigures, MirroredTransaction
    from leatadmin.visits.models import VisitRecord

    if MirroredTransaction.objects.count() == transactions and DailyShopFigures.objects.exists():
        return {"fill_seconds": 0.0}
    started = time.perf_counter()
    for model in (MirroredTransaction, DailyShopFigures, VisitRecord, BookingRecord):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    end = timezone.now().replace(microsecond=0)
    start = end - dt.timedelta(days=YEARS_OF_DAYS)
    step = YEARS_OF_DAYS * 86400 / transactions
    mirror_table, visit_table, booking_table = MirroredTransaction._meta.db_table, VisitRecord._meta.db_table, BookingRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {mirror_table} (uuid, created_at, day, shop_uuid, contact_uuid, is_reward, credits, unit_value, unit_label)"
                " SELECT 'bench-' || i, t, (t AT TIME ZONE %(zone)s)::date, 'bench-shop-' || lpad((i %% %(shops)s)::text, 2, '0'),"
                " 'bench-contact-' || ((i::bigint * 104729) %% %(contacts)s), i %% 9 = 0,"
                " CASE WHEN i %% 9 = 0 THEN -(10 + i %% 3 * 5) WHEN i %% 17 = 0 THEN -(1 + i %% 20) ELSE 1 + i %% 40 END,"
                " CASE WHEN i %% 9 = 0 THEN NULL WHEN i %% 17 = 0 THEN -((i %% 1000) / 100.0) ELSE (250 + i %% 4000) / 100.0 END,"
                " CASE WHEN i %% 9 = 0 THEN '' ELSE 'Euro' END"
                " FROM generate_series(1, %(n)s) AS i, LATERAL (SELECT %(start)s::timestamptz + i * %(step)s * interval '1 second' AS t) AS moment",
                {"n": transactions, "start": start, "step": step, "zone": ZONE, "shops": SHOPS, "contacts": CONTACTS},
            )
            cursor.execute(
                f"INSERT INTO {visit_table} (uuid, contact_uuid, contact_email, shop_uuid, shop_name, external_id, source, starts_at, leat_created_at, sort_at, synced_at, recorded_at)"
                " SELECT 'bench-visit-' || i, 'bench-contact-' || (i %% %(contacts)s), '', 'bench-shop-' || lpad((i %% %(shops)s)::text, 2, '0'), 'Shop ' || (i %% %(shops)s), '', '', t, t, t, t, t"
                " FROM generate_series(1, %(n)s) AS i, LATERAL (SELECT %(start)s::timestamptz + i * %(step)s * interval '1 second' AS t) AS moment",
                {"n": VISITS, "start": start, "step": YEARS_OF_DAYS * 86400 / VISITS, "shops": SHOPS, "contacts": CONTACTS},
            )
            cursor.execute(
                f"INSERT INTO {booking_table} (uuid, shop_uuid, shop_name, contact_uuid, contact_email, external_id, source, starts_at, checked_in_at, number_of_people, company_name, status,"
                " made_here, confirmed, created_at, updated_at)"
                " SELECT 'bench-booking-' || i, 'bench-shop-' || lpad((i %% %(shops)s)::text, 2, '0'), 'Shop ' || (i %% %(shops)s), 'bench-contact-' || (i %% %(contacts)s), '', '', '', t,"
                " CASE WHEN i %% 4 IN (1, 2) THEN t END, 2, '', (ARRAY['created', 'in progress', 'completed', 'canceled'])[1 + i %% 4], true, true, t, t"
                " FROM generate_series(1, %(n)s) AS i, LATERAL (SELECT %(start)s::timestamptz + i * %(step)s * interval '1 second' AS t) AS moment",
                {"n": BOOKINGS, "start": start, "step": YEARS_OF_DAYS * 86400 / BOOKINGS, "shops": SHOPS, "contacts": CONTACTS},
            )
        else:
            # SQLite has no time zones: the filler's day is UTC's plus an hour (the figures' day in winter).
            def series(n: int, select: str, table: str, columns: str, step_s: float) -> None:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})"
                    f" SELECT {select} FROM (SELECT i, datetime('{start:%Y-%m-%d %H:%M:%S}', '+' || CAST(i * {step_s} AS INTEGER) || ' seconds') AS t FROM n)"
                )

            series(
                transactions,
                f"'bench-' || i, t, date(t, '+1 hour'), 'bench-shop-' || printf('%02d', i % {SHOPS}), 'bench-contact-' || ((i * 104729) % {CONTACTS}), i % 9 = 0,"
                " CASE WHEN i % 9 = 0 THEN -(10 + i % 3 * 5) WHEN i % 17 = 0 THEN -(1 + i % 20) ELSE 1 + i % 40 END,"
                " CASE WHEN i % 9 = 0 THEN NULL WHEN i % 17 = 0 THEN -((i % 1000) / 100.0) ELSE (250 + i % 4000) / 100.0 END,"
                " CASE WHEN i % 9 = 0 THEN '' ELSE 'Euro' END",
                mirror_table, "uuid, created_at, day, shop_uuid, contact_uuid, is_reward, credits, unit_value, unit_label", step,
            )
            series(
                VISITS,
                f"'bench-visit-' || i, 'bench-contact-' || (i % {CONTACTS}), '', 'bench-shop-' || printf('%02d', i % {SHOPS}), 'Shop ' || (i % {SHOPS}), '', '', t, t, t, t, t",
                visit_table, "uuid, contact_uuid, contact_email, shop_uuid, shop_name, external_id, source, starts_at, leat_created_at, sort_at, synced_at, recorded_at",
                YEARS_OF_DAYS * 86400 / VISITS,
            )
            series(
                BOOKINGS,
                f"'bench-booking-' || i, 'bench-shop-' || printf('%02d', i % {SHOPS}), 'Shop ' || (i % {SHOPS}), 'bench-contact-' || (i % {CONTACTS}), '', '', '', t,"
                " CASE WHEN i % 4 IN (1, 2) THEN t END, 2, '', CASE i % 4 WHEN 0 THEN 'created' WHEN 1 THEN 'in progress' WHEN 2 THEN 'completed' ELSE 'canceled' END, 1, 1, t, t",
                booking_table, "uuid, shop_uuid, shop_name, contact_uuid, contact_email, external_id, source, starts_at, checked_in_at, number_of_people, company_name, status,"
                " made_here, confirmed, created_at, updated_at",
                YEARS_OF_DAYS * 86400 / BOOKINGS,
            )
    filled = time.perf_counter() - started
    first, last = MirroredTransaction.objects.order_by("day").values_list("day", flat=True).first(), MirroredTransaction.objects.order_by("-day").values_list("day", flat=True).first()
    with transaction.atomic():
        rows = recompute_days(first, last + dt.timedelta(days=1))
    computed = time.perf_counter() - started - filled
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"VACUUM ANALYZE {mirror_table}")
        if connection.vendor == "postgresql":
            for table in (DailyShopFigures._meta.db_table, visit_table, booking_table):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return {"fill_seconds": round(filled, 1), "daily_seconds": round(computed, 1), "daily_rows": rows}


def measure_page(runs: int) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from leatadmin.figures.models import DailyShopFigures, MirroredTransaction

    last = DailyShopFigures.objects.order_by("-day").values_list("day", flat=True).first()
    asked = {"shop": "bench-shop-03", "period": "days", "date_from": (last - dt.timedelta(days=89)).isoformat(), "date_to": last.isoformat()}
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", password=secrets.token_urlsafe(12))
    client = Client()
    client.force_login(user)
    first = client.get("/figures/", asked)
    html = first.content.decode()
    assert first.status_code == 200 and html.count('class="figures-table"') == 6, (first.status_code, html[:500])
    for _ in range(5):
        client.get("/figures/", asked)  # warm-up
    rss_before = rss_mb()
    samples, htmx, every_shop = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        client.get("/figures/", asked)
        samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        client.get("/figures/", asked, HTTP_HX_REQUEST="true")
        htmx.append(time.perf_counter() - started)
    for _ in range(max(5, runs // 4)):
        started = time.perf_counter()
        client.get("/figures/", {**asked, "shop": ""})
        every_shop.append(time.perf_counter() - started)
    return {
        "transactions": MirroredTransaction.objects.count(), "daily_rows": DailyShopFigures.objects.count(), "page_bytes": len(first.content),
        "page": summary(samples), "htmx": summary(htmx), "all_shops": summary(every_shop),
        "rss_mb": {"before": round(rss_before, 1), "after": round(rss_mb(), 1)},
    }


def part_page(args) -> dict:
    django_on(args.database, args.db_name)
    transactions = args.sqlite_transactions if args.database == "sqlite" and args.sqlite_transactions else args.transactions
    result = {"database": args.database, **fill(transactions)}
    result.update(measure_page(args.runs))
    return result


# --- 2. The mirror's read --------------------------------------------------------------------------


def sandbox_with(transactions: int, path: Path) -> None:
    """A sandbox holding the seed's contacts and shops and `transactions` more, ten a second (whole-second ties, as Leat's)."""
    from leatadmin.sandbox.db import Store
    from leatadmin.sandbox.seed import seed

    store = Store(path)
    seed(store)
    with store.write() as conn:
        first_contact, contacts = conn.execute("SELECT min(id), count(*) FROM contacts").fetchone()
        first_shop, shops = conn.execute("SELECT min(id), count(*) FROM shops").fetchone()
        conn.execute(
            "INSERT INTO transactions (uuid, contact_id, type, credits, shop_id, unit_value, created_at)"
            f" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {transactions})"
            f" SELECT printf('00000000-0000-4000-9000-%012d', i), {first_contact} + i % {contacts},"
            " CASE WHEN i % 9 = 0 THEN 'reward_reception' ELSE 'credit_reception' END, CASE WHEN i % 9 = 0 THEN -10 ELSE 1 + i % 40 END,"
            f" {first_shop} + i % {shops}, CASE WHEN i % 9 = 0 THEN NULL ELSE printf('%.2f', (250 + i % 4000) / 100.0) END,"
            " strftime('%Y-%m-%dT%H:%M:%S+00:00', 1735689600 + i / 10, 'unixepoch') FROM n"
        )
        # Leat lists its transactions oldest first from a moment on as any indexed table does; the
        # sandbox indexes them by contact only, and would sort the million again for every page.
        conn.execute("CREATE INDEX IF NOT EXISTS bench_transactions_created ON transactions (created_at, id)")


def fetch_only() -> tuple[float, int]:
    """The mirror's requests, in its passes and its window, fetched and dropped unread
    (only where the next pass starts is looked for in the body). Returns seconds and pages."""
    from leatadmin.core.leat import leat
    from leatadmin.core.paging import pages_in_order
    from leatadmin.figures import mirror
    from leatadmin.leat.resource import iso

    client = leat()
    url = client.url("loyalty-transactions")
    pages, after, first = 0, None, 1
    started = time.perf_counter()
    while True:
        def fetch(number: int, after=after, first=first) -> mirror.MirrorPage:
            params = {"sort": "created_at", "page": first - 1 + number, "limit": mirror.PAGE_SIZE, **({"created_at[gt]": iso(after)} if after else {})}
            answer = client.session.get(url, params=params, timeout=client.timeout)
            answer.raise_for_status()
            body = answer.content
            meta = json.loads(body[body.rfind(b'"meta"') + 7 : -1])
            at = body.rfind(b'"created_at":')
            last = body[at + 13 : body.index(b",", at)].strip(b' "').decode() if at > 0 else ""
            count = meta["viewing_to"] - meta["viewing_from"] + 1 if meta["viewing_to"] else 0
            return mirror.MirrorPage(
                items=[last] * count, page=number, last_page=max(1, min(meta["last_page"] - (first - 1), mirror.PASS_PAGES)), total=meta["total"], per_page=mirror.PAGE_SIZE,
                leat_page=first - 1 + number, leat_last_page=meta["last_page"],
            )

        last_page, read, cursor = None, 0, None
        for page in pages_in_order(fetch, threads=mirror.PARALLEL_PAGES, name="fetch-only"):
            pages, read, last_page = pages + 1, read + 1, page
            if page.items:
                cursor = page.items[-1]
        if last_page is None or (last_page.leat_page >= last_page.leat_last_page and len(last_page.items) < mirror.PAGE_SIZE):
            break
        moved = dt.datetime.fromisoformat(cursor) - mirror.REREAD if cursor else after
        after, first = (moved, 1) if moved != after else (after, first + read)
    return time.perf_counter() - started, pages


def part_mirror(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-mirror-"))
    sandbox_with(args.mirror, tmp / "sandbox.sqlite3")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    key = "bench-" + secrets.token_urlsafe(12)
    env = {**os.environ, "LEAT_API_KEY": key, "DJANGO_SETTINGS_MODULE": "leatadmin.settings", "LEATADMIN_TESTING": "1"}
    sandbox = subprocess.Popen([PYTHON, "manage.py", "runsandbox", f"127.0.0.1:{port}", "--db", str(tmp / "sandbox.sqlite3"), "--latency-ms", str(args.latency_ms), "--rate-limit", "100000000"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        django_on(args.database, args.db_name + "_mirror")
        from django.conf import settings

        settings.LEAT_API_URL, settings.LEAT_API_KEY = f"http://127.0.0.1:{port}", key
        from leatadmin.figures import mirror
        from leatadmin.figures.models import DailyShopFigures, MirroredShop, MirroredTransaction, MirrorRun

        for model in (MirroredTransaction, DailyShopFigures, MirroredShop, MirrorRun):
            model.objects.all().delete()
        from django.db import connection

        with connection.cursor() as cursor:  # the database process the read writes through (same machine)
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT NULL")
            (database_pid,) = cursor.fetchone()

        def cpu() -> dict:
            return {"app": time.process_time(), "leat": bench_search.cpu_seconds(sandbox.pid), **({"database": bench_search.cpu_seconds(database_pid)} if database_pid else {})}

        def per_page(before: dict, after: dict, pages: int) -> dict:
            return {name: round((after[name] - before[name]) / pages * 1000, 1) for name in before if before[name] is not None and after.get(name) is not None}

        fetch_cpu = cpu()
        fetch_seconds, fetch_pages = fetch_only()
        fetch_cpu = per_page(fetch_cpu, cpu(), fetch_pages)
        load_before = os.getloadavg()[0]
        memory: list[tuple[int, float]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.25):
                run = MirrorRun.objects.only("done").first()
                memory.append((run.done if run else 0, rss_mb()))

        sampler = threading.Thread(target=sample, daemon=True)
        start_rss = rss_mb()
        started = time.perf_counter()
        sampler.start()
        read_cpu = cpu()
        run = mirror.mirror_start(resume=False, here=True)
        elapsed = time.perf_counter() - started
        read_cpu = per_page(read_cpu, cpu(), fetch_pages)
        stop.set()
        sampler.join()

        def rss_at(share: float) -> float:
            return next((rss for done, rss in memory if done >= run.done * share), start_rss)

        return {
            "database": args.database, "status": run.status, "failure": run.failure, "read": run.done, "kept": MirroredTransaction.objects.count(),
            "daily_rows": DailyShopFigures.objects.count(), "seconds": round(elapsed, 1), "per_second": round(run.done / elapsed),
            "fetch_only_seconds": round(fetch_seconds, 1), "fetch_only_pages": fetch_pages, "fetch_only_per_second": round(run.done / fetch_seconds),
            "share_of_fetch_only": round(fetch_seconds / elapsed, 3), "latency_ms": args.latency_ms, "pages_in_flight": mirror.PARALLEL_PAGES,
            "pass_pages": mirror.PASS_PAGES, "cores": os.cpu_count(), "cpu_ms_per_page": read_cpu, "fetch_only_cpu_ms_per_page": fetch_cpu,
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "rss_mb": {"start": round(start_rss), "after_10_percent": round(rss_at(0.1)), "after_50_percent": round(rss_at(0.5)),
                       "at_the_end": round(memory[-1][1] if memory else start_rss), "peak": round(max([rss for _, rss in memory] or [start_rss]))},
        }
    finally:
        sandbox.terminate()
        sandbox.wait(10)


# --- Orchestration ---------------------------------------------------------------------------------


def child(part: str, database: str, args) -> dict:
    command = [PYTHON, __file__, "--part", part, "--database", database, "--transactions", str(args.transactions), "--mirror", str(args.mirror),
               "--latency-ms", str(args.latency_ms), "--runs", str(args.runs), "--db-name", args.db_name, "--sqlite-transactions", str(args.sqlite_transactions or 0)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        return {"error": result.stderr[-3000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(results: dict) -> None:
    print("\n== The shop's figures")
    for database, target in (("postgresql", PAGE_TARGET_MS), ("sqlite", None)):
        found = results.get(f"page_{database}")
        if found is None:
            continue
        if "error" in found:
            print(f"  figures page on {database}: failed\n{found['error']}")
            continue
        p, h, a, m = found["page"], found["htmx"], found["all_shops"], found["rss_mb"]
        verdict = f" [target p95 <= {target} ms: {'met' if p['p95_ms'] <= target else 'NOT met'}]" if target else " (stated; the target is PostgreSQL's)"
        print(f"  figures page, one shop x 90 days, {found['transactions']:,} mirrored transactions ({found['daily_rows']:,} daily rows) on {database}: "
              f"median {p['median_ms']} ms, p95 {p['p95_ms']} ms{verdict}")
        print(f"      htmx part median {h['median_ms']} ms, p95 {h['p95_ms']} ms; all shops median {a['median_ms']} ms, p95 {a['p95_ms']} ms; "
              f"{found['page_bytes']:,} bytes; memory (RSS) {m['before']} MB before {p['runs'] * 2} requests, {m['after']} MB after")
        if found.get("fill_seconds"):
            print(f"      (filled in {found['fill_seconds']} s, daily figures computed in {found['daily_seconds']} s)")
    b = results.get("mirror", {})
    if "error" in b:
        print(f"  mirror read: failed\n{b['error']}")
    elif b:
        share = b["share_of_fetch_only"]
        print(f"  mirror read of {b['read']:,} transactions ({b['kept']:,} kept, {b['daily_rows']:,} daily rows) into {b['database']}, {b['latency_ms']:g} ms a Leat page, "
              f"{b['pages_in_flight']} in flight, passes of {b['pass_pages']} pages: {b['seconds']} s, {b['per_second']:,}/s")
        print(f"      against fetching the same {b['fetch_only_pages']:,} pages and dropping them: {b['fetch_only_seconds']} s, {b['fetch_only_per_second']:,}/s: "
              f"{share:.0%} [target >= {MIRROR_TARGET_SHARE:.0%}: {'met' if share >= MIRROR_TARGET_SHARE else 'NOT met'}] ({b['status']}{': ' + b['failure'] if b['failure'] else ''})")
        cpu, fetch_cpu = b["cpu_ms_per_page"], b["fetch_only_cpu_ms_per_page"]
        print("      CPU per page: " + ", ".join(f"{name} {ms:g} ms" for name, ms in cpu.items()) + " (fetching and dropping: " + ", ".join(f"{name} {ms:g} ms" for name, ms in fetch_cpu.items())
              + f") on {b['cores']} cores; load average {b['load_before']} before, {b['load_after']} after")
        m = b["rss_mb"]
        print(f"      memory (RSS) {m['start']} MB at start, {m['after_10_percent']} MB after 10%, {m['after_50_percent']} MB after 50%, {m['at_the_end']} MB at the end, peak {m['peak']} MB")


def missed(results: dict) -> list[str]:
    """The targets this run missed (a part that failed misses its own)."""
    said = []
    page = results.get("page_postgresql")
    if page is not None and ("error" in page or page["page"]["p95_ms"] > PAGE_TARGET_MS):
        said.append(f"figures page on PostgreSQL: p95 above {PAGE_TARGET_MS} ms" if "error" not in page else "figures page on PostgreSQL: failed")
    if "error" in results.get("page_sqlite", {}):
        said.append("figures page on SQLite: failed")
    read = results.get("mirror")
    if read is not None and ("error" in read or read["status"] != "done" or read["share_of_fetch_only"] < MIRROR_TARGET_SHARE):
        said.append(f"mirror read: below {MIRROR_TARGET_SHARE:.0%} of fetching and dropping" if "error" not in read and read["status"] == "done" else "mirror read: failed")
    return said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transactions", type=int, default=5_000_000)
    parser.add_argument("--mirror", type=int, default=1_000_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", choices=["page", "mirror"])
    parser.add_argument("--json", default="bench-figures-results.json", help="where the results go, in the project's folder (bench-*-results.json)")
    parser.add_argument("--db-name", default="leatadmin_bench_figures", help="the PostgreSQL database (and <name>_mirror for the read), kept between runs; SQLite's is var/bench-<its last words>.sqlite3")
    parser.add_argument("--sqlite-transactions", type=int, default=0, help="mirrored transactions for SQLite's page figure (default: as many as --transactions)")
    parser.add_argument("--part", choices=["page", "mirror"], help=argparse.SUPPRESS)
    parser.add_argument("--database", default="postgresql", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        print(json.dumps(part_page(args) if args.part == "page" else part_mirror(args)))
        return
    results: dict = {}
    if args.only in (None, "page"):
        for database in ("postgresql", "sqlite"):
            print(f"Figures page on {database} ({args.transactions:,} mirrored transactions) ...", flush=True)
            results[f"page_{database}"] = child("page", database, args)
    if args.only in (None, "mirror"):
        print(f"Mirror read of {args.mirror:,} transactions ...", flush=True)
        results["mirror"] = child("mirror", "postgresql", args)
    report(results)
    failed = missed(results)
    results["targets_missed"] = failed
    Path(ROOT / args.json).write_text(json.dumps(results, indent=2))
    if failed:
        print("  Targets missed: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
