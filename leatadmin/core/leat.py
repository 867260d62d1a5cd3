"""The app's handle on Leat: one `LeatClient` per configuration, shared by
every request (its connection pool is what makes repeated calls cheap)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from leatadmin.leat import LeatClient

from .observability import observe_leat_call


@functools.cache
def _client(url: str, key: str, timeout: float, retries: int, deadline: float) -> LeatClient:
    # The observer counts each call (core/metrics.py) and names its route in the request's error report and trace.
    return LeatClient(url, key, timeout=timeout, retries=retries, deadline=deadline, observer=observe_leat_call)


def read_deadline() -> float:
    """A Leat call's whole budget, retries included: it ends before the browser
    gives up on the request (REQUEST_DEADLINE_SECONDS, htmx's timeout), leaving
    the app time to answer with its own message."""
    return settings.REQUEST_DEADLINE_SECONDS * 0.8


def leat() -> LeatClient:
    return _client(settings.LEAT_API_URL, settings.LEAT_API_KEY, settings.LEAT_TIMEOUT, settings.LEAT_RETRIES, read_deadline())


@receiver(setting_changed)
def _forget_client(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("LEAT_") or setting == "REQUEST_DEADLINE_SECONDS":
        _client.cache_clear()
