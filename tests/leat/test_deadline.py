"""#10.6: reads are retried inside one total deadline, which ends before the
browser gives up; both come from REQUEST_DEADLINE_SECONDS."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from leatadmin.core.leat import leat, read_deadline
from leatadmin.leat import LeatClient, errors
from tests.conftest import HTMX


def test_a_slow_read_is_not_retried_past_the_deadline(sandbox):
    sandbox.faults.update({"latency_ms": 1500})
    client = LeatClient(sandbox.url, sandbox.api_key, timeout=1.0, retries=2, backoff=0.01, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(errors.Timeout):
        client.shops.list()
    assert time.monotonic() - started < 1.4  # before: three attempts, 3 s
    assert sandbox.stats()["total"] == 1


def test_a_fast_failure_is_still_retried_within_the_deadline(sandbox):
    sandbox.faults.update({"path_status": {"shops": 503}})
    client = LeatClient(sandbox.url, sandbox.api_key, timeout=1.0, retries=2, backoff=0.01, deadline=5)
    with pytest.raises(errors.LeatError):
        client.shops.list()
    assert sandbox.stats()["total"] == 3


def test_one_attempt_never_outlasts_the_deadline(sandbox):
    assert LeatClient(sandbox.url, sandbox.api_key, timeout=10, deadline=2).timeout == 2


@pytest.mark.django_db
def test_browser_timeout_and_read_deadline_come_from_one_setting(agent, anna, sandbox, settings):
    settings.REQUEST_DEADLINE_SECONDS = 2
    page = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    assert '"timeout": 2000,' in page  # htmx gives up after 2 s
    assert leat().deadline == read_deadline() < 2
    sandbox.faults.update({"path_latency_ms": {"contacts/": 3000}})
    started = time.monotonic()
    panel = agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    assert panel.status_code == 504 and "did not answer in time" in panel.content.decode()
    assert time.monotonic() - started < 2  # leatadmin's 504 arrives before the browser gives up
