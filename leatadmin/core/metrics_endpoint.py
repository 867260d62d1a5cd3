"""`/metrics`: the app's metrics in Prometheus' text format, for Prometheus only.

Never public and never behind a staff log-in: a request is answered when it
carries `Authorization: Bearer <METRICS_TOKEN>`, or comes from an address in
METRICS_ALLOWED_IPS (the client's address, through TRUSTED_PROXY_HOPS
proxies, as the log-in throttle reads it). Anything else gets 403; with
neither setting, the endpoint does not exist (404).

What it answers: every process's counts (core/metrics.py), added up over the
files of PROMETHEUS_MULTIPROC_DIR when several processes write them (gunicorn's
workers and the task worker), and what the database says when asked: the
task queue's depth and the age of its oldest task, and the runs under way
(exports, the directory backfill, the visit index's full read), by kind.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from .addresses import client_address
from .runs import ACTIVE, Run

logger = logging.getLogger(__name__)


class DatabaseGauges:
    """Read at each scrape, so no process has to keep them up to date (and a
    killed worker cannot leave them wrong)."""

    def collect(self):
        try:
            yield from self._queue()
            yield self._runs()
        except DatabaseError:
            logger.warning("/metrics: the database did not answer; the queue and run gauges are left out")

    def _queue(self):
        ready = DBTaskResult.objects.ready()
        found = ready.order_by().aggregate(depth=Count("id"), oldest=Min("enqueued_at"))
        depth = GaugeMetricFamily("leatadmin_task_queue_depth", "Tasks waiting for the task worker (ready to run).")
        depth.add_metric([], found["depth"])
        age = GaugeMetricFamily("leatadmin_task_queue_oldest_age_seconds", "How long the oldest waiting task has waited (0: none waits).")
        age.add_metric([], (timezone.now() - found["oldest"]).total_seconds() if found["oldest"] else 0.0)
        running = GaugeMetricFamily("leatadmin_tasks_running", "Tasks a worker is running.")
        running.add_metric([], DBTaskResult.objects.running().count())
        return depth, age, running

    def _runs(self):
        runs = GaugeMetricFamily("leatadmin_runs_active", "Background runs queued or running, by kind (app.model) and status.", labels=["kind", "status"])
        # Every concrete kind of run the apps define; core knows none by name.
        for model in (model for model in apps.get_models() if issubclass(model, Run)):
            # order_by(): the model's ordering would split the groups.
            counted = {row["status"]: row["n"] for row in model.objects.filter(status__in=ACTIVE).order_by().values("status").annotate(n=Count("id"))}
            for status in ACTIVE:
                runs.add_metric([model._meta.label_lower, str(status)], counted.get(status, 0))
        return runs


_DATABASE = CollectorRegistry(auto_describe=False)
_DATABASE.register(DatabaseGauges())


@functools.cache
def _networks(allowed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed)


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    networks = _networks(tuple(settings.METRICS_ALLOWED_IPS))
    if networks:
        try:
            address = ipaddress.ip_address(client_address(request))
        except ValueError:
            return False
        return any(address in network for network in networks)
    return False


def exposition() -> bytes:
    """Every process's metrics (summed over PROMETHEUS_MULTIPROC_DIR's files, or this process's own), then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    return generate_latest(processes) + generate_latest(_DATABASE)


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not (settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS):
        raise Http404
    if not allowed(request):
        return HttpResponse("Forbidden: a bearer token or an allowed address is needed.\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
