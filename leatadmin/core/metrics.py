"""The app's Prometheus metrics (docs/operations.md says what each means).

Counted where they happen, in whichever process: a gunicorn worker, the task
worker. Several processes add up through the Prometheus client's multiprocess
mode: each process writes its values to files in PROMETHEUS_MULTIPROC_DIR
(settings.py sets it before this module is imported) and `/metrics` sums
them (metrics_endpoint.py). What is true of the database rather than of a
process (the task queue, the runs under way) is read when Prometheus asks.

Labels come from fixed sets only (view names, Leat routes, outcomes), never
from what a request carries, so no label can hold customer data and their
number stays small.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

from leatadmin.leat.observe import LeatCall

# No `_created` series: the multiprocess mode has none, so one process alone answers the same.
disable_created_metrics()

#: Seconds; a page's answer (staff wait for it) and one Leat call.
PAGE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0)
LEAT_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter("leatadmin_http_requests", "Requests answered, by view, method and status.", ["view", "method", "status"])
REQUEST_SECONDS = Histogram("leatadmin_http_request_duration_seconds", "Time to answer a request, to its last byte (a streamed contact page included).", ["view"], buckets=PAGE_BUCKETS)

LEAT_CALLS = Counter("leatadmin_leat_requests", "Calls to Leat, by route, method and status (or timeout, connection failed, retries exhausted).", ["route", "method", "status"])
LEAT_SECONDS = Histogram("leatadmin_leat_request_duration_seconds", "Time a call to Leat took, its retries included.", ["route", "method"], buckets=LEAT_BUCKETS)
LEAT_RETRIES = Counter("leatadmin_leat_retries", "Attempts at a Leat call made again (a read after a failure, a short 429).", ["route", "method"])
LEAT_TIMEOUTS = Counter("leatadmin_leat_timeouts", "Leat calls that ended without an answer in time.", ["route", "method"])
# The latest value any process saw: Leat's count is per account, not per process.
LEAT_RATE_REMAINING = Gauge("leatadmin_leat_rate_limit_remaining", "Leat's X-RateLimit-Remaining on its latest answer.", multiprocess_mode="mostrecent")
LEAT_RATE_LIMIT = Gauge("leatadmin_leat_rate_limit", "Leat's X-RateLimit-Limit on its latest answer (calls per minute).", multiprocess_mode="mostrecent")

WRITES = Counter("leatadmin_writes", "Writes to Leat by outcome: done, refused (Leat said no), error (leatadmin failed before Leat answered), unknown (the answer was lost), settled (a lost answer found in Leat).", ["action", "outcome"])
WEBHOOKS = Counter("leatadmin_webhook_deliveries", "Leat webhook deliveries by result.", ["result"])
LOGIN_FAILURES = Counter("leatadmin_login_failures", "Log-in attempts refused for a wrong username or password.")
LOGIN_LOCKOUTS = Counter("leatadmin_login_lockouts", "Log-in attempts refused unchecked because of too many failures (HTTP 429).")

_TIMEOUTS = frozenset({"timeout", "connect timeout"})
_FAILURES = {"timeout": "timeout", "connect timeout": "timeout", "connection failed": "connection_failed", "retries exhausted": "retries_exhausted"}


def request_answered(view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view, method if method in METHODS else "other", str(status)).inc()
    REQUEST_SECONDS.labels(view).observe(seconds)


def leat_called(call: LeatCall) -> None:
    status = str(call.outcome) if isinstance(call.outcome, int) else _FAILURES.get(call.outcome, "error")
    LEAT_CALLS.labels(call.route, call.method, status).inc()
    LEAT_SECONDS.labels(call.route, call.method).observe(call.seconds)
    if call.retries:
        LEAT_RETRIES.labels(call.route, call.method).inc(call.retries)
    if call.outcome in _TIMEOUTS:
        LEAT_TIMEOUTS.labels(call.route, call.method).inc()
    if call.rate_limit_remaining is not None:
        LEAT_RATE_REMAINING.set(call.rate_limit_remaining)
    if call.rate_limit is not None:
        LEAT_RATE_LIMIT.set(call.rate_limit)


def write_ended(action: str, outcome: str) -> None:
    """`outcome`: done, refused, error, unknown or settled."""
    WRITES.labels(action, outcome).inc()


def webhook_delivered(result: str) -> None:
    WEBHOOKS.labels(result).inc()
