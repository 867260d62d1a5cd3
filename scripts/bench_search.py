"""The contact directory's benchmark (part of `make bench`): search at scale,
the backfill's rate, a webhook's processing time.

1. Fills the directory with ROWS contacts (default 1,000,000; PostgreSQL by
   COPY, SQLite by executemany with its FTS5 triggers) and measures the
   search (the selector, and the lookup view as staff post it) over varied
   queries: part of a name, name and city, a phone number in another
   notation, part of an email, a postcode, a card. Target: p95 under 100 ms
   on PostgreSQL, under 300 ms on SQLite.
2. A webhook (signed `contact_updated`, through the endpoint) with the
   directory at that size. Target: under 20 ms.
3. The backfill of BACKFILL contacts (default 100,000) from a sandbox with
   LATENCY ms per request (a separate process), into PostgreSQL: contacts per
   second against the rate Leat's pages allow, measured in the same run (the
   backfill's client and window fetching the same pages and dropping them
   unread; as context, the ideals from latency alone), the CPU per page of
   each process, and the process's memory along the way (flat: it does not
   grow with the count).

A script, not a test: it asserts nothing, it reports (and writes JSON).

    python scripts/bench_search.py [--rows 1000000] [--backfill 100000] [--latency-ms 50] [--only search|backfill]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import importlib
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://leatadmin:leatadmin@127.0.0.1:5432/leatadmin_bench")

FIRST = ["Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Gijs", "Hanna", "Ilse", "Jasper", "Julia", "Lars", "Lotte", "Mees", "Noor", "Olaf", "Pien",
         "Quinten", "Rosa", "Sem", "Tess", "Ugo", "Vera", "Wouter", "Yara", "Zoë", "Aïcha", "Mohammed", "Sofia", "Luuk", "Fenna", "Milan", "José", "Renée",
         "Eline", "Thijs", "Sven", "Mila", "Nina", "Ruben", "Kees", "Marloes", "Joost", "Bart", "Iris", "Femke", "Sanne", "Koen", "Maud", "Floor"]
PREFIX = ["", "", "", "de ", "van ", "van der ", "van den ", "ter "]
STEMS = ["Vries", "Jansen", "Berg", "Bakker", "Visser", "Smit", "Meijer", "Boer", "Mulder", "Groot", "Bos", "Vos", "Peters", "Hendriks", "Leeuwen",
         "Dekker", "Brouwer", "Wit", "Dijkstra", "Smits", "Amrani", "Yılmaz", "Nguyen", "Koster", "Prins", "Huisman", "Kuipers", "Veenstra", "Kok",
         "Schouten", "Jacobs", "Post", "Vermeulen", "Zwart", "Maas", "Verhoeven", "Gerritsen", "Willems", "Hoekstra", "Kramer", "Bosch", "Haan"]
SUFFIX = ["", "", "", "s", "ink", "ma", "stra", "huis", "man", "hof"]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Haarlem", "Leiden", "Tilburg", "Almere", "Breda", "Nijmegen",
          "Arnhem", "Zwolle", "Maastricht", "Delft", "Zaandam", "Alkmaar", "Enschede", "Apeldoorn", "Amersfoort", "Hilversum", "Gouda", "Dordrecht"]
TIERS = ["", "", "Bronze", "Silver", "Gold"]


def person(i: int) -> dict:
    """Contact number `i`, the same every run."""
    rng = random.Random(i * 7919 + 17)
    first = rng.choice(FIRST)
    last = (rng.choice(PREFIX) + rng.choice(STEMS) + rng.choice(SUFFIX)).strip()
    local = f"{first}.{last}".lower().replace(" ", "")
    return {
        "uuid": f"00000000-0000-4000-8000-{i:012d}",
        "email": f"{local}{i}@example.{rng.choice(['com', 'nl', 'org'])}",
        "first": first, "last": last,
        "phone": f"+31 6 {rng.randint(10000000, 99999999)}",
        "postcode": f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
        "city": rng.choice(CITIES),
        "card": f"CARD-{5_000_000 + i}" if i % 4 == 0 else "",
        "tier": rng.choice(TIERS),
        "changed": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+00:00",
    }


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2), "max_ms": round(ordered[-1] * 1000, 2), "runs": len(ordered)}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- Django, on the bench's own database ----------------------------------------------------


def django_on(database: str, tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ.pop("DATABASE_URL", None)
    import tests.settings as bench_settings

    if database == "postgresql":
        import environ
        import psycopg

        config = environ.Env.db_url_config(PG_URL)
        with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"], dbname="postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)).fetchone():
                conn.execute(f'CREATE DATABASE "{config["NAME"]}"')
        bench_settings.DATABASES = {"default": config}
    else:
        (ROOT / "var").mkdir(exist_ok=True)  # kept between runs, like the PostgreSQL one: filling takes minutes
        bench_settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(ROOT / "var" / f"bench-{tmp.name.split('-')[2]}.sqlite3"), "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}}
    bench_settings.LOGGING = {"version": 1, "disable_existing_loggers": True}
    # Search alone: a card-like query asks Leat first, here a closed port that refuses at once.
    bench_settings.LEAT_API_URL, bench_settings.LEAT_RETRIES = "http://127.0.0.1:9", 0
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(rows: int) -> float:
    """The directory holding `rows` contacts (kept between runs on PostgreSQL); returns seconds spent."""
    from django.db import connection

    from leatadmin.directory.models import DirectoryContact
    from leatadmin.directory.services import directory_row
    from leatadmin.leat.models import Contact, Tier

    if DirectoryContact.objects.count() == rows:
        return 0.0
    started = time.perf_counter()
    DirectoryContact.objects.all().delete()
    columns = ["uuid", "email", "first_name", "last_name", "phone", "phone_key", "postcode", "city", "cards", "tier", "last_changed", "name_key", "first_key", "last_key", "search", "synced_at"]

    def values(i: int) -> tuple:
        p = person(i)
        contact = Contact(
            uuid=p["uuid"], email=p["email"], tier=Tier(uuid=None, name=p["tier"]) if p["tier"] else None,
            current_values={"firstname": p["first"], "lastname": p["last"], "phonenumber": p["phone"], "postalcode": p["postcode"], "city": p["city"],
                            "default_contact_identifier": p["card"] or None, "updated_at": p["changed"]},
        )
        row = directory_row(contact)
        return tuple(getattr(row, name) for name in columns)

    # The text index is built once after the rows are in (as a restore would), not row by row.
    text_index = importlib.import_module("leatadmin.directory.migrations.0002_search_index")
    chunk = 50_000
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in text_index.POSTGRESQL_BACK:
                cursor.execute(statement)
            raw = cursor.cursor
            with raw.copy(f"COPY directory_directorycontact ({', '.join(columns)}) FROM STDIN") as copy:
                for i in range(rows):
                    copy.write_row(values(i))
            for statement in text_index.POSTGRESQL:
                cursor.execute(statement)
            cursor.execute("ANALYZE directory_directorycontact")
        else:
            for statement in text_index.SQLITE_BACK:
                cursor.execute(statement)
            placeholders = ", ".join("?" for _ in columns)
            for start in range(0, rows, chunk):
                with connection.cursor() as c:
                    c.execute("BEGIN")
                    c.executemany(f"INSERT INTO directory_directorycontact ({', '.join(columns)}) VALUES ({placeholders})", [values(i) for i in range(start, min(rows, start + chunk))])
                    c.execute("COMMIT")
            for statement in text_index.SQLITE:
                cursor.execute(statement)
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def queries(rows: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(2026)
    out = []
    kinds = ["part of a name", "first and last name", "name and city", "phone, other notation", "part of an email", "postcode", "card number", "last name only"]
    for n in range(count):
        p = person(rng.randrange(rows))
        kind = kinds[n % len(kinds)]
        digits = p["phone"].replace("+31 6 ", "")
        text = {
            "part of a name": p["last"].split()[-1][:5].lower(),
            "first and last name": f"{p['first']} {p['last']}".lower(),
            "name and city": f"{p['first'].upper()} {p['last'].split()[-1]}, {p['city']}",
            "phone, other notation": f"06-{digits[:4]} {digits[4:]}",
            "part of an email": p["email"].split("@")[0][:-2],
            "postcode": p["postcode"].lower(),
            "card number": f"CARD-{5_000_000 + rng.randrange(0, rows, 4)}",
            "last name only": p["last"],
        }[kind]
        out.append((kind, text))
    return out


def measure_search(rows: int, count: int) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from leatadmin.directory.selectors import directory_search

    asked = queries(rows, count)
    for _, text in asked[:20]:
        directory_search(query=text)  # warm-up
    by_kind: dict[str, list[float]] = {}
    found = 0
    for kind, text in asked:
        started = time.perf_counter()
        results = directory_search(query=text)
        by_kind.setdefault(kind, []).append(time.perf_counter() - started)
        found += bool(results)
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", password=secrets.token_urlsafe(12))
    client = Client()
    client.force_login(user)
    view = []
    for kind, text in asked:
        if kind == "card number":
            continue  # a card goes to Leat first: not the directory's time
        started = time.perf_counter()
        client.post("/contacts/", {"q": text})
        view.append(time.perf_counter() - started)
    every = [s for samples in by_kind.values() for s in samples]
    return {"selector": summary(every), "view": summary(view), "by_kind": {k: summary(v) for k, v in by_kind.items()}, "found_share": round(found / len(asked), 3)}


def measure_webhooks(rows: int, count: int) -> dict:
    from django.test import Client

    from leatadmin.directory.models import WebhookSubscription
    from leatadmin.sandbox.webhooks import json_encode, payload

    secret = "bench-secret"
    WebhookSubscription.objects.get_or_create(uuid="bench", defaults={"event_type": "contact_updated", "url": "http://bench/", "secret": secret})
    client = Client()
    samples = []
    rng = random.Random(7)
    for n in range(count):
        p = person(rng.randrange(rows))
        body = json_encode(payload("contact_updated", {"uuid": p["uuid"], "email": p["email"], "current_values": {
            "firstname": p["first"], "lastname": p["last"], "city": "Zwolle", "phonenumber": p["phone"], "updated_at": f"2026-06-01T10:{n // 60 % 60:02d}:{n % 60:02d}+00:00"}}))
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        started = time.perf_counter()
        answer = client.post("/webhooks/leat/", body, content_type="application/json", HTTP_SIGNATURE=signature)
        samples.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.content
    return summary(samples[5:])


def part_search(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-search-"))
    django_on(args.database, tmp)
    filled = fill(args.rows)
    result = {"database": args.database, "rows": args.rows, "fill_seconds": round(filled, 1)}
    result["search"] = measure_search(args.rows, args.queries)
    result["webhook"] = measure_webhooks(args.rows, 200)
    return result


# --- The backfill ------------------------------------------------------------------------------


def sandbox_with(contacts: int, path: Path) -> None:
    """A sandbox holding `contacts` generated contacts besides the seed's: created a second apart, a
    quarter with a loyalty card, most with a tier, as a real account's are."""
    from leatadmin.sandbox.db import Store
    from leatadmin.sandbox.seed import seed

    store = Store(path)
    seed(store, contacts=10)
    started = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with store.write() as conn:
        tiers = [row[0] for row in conn.execute("SELECT id FROM tiers ORDER BY position")]
        rows, cards = [], []
        for i in range(contacts):
            p = person(i)
            attributes = {"firstname": p["first"], "lastname": p["last"], "phonenumber": p["phone"], "postalcode": p["postcode"], "city": p["city"]}
            created = (started + dt.timedelta(seconds=i)).isoformat()
            tier = tiers[TIERS.index(p["tier"]) - 2] if p["tier"] and tiers else None
            rows.append((p["uuid"], p["email"], json.dumps(attributes), tier, created, created))
            if p["card"]:
                cards.append((p["card"], p["uuid"]))
        conn.executemany("INSERT INTO contacts (uuid, email, channel, attributes, tier_id, created_at, updated_at) VALUES (?, ?, 'OAUTH_API', ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO contact_identifiers (value, contact_id) VALUES (?, (SELECT id FROM contacts WHERE uuid = ?))", cards)


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of process `pid` so far (Linux), or None if it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def page_latency(url: str, key: str, pages: int) -> float:
    """Leat's latency for one page of 100 contacts, alone (median of pages spread over the list):
    the added latency plus the time the sandbox takes to build and send 1.7 MB."""
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    samples = []
    for number in range(1, pages + 1, max(1, pages // 15)):
        started = time.perf_counter()
        answer = session.get(f"{url}/api/v3/oauth/clients/contacts", params={"page": number, "limit": 100, "sort": "created_at"}, timeout=30)
        answer.raise_for_status()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def fetch_only(pages: int, sandbox_pid: int) -> tuple[float, dict]:
    """The rate Leat's pages allow: the backfill's client, in the backfill's window
    (`pages_in_order`, PARALLEL_PAGES in flight), fetching the same pages and
    dropping each unread (no parsing, no database). Returns seconds, and the
    CPU per page of this process and of the sandbox."""
    from leatadmin.core.leat import leat
    from leatadmin.core.paging import pages_in_order
    from leatadmin.directory import backfill
    from leatadmin.leat.models import Page

    client = leat()
    url = client.url("contacts")

    def fetch(number: int) -> Page:
        answer = client.session.get(url, params={"page": number, "limit": backfill.PAGE_SIZE, "sort": "created_at"}, timeout=client.timeout)
        answer.raise_for_status()
        answer.content  # noqa: B018 (the whole body read, as the backfill reads it)
        return Page(items=[], page=number, last_page=pages, total=0, per_page=backfill.PAGE_SIZE)

    cpu_before = {"app": time.process_time(), "leat": cpu_seconds(sandbox_pid)}
    started = time.perf_counter()
    for _ in pages_in_order(fetch, threads=backfill.PARALLEL_PAGES, name="fetch-only"):
        pass
    seconds = time.perf_counter() - started
    cpu_after = {"app": time.process_time(), "leat": cpu_seconds(sandbox_pid)}
    return seconds, {name: round((cpu_after[name] - cpu_before[name]) / pages * 1000, 1) for name in cpu_before if None not in (cpu_before[name], cpu_after[name])}


def part_backfill(args) -> dict:
    import socket

    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-backfill-"))
    sandbox_with(args.backfill, tmp / "sandbox.sqlite3")
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
        global PG_URL
        PG_URL = PG_URL.rsplit("/", 1)[0] + "/leatadmin_bench_backfill"
        django_on(args.database, tmp)
        from django.conf import settings
        from django.db import connection

        settings.LEAT_API_URL, settings.LEAT_API_KEY = f"http://127.0.0.1:{port}", key
        from leatadmin.directory import backfill
        from leatadmin.directory.models import DirectoryBackfill, DirectoryContact

        DirectoryContact.objects.all().delete()
        DirectoryBackfill.objects.all().delete()
        pages = -(-(args.backfill + 10) // backfill.PAGE_SIZE)
        latency = page_latency(settings.LEAT_API_URL, key, pages)
        fetched_before = fetch_only(pages, sandbox.pid)
        with connection.cursor() as cursor:  # the database process the run writes through (same machine)
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT NULL")
            (database_pid,) = cursor.fetchone()
        memory: list[tuple[int, float]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.25):
                run = DirectoryBackfill.objects.only("done").first()
                memory.append((run.done if run else 0, rss_mb()))

        sampler = threading.Thread(target=sample, daemon=True)
        start_rss = rss_mb()
        cpu_before = {"app": time.process_time(), "leat": cpu_seconds(sandbox.pid), "database": cpu_seconds(database_pid) if database_pid else None}
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        sampler.start()
        run = backfill.backfill_start(resume=False, here=True)
        elapsed = time.perf_counter() - started
        cpu_after = {"app": time.process_time(), "leat": cpu_seconds(sandbox.pid), "database": cpu_seconds(database_pid) if database_pid else None}
        stop.set()
        sampler.join()
        # Fetched again after the run: the faster of the two is the ideal (the higher bar).
        fetched_after = fetch_only(pages, sandbox.pid)
        fetch_seconds, fetch_cpu = min(fetched_before, fetched_after, key=lambda fetched: fetched[0])
        pages = -(-run.done // backfill.PAGE_SIZE)
        # Context: every page waiting only for Leat, PARALLEL_PAGES at a time (as the export's benchmark counts it).
        ideal_seconds = pages / backfill.PARALLEL_PAGES * latency
        nominal_seconds = pages / backfill.PARALLEL_PAGES * args.latency_ms / 1000
        cpu_ms = {name: round((cpu_after[name] - cpu_before[name]) / pages * 1000, 1) for name in cpu_before if cpu_before[name] is not None and cpu_after[name] is not None}
        def rss_at(share: float) -> float:
            return next((rss for done, rss in memory if done >= run.done * share), start_rss)

        return {
            "database": args.database, "contacts": run.done, "status": run.status, "pages": pages, "seconds": round(elapsed, 1),
            "latency_ms": args.latency_ms, "measured_latency_ms": round(latency * 1000, 1), "pages_in_flight": backfill.PARALLEL_PAGES,
            "contacts_per_second": round(run.done / elapsed),
            "fetch_only_seconds": round(fetch_seconds, 1), "fetch_only_contacts_per_second": round(run.done / fetch_seconds),
            "share_of_fetch_only": round(fetch_seconds / elapsed, 2), "fetch_only_cpu_ms_per_page": fetch_cpu,
            "fetch_only_seconds_before_and_after": [round(fetched_before[0], 1), round(fetched_after[0], 1)],
            "ideal_seconds": round(ideal_seconds, 1),
            "ideal_contacts_per_second": round(run.done / ideal_seconds), "share_of_ideal": round(ideal_seconds / elapsed, 2),
            "nominal_ideal_contacts_per_second": round(run.done / nominal_seconds), "share_of_nominal_ideal": round(nominal_seconds / elapsed, 2),
            "cpu_ms_per_page": cpu_ms, "cores": os.cpu_count(), "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "rss_mb": {"start": round(start_rss), "after_10_percent": round(rss_at(0.1)), "after_50_percent": round(rss_at(0.5)),
                       "at_the_end": round(memory[-1][1] if memory else start_rss), "peak": round(max([rss for _, rss in memory] or [start_rss]))},
        }
    finally:
        sandbox.terminate()
        sandbox.wait(10)


# --- Orchestration -------------------------------------------------------------------------------


def child(part: str, database: str, args) -> dict:
    command = [PYTHON, __file__, "--part", part, "--database", database, "--rows", str(args.rows), "--backfill", str(args.backfill),
               "--latency-ms", str(args.latency_ms), "--queries", str(args.queries)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        return {"error": result.stderr[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(results: dict) -> None:
    print("\n== Contact directory")
    for database, target in (("postgresql", 100), ("sqlite", 300)):
        found = results.get(f"search_{database}")
        if found is None:
            continue
        if "error" in found:
            print(f"  search on {database}: failed\n{found['error']}")
            continue
        s, v, w = found["search"]["selector"], found["search"]["view"], found["webhook"]
        print(f"  search, {found['rows']:,} contacts on {database}: p95 {s['p95_ms']} ms (median {s['median_ms']}) "
              f"[target < {target} ms: {'met' if s['p95_ms'] < target else 'NOT met'}]; through the lookup view p95 {v['p95_ms']} ms")
        for kind, k in found["search"]["by_kind"].items():
            print(f"      {kind:<22} p95 {k['p95_ms']:>7} ms  median {k['median_ms']:>7} ms")
        print(f"  webhook on {database}: p95 {w['p95_ms']} ms (median {w['median_ms']}) [target < 20 ms: {'met' if w['p95_ms'] < 20 else 'NOT met'}]")
        if found["fill_seconds"]:
            print(f"      (filled in {found['fill_seconds']} s)")
    b = results.get("backfill", {})
    if "error" in b:
        print(f"  backfill: failed\n{b['error']}")
    elif b:
        cpu = b["cpu_ms_per_page"]
        total = sum(cpu.values())
        print(f"  backfill of {b['contacts']:,} contacts into {b['database']} ({b['pages']} pages of 100, {b['pages_in_flight']} in flight; "
              f"Leat's latency per page {b['measured_latency_ms']:g} ms measured alone: the sandbox answers {b['latency_ms']:g} ms after a call, or once its page is built if that takes longer, plus the transfer): {b['seconds']} s")
        f = b["fetch_only_cpu_ms_per_page"]
        print(f"      {b['contacts_per_second']:,} contacts/s against the rate Leat's pages allow, {b['fetch_only_contacts_per_second']:,}/s "
              f"(the same client fetching the same pages, {b['pages_in_flight']} in flight, and dropping them unread: {b['fetch_only_seconds']} s, "
              f"the faster of before and after the backfill, {' and '.join(f'{x:g}' for x in b['fetch_only_seconds_before_and_after'])} s; "
              f"CPU per page " + ", ".join(f"{name} {ms:g} ms" for name, ms in f.items()) + f"): {b['share_of_fetch_only']:.0%}")
        print(f"      context: against pages / pages in flight x latency measured alone ({b['ideal_contacts_per_second']:,}/s) {b['share_of_ideal']:.0%}, "
              f"x the {b['latency_ms']:g} ms latency alone ({b['nominal_ideal_contacts_per_second']:,}/s) {b['share_of_nominal_ideal']:.0%}")
        print("      CPU per page: " + ", ".join(f"{name} {ms:g} ms" for name, ms in cpu.items()) + f" = {total:.0f} ms on {b['cores']} cores: "
              f"this machine cannot do better than {b['cores'] * 1000 / total * 100:,.0f} contacts/s; the app alone, on a core of its own, "
              f"{1000 / cpu['app'] * 100:,.0f} contacts/s (load average {b['load_before']} before, {b['load_after']} after)")
        m = b["rss_mb"]
        print(f"      memory (RSS) {m['start']} MB at start, {m['after_10_percent']} MB after 10%, {m['after_50_percent']} MB after 50%, "
              f"{m['at_the_end']} MB at the end, peak {m['peak']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backfill", type=int, default=100_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--only", choices=["search", "backfill"])
    parser.add_argument("--json", default="bench-search-results.json")
    parser.add_argument("--part", choices=["search", "backfill"], help=argparse.SUPPRESS)
    parser.add_argument("--database", default="postgresql", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        result = part_search(args) if args.part == "search" else part_backfill(args)
        print(json.dumps(result))
        return
    results: dict = {}
    if args.only in (None, "search"):
        for database in ("postgresql", "sqlite"):
            print(f"Directory search on {database} ({args.rows:,} contacts) ...", flush=True)
            results[f"search_{database}"] = child("search", database, args)
    if args.only in (None, "backfill"):
        print(f"Backfill of {args.backfill:,} contacts ...", flush=True)
        results["backfill"] = child("backfill", "postgresql", args)
    report(results)
    Path(ROOT / args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
