"""Traces over OpenTelemetry, optional: on only when OTEL_EXPORTER_OTLP_ENDPOINT
is set (core/apps.py calls `configure` as the app starts, before the first
request builds the middleware). Off, nothing of OpenTelemetry is imported.

What is traced: each request (OpenTelemetry's Django instrumentation), its
database queries (the psycopg instrumentation: statements without their
parameters), each Leat call (a span made here from what the client's
observer reports: the route, never the URL, whose query can hold an email),
and each background task (from django.tasks' signals, core/observability.py).
The exporter reads the standard OTEL_* variables (endpoint, headers,
protocol http/protobuf); OTEL_SERVICE_NAME names the service, "leatadmin" by default.
"""

from __future__ import annotations

import os
import time
from contextvars import ContextVar
from typing import Any

from leatadmin.leat.observe import LeatCall

#: True once `configure` set tracing up; read on every Leat call, so a plain module global.
enabled = False
_tracer: Any = None
_task_span: ContextVar[tuple[Any, Any] | None] = ContextVar("leatadmin_task_span", default=None)
#: Paths never traced (health checks and scrapes would be most of the spans).
EXCLUDED_URLS = "healthz,livez,metrics,static/"


def configure(*, endpoint: str, release: str = "", exporter: Any = None) -> Any:
    """Start tracing (once per process); `exporter` replaces OTLP's (tests). Returns the tracer provider."""
    global enabled, _tracer
    if enabled or not (endpoint or exporter):
        return None
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or "leatadmin", **({"service.version": release} if release else {})})
    provider = TracerProvider(resource=resource)
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    DjangoInstrumentor().instrument(tracer_provider=provider, excluded_urls=EXCLUDED_URLS)
    try:
        from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    except ImportError:  # psycopg is PostgreSQL's: on SQLite there is nothing to instrument
        pass
    else:
        PsycopgInstrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
    _tracer = provider.get_tracer("leatadmin")
    enabled = True
    return provider


def stop() -> None:
    """Undo `configure` (tests)."""
    global enabled, _tracer
    if not enabled:
        return
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    DjangoInstrumentor().uninstrument()
    PsycopgInstrumentor().uninstrument()
    enabled, _tracer = False, None


def leat_span(call: LeatCall) -> None:
    """The call as a client span under the request's (or task's) span, dated after the fact."""
    from opentelemetry.trace import SpanKind, Status, StatusCode

    ended = time.time_ns()
    attributes: dict[str, Any] = {"http.request.method": call.method, "leat.route": call.route, "leat.retries": call.retries}
    if isinstance(call.outcome, int):
        attributes["http.response.status_code"] = call.outcome
    else:
        attributes["error.type"] = call.outcome
    span = _tracer.start_span(f"leat {call.method} {call.route}", kind=SpanKind.CLIENT, start_time=ended - int(call.seconds * 1e9), attributes=attributes)
    if not isinstance(call.outcome, int) or call.outcome >= 500:
        span.set_status(Status(StatusCode.ERROR))
    span.end(end_time=ended)


def task_started(name: str, request_id: str) -> None:
    from opentelemetry import context, trace
    from opentelemetry.trace import SpanKind

    span = _tracer.start_span(f"task {name}", kind=SpanKind.CONSUMER, attributes={"leatadmin.request_id": request_id})
    _task_span.set((span, context.attach(trace.set_span_in_context(span))))


def task_finished(failed: bool) -> None:
    from opentelemetry import context
    from opentelemetry.trace import Status, StatusCode

    started = _task_span.get()
    if started is None:
        return
    span, token = started
    _task_span.set(None)
    if failed:
        span.set_status(Status(StatusCode.ERROR))
    context.detach(token)
    span.end()
