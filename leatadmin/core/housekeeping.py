"""The hourly chores (`manage.py housekeeping`): what has outlived its use is
removed, and what is due is queued. core does its own; each domain app
registers its chores from its AppConfig.ready(), so core imports none of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from .models import FormSubmission

#: A chore takes the time the run started and says what it did ("" for nothing).
Chore = Callable[[dt.datetime], str]
_CHORES: dict[str, Chore] = {}

# A create form is sent within hours of being opened; its token is no use after a day.
KEEP_SUBMISSIONS = dt.timedelta(days=1)
KEEP_TASK_RESULTS = dt.timedelta(days=7)


def register(name: str, chore: Chore) -> None:
    """Run `chore` every hour (registering the same name again replaces it)."""
    _CHORES[name] = chore


def chores() -> dict[str, Chore]:
    return dict(_CHORES)


def _submissions(now: dt.datetime) -> str:
    removed, _ = FormSubmission.objects.filter(created_at__lt=now - KEEP_SUBMISSIONS).delete()
    return f"Removed {removed} submit-once rows."


def _sessions(now: dt.datetime) -> str:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "Removed expired sessions."


def _task_results(now: dt.datetime) -> str:
    removed, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()
    return f"Removed {removed} task results."


register("submissions", _submissions)
register("sessions", _sessions)
register("task results", _task_results)
