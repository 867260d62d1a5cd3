"""What the metrics cost a contact page view (#27: at most 2 % of its CPU).

The metrics are a handful of counter and histogram updates per request and
per Leat call, microseconds each: far below what the throughput rounds can
tell apart on this shared machine (their rounds differ by more than 10 %).
So the two parts are measured where each is precise, in the same run: the
metrics' own work in a process with the production settings and the
multiprocess mode on (each update a write to its memory-mapped file, as in a
gunicorn worker), the calls a contact page view makes of them counted by the
sandbox; and the app's CPU for one full view from the throughput rounds
(scripts/bench_throughput.py). The share is the one over the other.

Used by scripts/bench.py; it asserts nothing, it reports.
"""

from __future__ import annotations

import json
import tempfile
from typing import Any

from scripts.bench_system import manage, verdict

#: The metrics may add at most this share of a contact page view's CPU (issue #27).
LIMIT_SHARE = 0.02
REPEATS = 20000

# Run by `manage.py shell` with the bench's production settings: the same
# functions the middleware and the Leat client's observer call, each timed
# over many calls (CPU time of the process, as the throughput rounds count).
_TIMING = """
import json, time
from leatadmin.core import metrics
from leatadmin.core.observability import observe_leat_call
from leatadmin.leat.observe import LeatCall
call = LeatCall("GET", "contacts/{id}/loyalty-transactions", 200, 0.151, 0, 9990, 10000)
n = %(repeats)d
for _ in range(1000):
    observe_leat_call(call); metrics.request_answered("contacts:detail", "GET", 200, 0.31)
started = time.process_time()
for _ in range(n):
    observe_leat_call(call)
per_call = (time.process_time() - started) / n
started = time.process_time()
for _ in range(n):
    metrics.request_answered("contacts:detail", "GET", 200, 0.31)
per_request = (time.process_time() - started) / n
print(json.dumps({"per_leat_call_us": per_call * 1e6, "per_request_us": per_request * 1e6}))
"""


def measure_metrics_cost(bench: Any, app_cpu_ms_per_view: float, contact_uuid: str) -> dict:
    bench.reset_stats()
    bench.web.get(bench.url(f"/contacts/{contact_uuid}/")).raise_for_status()
    calls = bench.stats()["total"]
    with tempfile.TemporaryDirectory(dir=bench.tmp) as files:
        env = {**bench.env, "PROMETHEUS_MULTIPROC_DIR": files}
        out = manage(env, "shell", "-c", _TIMING % {"repeats": REPEATS})
    timing = json.loads(out.strip().splitlines()[-1])
    per_view_ms = (timing["per_request_us"] + calls * timing["per_leat_call_us"]) / 1000
    return {
        **{key: round(value, 1) for key, value in timing.items()},
        "leat_calls_per_view": calls,
        "metrics_ms_per_view": round(per_view_ms, 3),
        "app_cpu_ms_per_view": app_cpu_ms_per_view,
        "share": round(per_view_ms / app_cpu_ms_per_view, 4) if app_cpu_ms_per_view else None,
        "limit_share": LIMIT_SHARE,
    }


def report_metrics_cost(m: dict) -> list[str]:
    share = m["share"]
    return [
        "",
        "Metrics' cost (#27), in a process with the production settings and the multiprocess mode on:",
        f"  {m['per_request_us']} µs a request + {m['per_leat_call_us']} µs a Leat call × {m['leat_calls_per_view']} calls = {m['metrics_ms_per_view']} ms a contact page view, "
        f"{share:.2%} of the view's {m['app_cpu_ms_per_view']} ms of app CPU (throughput above); limit ≤ {m['limit_share']:.0%}: {verdict(share is not None and share <= m['limit_share'])}",
    ]
