"""Shared fixtures: a real sandbox Leat over loopback HTTP for every test session.

Each pytest worker starts its own sandbox (own SQLite file, own port), seeded
with the demo data, and points the app's settings at it. Faults and call
counters are reset after every test.
"""

from __future__ import annotations

import secrets

import pytest

from leatadmin.leat import LeatClient
from leatadmin.sandbox.seed import seed
from leatadmin.sandbox.server import Sandbox
from leatadmin.sandbox.store import Store


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory) -> Sandbox:
    store = Store(tmp_path_factory.mktemp("sandbox") / "leat.sqlite3")
    seed(store)
    running = Sandbox(store, secrets.token_urlsafe(24), port=0).start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _leat_is_the_sandbox(request, sandbox):
    """Point the app at this worker's sandbox; leave it healthy for the next test."""
    from django.conf import settings as django_settings

    django_settings.LEAT_API_URL = sandbox.url
    django_settings.LEAT_API_KEY = sandbox.api_key
    from leatadmin.core.leat import _client

    _client.cache_clear()
    sandbox.reset()
    yield
    sandbox.reset()


@pytest.fixture
def leat(sandbox) -> LeatClient:
    """A client on the sandbox with short backoff, for client-level tests."""
    return LeatClient(sandbox.url, sandbox.api_key, timeout=3, backoff=0.01)


@pytest.fixture
def anna(leat):
    """The seeded contact with over a thousand transactions."""
    return leat.contacts.find_by_email("anna.devries@example.com")


@pytest.fixture
def unique_email():
    return f"test.{secrets.token_hex(5)}@example.com"
