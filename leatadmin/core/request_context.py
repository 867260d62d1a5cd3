"""The request (or background task) in progress, for whatever reports on it:
log lines (core/logs.py), error reports (core/sentry.py), metrics and traces
(core/observability.py sets it).

Plain Python, no Django: gunicorn's master loads core/logs.py, which reads
this, before Django is set up.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Context:
    request_id: str
    #: The view's URL name (`contacts:detail`), or the task's name.
    view: str = ""
    staff_id: int | None = None
    #: The staff member, for their role in an error report (core/sentry.py); never logged.
    user: Any = None
    #: The route of the latest Leat call made for this request or task
    #: (set from the read pool's threads too: they share this object).
    leat_route: str = ""
    task_id: str = ""


CURRENT: ContextVar[Context | None] = ContextVar("leatadmin_request_context", default=None)


def current() -> Context | None:
    return CURRENT.get()


def request_id() -> str:
    """The request's (or task's) id; "" outside both."""
    context = CURRENT.get()
    return context.request_id if context is not None else ""
