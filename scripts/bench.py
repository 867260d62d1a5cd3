"""leatadmin's benchmark: what the app adds to the Leat calls a page needs.

Starts the sandbox with added latency per request (default 150 ms) and a
100,000-transaction account, starts the app under gunicorn with the
production settings, logs in, and measures over repeated runs (median, p95):

  1. over HTTP: looking a contact up by email, and the contact page itself
     (by UUID), for a contact with 10 and with 100,000 transactions; flipping
     to another page of transactions and changing the type filter; the visit
     and booking forms opening (shop picker included); the Leat calls of each
     (the sandbox's counters), and each time as a ratio to the slowest single
     Leat call the page needs;
  2. exporting a 100,000-transaction account to CSV through the task queue
     (scripts/bench_export.py);
  3. in chromium, the contact page complete and the lookup to it, each beside
     its floor: the Leat calls it cannot do without + the same finished page
     served at once by a plain server (scripts/bench_browser.py,
     scripts/bench_floor.py); one slow Leat route; the page without JavaScript;
  4. what a full contact page view costs the app's CPU, in trivial requests of
     the same run, with the sandbox at zero latency (scripts/bench_throughput.py),
     and the metrics' share of it (scripts/bench_metrics.py);
  5. at the counter: the voucher and gift card pages beside their slowest Leat
     call, and a code typed in the search box to its page (scripts/bench_counter.py).

It prints each figure beside its target with a verdict, and writes a JSON
file. A script, not a test: it asserts nothing, it reports.

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
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pyotp
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leatadmin.leat import LeatClient  # noqa: E402
from scripts.bench_browser import BrowserBench, report_browser  # noqa: E402
from scripts.bench_counter import measure_counter, report_counter  # noqa: E402
from scripts.bench_export import measure_export, report_export  # noqa: E402
from scripts.bench_metrics import measure_metrics_cost, report_metrics_cost  # noqa: E402
from scripts.bench_system import PYTHON, free_port, manage, summary, timed, wait_for_port  # noqa: E402
from scripts.bench_throughput import Throughput, report_throughput  # noqa: E402

SMALL = "few.transactions@example.com"
LARGE = "big.account@example.com"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-"))
        self.sandbox_port, self.app_port = free_port(), free_port()
        self.key = "bench-" + secrets.token_urlsafe(16)
        self.password = secrets.token_urlsafe(12)
        self.totp = pyotp.random_base32()  # the bench user's authenticator app (a second factor is required)
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
            "u.groups.add(Group.objects.get(name='Supervisor')); "
            f"from allauth.mfa.models import Authenticator; Authenticator.objects.create(user=u, type='totp', data={{'secret': '{self.totp}'}})"
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
        second = self.url("/accounts/2fa/authenticate/")  # then the second factor
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.web.get(second).text).group(1)
        answer = self.web.post(second, data={"csrfmiddlewaretoken": token, "code": pyotp.TOTP(self.totp).now()}, headers={"Referer": second})
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
            "vouchers page": lambda: self.leat.vouchers.list(contact_uuid=uuid, page=1, limit=10),
            "rewards to collect": lambda: self.leat.collectable_rewards.list(uuid),
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

    def measure_export(self) -> None:
        self.results["export"] = measure_export(self, LARGE)

    def measure_counter(self) -> None:
        self.results["counter"] = measure_counter(self)

    def measure_throughput(self) -> None:
        self.results["throughput"] = Throughput(self).measure()
        # The metrics' share of a view's CPU, against the view's CPU just measured.
        anna = self.leat.contacts.find_by_email("anna.devries@example.com").uuid
        self.results["metrics_cost"] = measure_metrics_cost(self, self.results["throughput"]["app_cpu_ms_per_view"], anna)

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
        if "counter" in r:
            lines += report_counter(r["counter"])
        if "export" in r:
            lines += report_export(r["export"])
        if "throughput" in r:
            lines += report_throughput(r["throughput"])
        if "metrics_cost" in r:
            lines += report_metrics_cost(r["metrics_cost"])
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
            bench.measure_counter()
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
