"""Who is asking: the context every log line, metric and error report carries.

A request gets a request id as it arrives (`ObservabilityMiddleware`, the
first middleware), and keeps it in a context variable: its log lines carry
it (core/logs.py), its Leat calls made from the read pool's threads too
(core/reads.py runs them in a copy of the request's context, which holds the
same `Context` object), and a background task it starts gets it as an
argument (`request_id`, core/runs.py) and takes it up when the worker starts
the task (`task_started` below). The response says it in `X-Request-ID`, so
the access log and a staff member's screenshot of the failure page name the
same request.

The middleware also counts the request (core/metrics.py) when its last byte
has gone: the contact page streams its panels after the view returned.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished, task_started

from leatadmin.leat.observe import LeatCall

from . import metrics, tracing
from .request_context import CURRENT, Context, current, request_id

__all__ = ["Context", "ObservabilityMiddleware", "current", "observe_leat_call", "request_id"]


_outside_task: ContextVar[Context | None] = ContextVar("leatadmin_outside_task", default=None)

#: A request id a trusted proxy may send (nginx's $request_id, a load balancer's): no room for anything else.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,128}\Z")


def _new_id() -> str:
    return uuid.uuid4().hex


def _incoming_id(request: HttpRequest) -> str:
    # Only from a proxy the app trusts (TRUSTED_PROXY_HOPS); a browser's own header is ignored.
    if settings.TRUSTED_PROXY_HOPS <= 0:
        return ""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _INCOMING_ID.match(given) else ""


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    return "static" if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) else "unmatched"


class ObservabilityMiddleware:
    """The request id, the view and the staff member for everything the
    request logs, and the request counted with its duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        context = Context(request_id=_incoming_id(request) or _new_id())
        CURRENT.set(context)
        response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        view = context.view or _view_name(request)

        def answered() -> None:
            metrics.request_answered(view, request.method or "", response.status_code, time.perf_counter() - started)
            CURRENT.set(None)

        if response.streaming and not response.is_async:
            # Counted when the last panel has gone (or the browser left), in the thread that sends it.
            response.streaming_content = _then(response.streaming_content, answered)
        else:
            answered()
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        context = CURRENT.get()
        if context is None:
            return None
        context.view = _view_name(request)
        # IdleSessionMiddleware has read the user already: this costs no query.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.staff_id, context.user = user.pk, user
        return None


def _then(content: Iterator[bytes], done: Callable[[], None]) -> Iterator[bytes]:
    try:
        yield from content
    finally:
        done()


def observe_leat_call(call: LeatCall) -> None:
    """The Leat client's observer (core/leat.py): metrics, the route for the
    request's error report, a span when tracing is on."""
    metrics.leat_called(call)
    context = CURRENT.get()
    if context is not None:
        context.leat_route = call.route
    if tracing.enabled:
        tracing.leat_span(call)


@receiver(task_started)
def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """A task takes up the request id of the request that started it (passed
    as its `request_id` argument), or gets its own."""
    given = task_result.kwargs.get("request_id") if isinstance(task_result.kwargs, dict) else None
    _outside_task.set(CURRENT.get())  # the request itself, when a backend runs the task inside it
    context = Context(request_id=str(given or _new_id()), view=task_result.task.name, task_id=str(task_result.id))
    CURRENT.set(context)
    if tracing.enabled:
        tracing.task_started(context.view, context.request_id)


@receiver(task_finished)
def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if tracing.enabled:
        tracing.task_finished(failed=task_result.status == TaskResultStatus.FAILED)
    CURRENT.set(_outside_task.get())
    _outside_task.set(None)
