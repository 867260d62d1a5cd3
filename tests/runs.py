"""Helpers for tracked runs (leatadmin/core/runs.py): a worker killed mid-run, and its heartbeat gone quiet."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from leatadmin.core.runs import Abandon


def killed_after(monkeypatch, module, pages: int) -> None:
    """The worker running `module`'s run dies after `pages` pages: the run's
    row stays as that worker left it (running, with its progress)."""
    pages_of = module._pages

    def some_pages(*args, **kwargs):
        for number, page in enumerate(pages_of(*args, **kwargs)):
            if number >= pages:
                raise Abandon  # nothing more written, as if the process were gone
            yield page

    monkeypatch.setattr(module, "_pages", some_pages)


def stalled(run) -> None:
    """The run's heartbeat stopped longer ago than EXPORT_STALL_SECONDS (its worker is gone)."""
    type(run).objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(seconds=settings.EXPORT_STALL_SECONDS + 1))
    run.refresh_from_db()
