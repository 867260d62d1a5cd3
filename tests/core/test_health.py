"""/healthz for the platform's health checks: app, database, cache and Leat."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_leat_check():
    cache.delete("healthz:leat")
    yield
    cache.delete("healthz:leat")


def test_healthz_checks_database_cache_and_leat_without_login(sandbox):
    sandbox.reset_stats()
    response = Client().get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {"ok": True, "checks": {"app": "ok", "database": "ok", "cache": "ok", "leat": "ok"}}
    assert sandbox.api_key not in response.content.decode()
    Client().get("/healthz")
    assert sandbox.stats()["total"] == 1  # cheap: Leat is asked once for a while, for every process


def test_healthz_says_when_leat_is_unreachable(settings):
    settings.LEAT_API_URL = "http://127.0.0.1:9"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"app": "ok", "database": "ok", "cache": "ok", "leat": "could not be reached"}


def test_healthz_says_when_leat_refuses_the_key(settings):
    settings.LEAT_API_KEY = "not-the-key"
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["leat"] == "refused the API key"
    assert "not-the-key" not in response.content.decode()


def test_livez_only_says_the_process_answers():
    assert Client().get("/livez").json() == {"ok": True}
