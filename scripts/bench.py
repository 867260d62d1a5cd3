"""leatadmin's benchmark: how close each page gets to the Leat calls it needs.

Starts the sandbox with added latency per request (default 150 ms) and a
100,000-transaction account, starts the app under gunicorn with the
production settings, logs in, and measures over repeated runs (median, p95):

  1. looking a contact up by email until every panel is filled, and the
     contact page itself (by UUID), for a contact with 10 and with 100,000
     transactions;
  2. flipping to another page of transactions and changing the type filter;
  3. the visit and booking forms opening (shop picker included);
  4. exporting a 100,000-transaction account to CSV through the task queue
     (time against (pages / pages in flight) x Leat latency, the task
     worker's peak memory, progress read from the web workers);
  5. requests per second of the contact page with the sandbox at zero
     latency, beside a trivial page on the same server.

It counts the Leat calls each page view makes (the sandbox's counters) and
prints a table, plus a JSON file; times are also given as a ratio to the
slowest single Leat call the page needs. A script, not a test: it asserts
nothing, it reports.

    python scripts/bench.py [--latency-ms 150] [--runs 15] [--json bench-results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leatadmin.leat import LeatClient  # noqa: E402
from scripts.bench_browser import BrowserBench, report_browser  # noqa: E402

PYTHON = sys.executable
#: Full contact page views per second measured by the issue that made the page one request (#14).
BEFORE_VIEWS_PER_SECOND = 16.5
#: ... measured in the same run as this many requests per second of the trivial page.
BEFORE_TRIVIAL_RPS = 965
SMALL = "few.transactions@example.com"
LARGE = "big.account@example.com"


# --- Processes ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"Nothing started on port {port}.")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used so far."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# --- Measuring ----------------------------------------------------------------


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1), "runs": len(ordered)}


def timed(fn, runs: int) -> list[float]:
    fn()  # warm-up, not counted
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-"))
        self.sandbox_port, self.app_port = free_port(), free_port()
        self.key = "bench-" + secrets.token_urlsafe(16)
        self.password = secrets.token_urlsafe(12)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEAT_", "SANDBOX_"))},
            "DJANGO_SETTINGS_MODULE": "leatadmin.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{self.tmp / 'app.sqlite3'}",
            "LEAT_API_URL": f"http://127.0.0.1:{self.sandbox_port}",
            "LEAT_API_KEY": self.key,
            "SANDBOX_DB": str(self.tmp / "sandbox.sqlite3"),
            "MEDIA_ROOT": str(self.tmp / "files"),
            "STATIC_ROOT": str(self.tmp / "static"),
            # The deployment's shared cache (make bench starts Redis; see scripts/services.sh).
            "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on localhost
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.processes: list[subprocess.Popen] = []
        self.results: dict = {"latency_ms": args.latency_ms, "runs": args.runs}
        self.web = requests.Session()
        self.leat = LeatClient(f"http://127.0.0.1:{self.sandbox_port}", self.key, retries=0)
        self.control = requests.Session()
        self.control.headers["Authorization"] = f"Bearer {self.key}"

    # Setup -----------------------------------------------------------------

    def start(self) -> None:
        print(f"Preparing in {self.tmp} ...", flush=True)
        manage(self.env, "migrate", "--noinput", "-v0")
        manage(self.env, "collectstatic", "--noinput", "-v0")
        manage(self.env, "compile_translations", "-v0")
        print("  " + manage(self.env, "seed_sandbox", "--large").strip(), flush=True)
        manage(self.env, "shell", "-c", (
            "from django.contrib.auth.models import Group, User; "
            f"u = User.objects.create_user('bench', password='{self.password}'); "
            "u.groups.add(Group.objects.get(name='Supervisor'))"
        ))
        self.sandbox = self.spawn([PYTHON, "manage.py", "runsandbox", f"127.0.0.1:{self.sandbox_port}", "--latency-ms", str(self.args.latency_ms), "--rate-limit", "100000000"])
        self.worker = self.spawn([PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"])
        self.gunicorn = self.spawn(
            [str(Path(PYTHON).parent / "gunicorn"), "leatadmin.wsgi", "--bind", f"127.0.0.1:{self.app_port}", "--workers", str(self.args.workers), "--threads", str(self.args.threads), "--log-level", "warning"]
        )
        wait_for_port(self.sandbox_port)
        wait_for_port(self.app_port)
        self.login()
        self.warm()

    def warm(self) -> None:
        """Every web thread serves a few contact pages before anything is timed, as
        on a server that has been up: each thread has its database connection,
        each process its templates and cached definitions. One warm-up view per
        measurement warmed one thread of one worker, and the first figures paid
        for the rest."""
        uuid = self.leat.contacts.find_by_email(SMALL).uuid
        slots = self.args.workers * self.args.threads
        sessions = [requests.Session() for _ in range(slots)]
        for session in sessions:
            session.cookies.update(self.web.cookies)

        def views(session: requests.Session) -> None:
            for _ in range(3):
                session.get(self.url(f"/contacts/{uuid}/")).raise_for_status()

        threads = [threading.Thread(target=views, args=(session,)) for session in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def spawn(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.app_port}{path}"

    def login(self) -> None:
        page = self.web.get(self.url("/login/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.web.post(self.url("/login/"), data={"csrfmiddlewaretoken": token, "username": "bench", "password": self.password}, headers={"Referer": self.url("/login/")})
        if "sessionid" not in self.web.cookies:
            raise SystemExit(f"Could not log in to the app under test (HTTP {answer.status_code}).")
        self.csrf = self.web.cookies["csrftoken"]

    # Leat's own pace ---------------------------------------------------------

    def stats(self) -> dict:
        return self.control.get(f"http://127.0.0.1:{self.sandbox_port}/__sandbox/stats").json()

    def reset_stats(self) -> None:
        self.control.post(f"http://127.0.0.1:{self.sandbox_port}/__sandbox/stats/reset")

    def faults(self, **values) -> None:
        self.control.put(f"http://127.0.0.1:{self.sandbox_port}/__sandbox/faults", json=values)

    def single_calls(self, uuid: str, email: str, *, runs: int | None = None, names: tuple[str, ...] | None = None) -> dict:
        calls = {
            "find contact by email": lambda: self.leat.contacts.find_by_email(email),
            "get contact": lambda: self.leat.contacts.get(uuid),
            "transactions page": lambda: self.leat.transactions.list(contact_uuid=uuid, limit=10),
            "visits page": lambda: self.leat.visits.list(contact_uuid=uuid, limit=10),
            "cards": lambda: self.leat.identifiers.for_contact(uuid),
            "subscriptions": lambda: self.leat.subscriptions.list(uuid),
            "prepaid page": lambda: self.leat.prepaid.list(contact_uuid=uuid, page=1, limit=10),
            "shops": lambda: self.leat.shops.list(),
        }
        return {name: summary(timed(fn, runs or self.args.runs)) for name, fn in calls.items() if names is None or name in names}

    # Pages -------------------------------------------------------------------

    def contact_page(self, uuid: str) -> None:
        """The contact page is one streamed request (contacts/page.py): read it to its end."""
        answer = self.web.get(self.url(f"/contacts/{uuid}/"))
        answer.raise_for_status()
        if "</html>" not in answer.text:
            raise SystemExit("The contact page ended early.")

    def lookup_journey(self, email: str) -> None:
        # The lookup posts the email (no email in URLs) and is redirected to the contact page.
        page = self.web.post(self.url("/contacts/"), data={"csrfmiddlewaretoken": self.csrf, "q": email}, headers={"Referer": self.url("/")})
        page.raise_for_status()
        if "/contacts/" not in page.url or "</html>" not in page.text:
            raise SystemExit("The lookup did not end on a complete contact page.")

    def counted(self, fn) -> tuple[list[float], int]:
        """Time fn over the runs, and count the Leat calls of one run."""
        samples = timed(fn, self.args.runs)
        self.reset_stats()
        fn()
        return samples, self.stats()["total"]

    def measure_pages(self) -> None:
        contacts = {label: self.leat.contacts.find_by_email(email) for label, email in (("10 transactions", SMALL), ("100,000 transactions", LARGE))}
        self.results["single_calls"] = self.single_calls(contacts["100,000 transactions"].uuid, LARGE)
        needed = ("get contact", "transactions page", "visits page", "cards", "subscriptions", "prepaid page")
        slowest = max(self.results["single_calls"][name]["median_ms"] for name in needed)
        self.results["slowest_single_call_ms"] = slowest
        pages = {}
        for label, contact in contacts.items():
            email = SMALL if label.startswith("10 ") else LARGE
            uuid = contact.uuid
            rows = {
                "contact page, complete (one streamed request)": lambda uuid=uuid: self.contact_page(uuid),
                "lookup by email to complete contact page": lambda email=email: self.lookup_journey(email),
                "transactions: next page": lambda uuid=uuid: self.web.get(self.url(f"/contacts/{uuid}/transactions/?tx_page=2"), headers={"HX-Request": "true"}),
                "transactions: type filter": lambda uuid=uuid: self.web.get(
                    self.url(f"/contacts/{uuid}/transactions/?tx_type=reward_receptions"), headers={"HX-Request": "true", "HX-Trigger": "tx-filter"}
                ),
            }
            for name, fn in rows.items():
                samples, calls = self.counted(fn)
                pages[f"{name} ({label})"] = {**summary(samples), "leat_calls": calls, "ratio": round(statistics.median(samples) * 1000 / slowest, 2)}
        for name, path in (("visit form opens (shops cached)", "/visits/new/"), ("booking form opens (shops cached)", "/bookings/new/")):
            samples, calls = self.counted(lambda path=path: self.web.get(self.url(path)).raise_for_status())
            pages[name] = {**summary(samples), "leat_calls": calls, "ratio": None}
        self.results["pages"] = pages

    def measure_browser(self) -> None:
        contacts = {label: self.leat.contacts.find_by_email(email).uuid for label, email in (("10 transactions", SMALL), ("100,000 transactions", LARGE))}
        emails = {"10 transactions": SMALL, "100,000 transactions": LARGE}
        with BrowserBench(self) as browser:
            self.results["browser"] = browser.measure(contacts, emails)

    # Export -------------------------------------------------------------------

    def measure_export(self) -> None:
        big = self.leat.contacts.find_by_email(LARGE)
        workers = [self.worker.pid]  # the task worker runs the export, not the web workers
        baseline = max(rss_mb(pid) for pid in workers)
        peak = {"mb": baseline}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak["mb"] = max(peak["mb"], *(rss_mb(pid) for pid in workers))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        self.reset_stats()
        started = time.perf_counter()
        answer = self.web.post(self.url(f"/contacts/{big.uuid}/transactions/export/"), data={"csrfmiddlewaretoken": self.csrf}, headers={"Referer": self.url("/")}, allow_redirects=False)
        progress_url = self.url(answer.headers["Location"])
        seen_progress = set()
        while True:
            html = self.web.get(progress_url, headers={"HX-Request": "true"}).text
            found = re.search(r"\((\d+)%\)", html)
            if found:
                seen_progress.add(int(found.group(1)))
            if "Download CSV" in html or "export failed" in html:
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        download = self.web.get(self.url(re.search(r'href="([^"]+/download/)"', html).group(1)), stream=True)
        rows = sum(chunk.count(b"\n") for chunk in download.iter_content(65536)) - 1
        done.set()
        sampler.join()
        self.results["export"] = {
            "transactions": rows,
            "seconds": round(elapsed, 1),
            "leat_calls": self.stats()["total"],
            "worker_rss_before_mb": round(baseline, 1),
            "worker_rss_peak_mb": round(peak["mb"], 1),
            "progress_updates_seen": len(seen_progress),
            # 1,000 pages of 100, PARALLEL_PAGES in flight, each taking the sandbox's latency.
            "ideal_seconds": round(rows / 100 / 8 * self.args.latency_ms / 1000, 1),
        }
        self.results["export"]["ratio_to_ideal"] = round(elapsed / self.results["export"]["ideal_seconds"], 2) if self.results["export"]["ideal_seconds"] else None

    # Throughput -----------------------------------------------------------------

    def measure_throughput(self) -> None:
        """Short rounds of the trivial page then the contact page; the median round.
        On this shared machine the hypervisor takes up to half the CPU at times
        (top's steal): the two are measured side by side, in several short
        rounds, and the round in the middle is reported with the others beside it.
        Each measurement counts only if both web workers served it (`balanced`)."""
        self.faults(latency_ms=0)
        anna = self.leat.contacts.find_by_email("anna.devries@example.com")
        workers = children(self.gunicorn.pid)
        leat_side = [self.sandbox.pid, *children(self.sandbox.pid)]
        rounds = []
        for _ in range(self.args.throughput_rounds):
            trivial = self.balanced(["/livez"], workers, leat_side, htmx=True)
            # A full contact page view is one request now (it was a shell and four panel requests).
            contact = self.balanced([f"/contacts/{anna.uuid}/"], workers, leat_side, htmx=False)
            views = contact["requests_per_second"]
            relative = views / trivial["requests_per_second"] / (BEFORE_VIEWS_PER_SECOND / BEFORE_TRIVIAL_RPS)
            rounds.append({
                "trivial_page_rps": round(trivial["requests_per_second"], 1),
                "contact_page_views_per_second": round(views, 1),
                "app_cpu_ms_per_view": round(contact["app_cpu_ms"], 1),
                "sandbox_cpu_ms_per_view": round(contact["leat_cpu_ms"], 1),
                "ratio_to_before_relative": round(relative, 3),
                "tool": contact["tool"],
                "app_cpu_ms_per_trivial": round(trivial["app_cpu_ms"], 2),
                "unbalanced_runs_left_out": trivial["left_out"] + contact["left_out"],
                "balanced": trivial["balanced"] and contact["balanced"],
            })
        middle = sorted(rounds, key=lambda row: row["ratio_to_before_relative"])[len(rounds) // 2]
        self.results["throughput"] = {
            **middle,
            "rounds": rounds,
            "ratio_page_views_to_trivial": round(middle["contact_page_views_per_second"] / middle["trivial_page_rps"], 3),
            "before_views_per_second": BEFORE_VIEWS_PER_SECOND,
            "ratio_to_before": round(middle["contact_page_views_per_second"] / BEFORE_VIEWS_PER_SECOND, 2),
            "trivial_share_before": BEFORE_VIEWS_PER_SECOND / BEFORE_TRIVIAL_RPS,
            "unbalanced_runs_left_out": sum(row["unbalanced_runs_left_out"] for row in rounds),
        }
        self.faults(latency_ms=self.args.latency_ms)

    def balanced(self, paths: list[str], workers: list[int], leat_side: list[int], *, htmx: bool) -> dict:
        """One throughput run in which every web worker did its share of the work.

        wrk opens its connections in one burst and keeps them; the web workers
        share one listening socket, and the one that wakes first can accept
        every connection. The run then measures one worker (one core, one
        interpreter lock) instead of the server: the trivial page gave 270-420
        instead of 770-980 req/s and the contact page 15-26 instead of 36-46
        views/s, and such runs, landing on one side of a round or the other,
        made the rounds' ratios swing from 1.5 to 8 x. A run in which a worker
        did less than 60 % of its even share of the CPU is left out and made
        again (at most 8 times; the last one counts then, and is said)."""
        left_out = 0
        while True:
            before = [cpu_seconds([pid]) for pid in workers], cpu_seconds(leat_side)
            result = self.rate(paths, htmx=htmx)
            used = [cpu_seconds([pid]) - was for pid, was in zip(workers, before[0], strict=True)]
            served = max(result["requests_per_second"] * self.args.seconds, 1)
            # Without the workers' pids (no /proc children list) every run counts.
            fair = not workers or min(used) >= 0.6 * sum(used) / len(workers)
            if fair or left_out == 7 or result["tool"] != "wrk":
                return {
                    **result,
                    "balanced": fair,
                    "app_cpu_ms": sum(used) / served * 1000,
                    "leat_cpu_ms": (cpu_seconds(leat_side) - before[1]) / served * 1000,
                    "left_out": left_out,
                }
            left_out += 1

    def rate(self, paths: list[str], *, htmx: bool = True) -> dict:
        cookie = f"sessionid={self.web.cookies['sessionid']}; csrftoken={self.csrf}"
        if shutil.which("wrk"):
            hx = ", ['HX-Request'] = 'true'" if htmx else ""
            script = self.tmp / "paths.lua"
            script.write_text(
                "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
                "i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                f"  return wrk.format('GET', paths[i], {{['Cookie'] = {json.dumps(cookie)}{hx}}})\nend\n"
            )
            # As many connections as the server has threads: each request is answered, none queues past wrk's timeout.
            out = subprocess.run(["wrk", "-t2", f"-c{self.args.workers * self.args.threads}", "--latency", f"-d{self.args.seconds}s", "-s", str(script), self.url("/")], capture_output=True, text=True).stdout
            if os.environ.get("BENCH_SHOW_WRK"):
                print(out)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if errors:
                raise SystemExit(f"wrk saw {errors.group(1)} failed answers:\n{out}")
            return {"tool": "wrk", "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
        # Fallback: Python threads (the client then competes for the same two cores).
        count, stop = [0], time.monotonic() + self.args.seconds
        lock = threading.Lock()

        def worker() -> None:
            session = requests.Session()
            session.cookies.update(self.web.cookies)
            n = 0
            while time.monotonic() < stop:
                session.get(self.url(paths[n % len(paths)]), headers={"HX-Request": "true"} if htmx else {})
                n += 1
            with lock:
                count[0] += n

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return {"tool": "python threads", "requests_per_second": count[0] / self.args.seconds}

    # Report -----------------------------------------------------------------

    @staticmethod
    def report_pages(r: dict) -> list[str]:
        lines = ["", f"{'Leat call on its own':<58} {'median':>8} {'p95':>8}"]
        for name, row in r["single_calls"].items():
            lines.append(f"  {name:<56} {row['median_ms']:>6.0f}ms {row['p95_ms']:>6.0f}ms")
        lines += ["", f"Slowest single Leat call the contact page needs: {r['slowest_single_call_ms']:.0f} ms", ""]
        lines.append(f"{'Page':<58} {'median':>8} {'p95':>8} {'x slowest':>10} {'Leat calls':>11}")
        for name, row in r["pages"].items():
            ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
            lines.append(f"  {name:<56} {row['median_ms']:>6.0f}ms {row['p95_ms']:>6.0f}ms {ratio:>10} {row['leat_calls']:>11}")
        return lines

    def report(self) -> None:
        r = self.results
        lines = [f"leatadmin benchmark: sandbox latency {r['latency_ms']} ms per request, {r['runs']} runs each, gunicorn {self.args.workers} workers x {self.args.threads} threads"]
        if "pages" in r:
            lines += self.report_pages(r)
        if "export" in r:
            e = r["export"]
            lines += [
                "",
                f"Export: {e['transactions']:,} transactions in {e['seconds']} s, {e['leat_calls']} Leat calls, "
                f"worker memory {e['worker_rss_before_mb']} MB before, {e['worker_rss_peak_mb']} MB at peak, "
                f"{e['progress_updates_seen']} distinct progress figures shown; "
                f"{e.get('ratio_to_ideal')}x the ideal {e.get('ideal_seconds')} s (pages / pages in flight x latency)",
            ]
        if "throughput" in r:
            t = r["throughput"]
            # The measure: views per second relative to the trivial page of the same run,
            # against the same share before (machines and their load differ between runs).
            verdict = "PASS" if t["ratio_to_before_relative"] >= 3 else "FAIL"
            spread = ", ".join(f"{row['ratio_to_before_relative']}x" for row in t["rounds"])
            lines += [
                "",
                f"Throughput (sandbox at 0 ms, {t['tool']}, median of {len(t['rounds'])} rounds): trivial page {t['trivial_page_rps']} req/s; "
                f"full contact page views {t['contact_page_views_per_second']}/s ({t['ratio_page_views_to_trivial']:.1%} of trivial); "
                f"CPU per view: app {t['app_cpu_ms_per_view']} ms, sandbox (Leat's side) {t['sandbox_cpu_ms_per_view']} ms",
                f"  against before (16.5 views/s beside a trivial page at 965 req/s, {t['trivial_share_before']:.1%}): "
                f"{t['ratio_to_before_relative']}x relative to the trivial page (rounds: {spread}; limit >= 3x): {verdict}; "
                f"{t['ratio_to_before']}x in views per second on this machine",
                f"  CPU of the app per request (median round): trivial page {t['app_cpu_ms_per_trivial']} ms, contact page view {t['app_cpu_ms_per_view']} ms "
                f"(a view costs {t['app_cpu_ms_per_view'] / t['app_cpu_ms_per_trivial']:.0f} trivial requests)",
                f"  runs left out and made again because one web worker had taken (nearly) all of wrk's connections: {t.get('unbalanced_runs_left_out', 0)}",
            ]
        if "browser" in r:
            lines += report_browser(r["browser"])
        print("\n".join(lines))
        Path(self.args.json).write_text(json.dumps(r, indent=2))
        print(f"\nWrote {self.args.json}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=float(os.environ.get("BENCH_LATENCY_MS", 150)))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="Threads per gunicorn worker (the Procfile's 4).")
    parser.add_argument("--seconds", type=int, default=4, help="Length of each throughput measurement.")
    parser.add_argument("--throughput-rounds", type=int, default=5, help="Rounds of trivial page + contact page; the median is reported.")
    parser.add_argument("--json", default=str(ROOT / "bench-results.json"))
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--browser-runs", type=int, default=9)
    parser.add_argument("--browser-latencies", type=float, nargs="+", default=[300, 50], help="Leat latencies (ms) for the browser measurement.")
    args = parser.parse_args()
    bench = Bench(args)
    try:
        bench.start()
        if not args.skip_pages:
            bench.measure_pages()
        if not args.skip_export:
            bench.measure_export()
        if not args.skip_browser:
            bench.measure_browser()
        if not args.skip_throughput:
            bench.measure_throughput()
        bench.report()
    finally:
        bench.stop()


if __name__ == "__main__":
    main()
