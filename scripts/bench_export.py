"""The export of a 100,000-transaction account to CSV through the task queue:
its time against (pages / pages in flight) x Leat's latency, the task
worker's peak memory, and the progress the web workers show while it runs.

Used by scripts/bench.py; it asserts nothing, it reports.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from scripts.bench_system import rss_mb

#: Pages of transactions the export keeps in flight (leatadmin's PARALLEL_PAGES), 100 to a page.
PAGES_IN_FLIGHT = 8
PAGE_SIZE = 100


def measure_export(bench: Any, email: str) -> dict:
    big = bench.leat.contacts.find_by_email(email)
    workers = [bench.worker.pid]  # the task worker runs the export, not the web workers
    baseline = max(rss_mb(pid) for pid in workers)
    peak = {"mb": baseline}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak["mb"] = max(peak["mb"], *(rss_mb(pid) for pid in workers))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    bench.reset_stats()
    started = time.perf_counter()
    answer = bench.web.post(bench.url(f"/contacts/{big.uuid}/transactions/export/"), data={"csrfmiddlewaretoken": bench.csrf}, headers={"Referer": bench.url("/")}, allow_redirects=False)
    progress_url = bench.url(answer.headers["Location"])
    seen_progress = set()
    while True:
        html = bench.web.get(progress_url, headers={"HX-Request": "true"}).text
        found = re.search(r"\((\d+)%\)", html)
        if found:
            seen_progress.add(int(found.group(1)))
        if "Download CSV" in html or "export failed" in html:
            break
        time.sleep(0.25)
    elapsed = time.perf_counter() - started
    download = bench.web.get(bench.url(re.search(r'href="([^"]+/download/)"', html).group(1)), stream=True)
    rows = sum(chunk.count(b"\n") for chunk in download.iter_content(65536)) - 1
    done.set()
    sampler.join()
    # Every page takes the sandbox's latency, PAGES_IN_FLIGHT at a time.
    ideal = round(rows / PAGE_SIZE / PAGES_IN_FLIGHT * bench.args.latency_ms / 1000, 1)
    return {
        "transactions": rows,
        "seconds": round(elapsed, 1),
        "leat_calls": bench.stats()["total"],
        "worker_rss_before_mb": round(baseline, 1),
        "worker_rss_peak_mb": round(peak["mb"], 1),
        "progress_updates_seen": len(seen_progress),
        "ideal_seconds": ideal,
        "ratio_to_ideal": round(elapsed / ideal, 2) if ideal else None,
    }


def report_export(e: dict) -> list[str]:
    return [
        "",
        f"Export: {e['transactions']:,} transactions in {e['seconds']} s, {e['leat_calls']} Leat calls, "
        f"worker memory {e['worker_rss_before_mb']} MB before, {e['worker_rss_peak_mb']} MB at peak, "
        f"{e['progress_updates_seen']} distinct progress figures shown; "
        f"{e.get('ratio_to_ideal')}x the ideal {e.get('ideal_seconds')} s (pages / pages in flight x latency)",
    ]
