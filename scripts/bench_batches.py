"""The batch engine's benchmark (#25, part of `make bench`): a file of 10,000
corrections previewed and applied against a Leat at 50 ms per call.

A sandbox in a process of its own answers each call LATENCY ms after it
arrives (`runsandbox --latency-ms`), holding 10,000 contacts besides the
seed's. The app runs here, on its own database (PostgreSQL, or SQLite), with
the tests' settings (the task runs in this process) and BATCH_CALLS_IN_FLIGHT
= N. The file: one row per contact, by email, a number of credits, a shop
and a reason.

  1. the preview (read the file, one lookup per contact, N in flight):
     its ideal is contacts x latency / N;
  2. the apply (one credit reception per row, each claimed and audited, N in
     flight): its ideal is rows x latency / N.

Each is printed beside 1.3x its ideal with a verdict, with the Leat calls
made (the sandbox's counters), the latency of one call measured alone and the
process's memory along the way (flat: it does not grow with the rows done).
A script, not a test: it asserts nothing, it reports (and writes JSON).

    python scripts/bench_batches.py [--rows 10000] [--latency-ms 50] [--in-flight 4] [--database postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import socket
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
LIMIT = 1.3

from scripts import bench_search  # noqa: E402
from scripts.bench_search import cpu_seconds, person, rss_mb, sandbox_with  # noqa: E402


def say(text: str) -> None:
    """Progress, on stderr: stdout carries the results."""
    print(text, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sandbox(path: Path, port: int, key: str, latency_ms: float) -> subprocess.Popen:
    env = {**os.environ, "LEAT_API_KEY": key, "DJANGO_SETTINGS_MODULE": "leatadmin.settings", "LEATADMIN_TESTING": "1"}
    sandbox = subprocess.Popen(
        [PYTHON, "manage.py", "runsandbox", f"127.0.0.1:{port}", "--db", str(path), "--latency-ms", str(latency_ms), "--rate-limit", "100000000"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    for _ in range(200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return sandbox
        time.sleep(0.1)
    raise SystemExit("The sandbox did not start.")


def one_call_alone(client, emails: list[str], runs: int = 30) -> float:
    """Leat's latency for one lookup by email, alone (median): the added latency plus the sandbox's own time."""
    samples = []
    for email in emails[:runs]:
        started = time.perf_counter()
        client.contacts.find_by_email(email)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def corrections_csv(rows: int, shop_name: str) -> bytes:
    """One row per contact, as a Dutch Excel saves a CSV (`;`, BOM)."""
    text = io.StringIO()
    text.write("E-mail;Punten;Winkel;Reden\r\n")
    for i in range(rows):
        text.write(f"{person(i)['email']};{1 + i % 50};{shop_name};Kassastoring bench\r\n")
    return text.getvalue().encode("utf-8-sig")


class Memory:
    """This process's RSS, sampled with the run's progress (done, MB)."""

    def __init__(self, run_of) -> None:
        self.run_of, self.samples, self.stop = run_of, [], threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        from django.db import connection

        while not self.stop.wait(0.5):
            run = self.run_of()
            self.samples.append((run.done if run else 0, rss_mb()))
        connection.close()

    def __enter__(self) -> Memory:
        self.start = rss_mb()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def at(self, share: float, total: int) -> float:
        return next((mb for done, mb in self.samples if done >= total * share), self.start)

    def summary(self, total: int) -> dict:
        peak = max([mb for _done, mb in self.samples] or [self.start])
        return {"start": round(self.start), "after_10_percent": round(self.at(0.1, total)), "after_50_percent": round(self.at(0.5, total)), "peak": round(peak)}


def measure(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-bench-batches-"))
    say(f"Preparing a sandbox with {args.rows:,} contacts in {tmp} ...")
    sandbox_with(args.rows, tmp / "sandbox.sqlite3")
    port, key = free_port(), "bench-" + secrets.token_urlsafe(12)
    sandbox = start_sandbox(tmp / "sandbox.sqlite3", port, key, args.latency_ms)
    try:
        bench_search.PG_URL = bench_search.PG_URL.rsplit("/", 1)[0] + "/leatadmin_bench_batches"
        bench_search.django_on(args.database, tmp)
        from django.conf import settings
        from django.contrib.auth.models import User
        from django.core.files.base import ContentFile

        settings.LEAT_API_URL, settings.LEAT_API_KEY, settings.LEAT_RETRIES = f"http://127.0.0.1:{port}", key, 2
        settings.BATCH_CALLS_IN_FLIGHT = args.in_flight
        from leatadmin.batches import apply, resolve, services
        from leatadmin.batches.models import Batch, BatchRun
        from leatadmin.core.leat import leat
        from leatadmin.leat import LeatClient

        Batch.objects.all().delete()
        user = User.objects.filter(username="bench").first() or User.objects.create_user("bench")
        control = LeatClient(settings.LEAT_API_URL, key, retries=0)
        shop = control.shops.list()[0]
        emails = [person(i)["email"] for i in range(args.rows)]
        alone = one_call_alone(control, emails[-40:])
        upload = ContentFile(corrections_csv(args.rows, shop.name), name="bench.csv")
        batch = services.batch_create(user=user, upload=upload, shop_uuid="", shop_name="", reason="")
        leat()  # the app's client, made before anything is timed

        def stats() -> dict:
            import requests

            return requests.get(f"{settings.LEAT_API_URL}/__sandbox/stats", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()

        results: dict = {"rows": args.rows, "latency_ms": args.latency_ms, "in_flight": args.in_flight, "database": args.database, "one_call_alone_ms": round(alone * 1000, 1)}
        for step, start in (("preview", lambda: resolve.preview_start(batch=batch, user=user)), ("apply", lambda: apply.apply_start(batch=Batch.objects.get(pk=batch.pk), user=user))):
            say(f"The {step} of {args.rows:,} rows, {args.in_flight} Leat calls in flight ...")
            before = stats()["total"]
            with Memory(lambda step=step: BatchRun.objects.filter(batch=batch, step=step).first()) as memory:
                cpu_before = {"app": time.process_time(), "leat": cpu_seconds(sandbox.pid)}
                load_before = os.getloadavg()[0]
                started = time.perf_counter()
                run = start()
                seconds = time.perf_counter() - started
                cpu_after = {"app": time.process_time(), "leat": cpu_seconds(sandbox.pid)}
            run.refresh_from_db()
            calls = stats()["total"] - before
            done = Batch.objects.get(pk=batch.pk)
            ideal = args.rows * args.latency_ms / 1000 / args.in_flight
            results[step] = {
                "status": run.status, "batch_state": done.state, "seconds": round(seconds, 1), "leat_calls": calls,
                "ideal_seconds": round(ideal, 1), "ratio": round(seconds / ideal, 3),
                "measured_ideal_seconds": round(calls * alone / args.in_flight, 1), "ratio_to_measured": round(seconds / (calls * alone / args.in_flight), 3),
                "rss_mb": memory.summary(args.rows),
                "cpu_ms_per_row": {name: round((cpu_after[name] - cpu_before[name]) / args.rows * 1000, 2) for name in cpu_before if cpu_before[name] is not None and cpu_after[name] is not None},
                "load": [round(load_before, 2), round(os.getloadavg()[0], 2)], "cores": os.cpu_count(),
            }
            if step == "preview":
                results[step]["problem_rows"] = done.problem_rows
            else:
                results[step]["rows_done"] = done.batch_rows.filter(state="done").count()
        return results
    finally:
        sandbox.terminate()
        sandbox.wait(10)


def report(results: dict) -> None:
    print(f"\n== Batches of corrections: {results['rows']:,} rows, Leat at {results['latency_ms']:g} ms a call "
          f"({results['one_call_alone_ms']:g} ms measured alone), {results['in_flight']} calls in flight, on {results['database']}")
    for step, words in (("preview", "preview (one lookup per contact)"), ("apply", "apply (one credit reception per row)")):
        r = results.get(step)
        if r is None:
            continue
        verdict = "PASS" if r["ratio"] <= LIMIT and r["status"] == "done" else "FAIL"
        m = r["rss_mb"]
        print(f"  {words:<40} {r['seconds']:>7.1f} s  ideal {r['ideal_seconds']:.1f} s (rows x {results['latency_ms']:g} ms / {results['in_flight']})  "
              f"{r['ratio']:.3f}x  limit <= {LIMIT}x  {verdict}")
        print(f"      {r['leat_calls']:,} Leat calls; against those calls x the latency measured alone ({r['measured_ideal_seconds']} s): {r['ratio_to_measured']:.3f}x; "
              f"run {r['status']}, batch {r['batch_state']}; memory (RSS) {m['start']} MB at start, {m['after_10_percent']} MB after 10%, "
              f"{m['after_50_percent']} MB after 50%, peak {m['peak']} MB")
        cpu = r["cpu_ms_per_row"]
        print("      CPU per row: " + ", ".join(f"{name} {ms:g} ms" for name, ms in cpu.items()) + f" on {r['cores']} cores (load average {r['load'][0]} before, {r['load'][1]} after)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--in-flight", type=int, default=4)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--json", default="bench-batches-results.json")
    parser.add_argument("--part", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:  # in a process of its own: Django set up on the bench's database
        print(json.dumps(measure(args)))
        return
    command = [PYTHON, __file__, "--part", "--rows", str(args.rows), "--latency-ms", str(args.latency_ms), "--in-flight", str(args.in_flight), "--database", args.database]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit("The batch benchmark failed (above).")
    results = json.loads(done.stdout.strip().splitlines()[-1])
    report(results)
    Path(ROOT / args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
