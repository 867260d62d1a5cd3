"""Security properties: deploy settings, headers, login throttling, sessions,
CSRF, escaping, and the API key never leaving the server."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import HTMX

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEAT", "SECRET", "DEBUG", "CACHE_URL", "DATABASE_URL"))}
    environment.update({"DJANGO_SETTINGS_MODULE": "leatadmin.settings", **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "LEAT_API_KEY": "prod-key", "ALLOWED_HOSTS": "admin.example.com", "DATABASE_URL": "sqlite:////tmp/leatadmin-deploy-check.sqlite3", "CACHE_URL": "redis://127.0.0.1:6379/0"}


def test_check_deploy_is_clean_with_production_settings():
    result = run_django(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("cache", [None, "locmemcache://", "dummycache://"])
def test_production_refuses_a_per_process_cache(cache):
    """#10.3: without a shared CACHE_URL each gunicorn worker had its own cache
    (a logged-out session still worked on other workers; 14 log-in guesses, not 5)."""
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"} | ({"CACHE_URL": cache} if cache else {})
    result = run_django(env, "check")
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


@pytest.mark.parametrize("missing", [{"SECRET_KEY": ""}, {"SECRET_KEY": "django-insecure-short"}, {"LEAT_API_KEY": ""}])
def test_production_refuses_to_start_without_real_keys(missing):
    result = run_django({**PRODUCTION, **missing}, "check")
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_security_headers(agent):
    response = agent.get(reverse("contacts:lookup"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in response.content.decode().replace("<script src=", "")  # no inline script


def test_htmx_requests_carry_the_csrf_token(agent):
    html = agent.get(reverse("contacts:lookup")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


def test_posts_without_csrf_token_are_refused(make_staff, unique_email, sandbox):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("Customer service"))
    assert client.post(reverse("contacts:create"), {"email": unique_email}).status_code == 403
    assert sandbox.stats()["total"] == 0


def test_logout_is_post_only_and_works(agent):
    assert agent.get(reverse("logout")).status_code == 405
    agent.post(reverse("logout"))
    assert agent.get(reverse("contacts:lookup"))["Location"].startswith("/login/")


def test_login_is_throttled(client, make_staff, settings):
    user = make_staff("Customer service")
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw"})
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = make_staff("Customer service")
    assert client.post(reverse("login"), {"username": other.username, "password": "pw"}).status_code == 302


def test_idle_session_ends(agent, settings):
    session = agent.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = agent.get(reverse("contacts:lookup"), follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "logged out after a while without activity" in response.content.decode()


def test_active_session_is_not_rewritten_on_every_request(agent):
    agent.get(reverse("contacts:lookup"))
    seen = agent.session["last_seen"]
    agent.get(reverse("contacts:lookup"))
    assert agent.session["last_seen"] == seen


def test_the_api_key_never_reaches_pages_logs_or_errors(agent, supervisor, sandbox, anna, caplog, settings, unique_email):
    key = sandbox.api_key
    caplog.set_level(logging.DEBUG)
    pages = [
        agent.post(reverse("contacts:lookup"), {"email": anna.email}, follow=True),
        agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX),
        agent.get(reverse("contacts:transactions", args=[anna.uuid]), **HTMX),
        agent.post(reverse("contacts:create"), {"email": unique_email}),
        supervisor.get(reverse("audit:list")),
        supervisor.get(reverse("audit:export")),
    ]
    sandbox.faults.update({"maintenance": True})
    pages.append(agent.get(reverse("contacts:visits", args=[anna.uuid]), **HTMX))
    sandbox.faults.reset()
    settings.LEAT_API_KEY = "wrong-" + key  # Leat refuses the key: the error page must not show it
    refused = agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    assert refused.status_code == 502 and "refused leatadmin&#x27;s API key" in refused.content.decode()
    pages.append(refused)
    for response in pages:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert key.encode() not in body
    assert key not in caplog.text
    assert "leat GET contacts/find-one-by -> 200" in caplog.text  # the log is there, without the key


def test_leat_unreachable_is_a_502_page(agent, settings):
    settings.LEAT_API_URL = "http://127.0.0.1:9"
    settings.LEAT_RETRIES = 0
    response = agent.post(reverse("contacts:lookup"), {"email": "anna.devries@example.com"})
    assert response.status_code == 502 and "Leat could not be reached." in response.content.decode()


def test_oversized_input_is_a_form_error(agent, sandbox):
    response = agent.post(reverse("contacts:create"), {"email": "a" * 100_000 + "@example.com", "referral_code": "x" * 10_000})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert sandbox.stats()["total"] == 0


def test_contact_names_are_escaped_everywhere(supervisor, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    supervisor.post(reverse("contacts:edit", args=[uuid]), {"firstname": "<img src=x onerror=alert(1)>"})
    for html in (
        supervisor.get(reverse("contacts:profile", args=[uuid]), **HTMX).content.decode(),
        supervisor.get(reverse("audit:list")).content.decode(),
        supervisor.get(reverse("contacts:lookup")).content.decode(),
    ):
        assert "<img src=x" not in html
