"""/metrics (issue 27): for Prometheus only, and counting what staff, Leat and the
worker did. The counts are read the way Prometheus reads them: a scrape, parsed."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

import pytest
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from leatadmin.contacts.models import TransactionExport
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db

TOKEN = "metrics-" + "t" * 24


@pytest.fixture
def scraping(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []


def scrape(client: Client | None = None) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape: {(name, sorted labels): value}."""
    response = (client or Client()).get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value for family in text_string_to_metric_families(response.content.decode()) for sample in family.samples}


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def grew(before, after, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


# --- who may read it ------------------------------------------------------------------------


def test_metrics_do_not_exist_until_a_token_or_an_address_is_set(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert client.get("/metrics").status_code == 404


def test_metrics_are_refused_without_the_token_even_to_a_logged_in_supervisor(scraping, supervisor):
    anonymous = Client()
    assert anonymous.get("/metrics").status_code == 403
    assert anonymous.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token-wrong-token").status_code == 403
    assert anonymous.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    assert supervisor.get("/metrics").status_code == 403  # a staff log-in is no way in
    answer = anonymous.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200 and b"leatadmin_http_requests_total" in answer.content
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
    assert anonymous.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_metrics_by_address_count_the_client_behind_the_trusted_proxy(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", ["10.0.0.0/8", "192.0.2.7"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.TRUSTED_PROXY_HOPS = 1
    # The proxy (not allowed itself) says who the client is; what the client wrote further left proves nothing.
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9").status_code == 403


# --- what it counts ---------------------------------------------------------------------------


def test_page_views_leat_calls_and_a_write_are_counted(scraping, agent, customer, shop):
    before = scrape()
    assert agent.get(reverse("contacts:detail", args=[customer.uuid])).status_code == 200
    assert agent.get(reverse("contacts:profile", args=[customer.uuid]), **HTMX).status_code == 200
    url = reverse("loyalty:points", args=[customer.uuid])
    assert agent.post(url, form_data(agent, url, how="credits", credits="5", shop=shop.uuid, reason="Metrics")).status_code == 302
    after = scrape()

    assert grew(before, after, "leatadmin_http_requests_total", view="contacts:detail", method="GET", status="200") == 1
    assert grew(before, after, "leatadmin_http_requests_total", view="loyalty:points", method="POST", status="302") == 1
    # The streamed page is timed to its last byte, once.
    assert grew(before, after, "leatadmin_http_request_duration_seconds_count", view="contacts:detail") == 1
    assert grew(before, after, "leatadmin_leat_requests_total", route="contacts/{id}", method="GET", status="200") >= 2
    assert grew(before, after, "leatadmin_leat_requests_total", route="credit-receptions", method="POST", status="200") == 1
    assert grew(before, after, "leatadmin_leat_request_duration_seconds_count", route="credit-receptions", method="POST") == 1
    assert grew(before, after, "leatadmin_writes_total", action="loyalty.credits", outcome="done") == 1
    # Leat's rate-limit headers (the sandbox allows 5000 a minute).
    assert value(after, "leatadmin_leat_rate_limit") == 5000
    assert 0 < value(after, "leatadmin_leat_rate_limit_remaining") < 5000


def test_retries_timeouts_and_refused_and_unknown_writes_are_counted(scraping, agent, sandbox, customer, shop):
    before = scrape()
    sandbox.faults.update({"fail_next": 1, "fail_status": 502})
    assert agent.get(reverse("contacts:profile", args=[customer.uuid]), **HTMX).status_code == 200  # read again after the 502
    url = reverse("loyalty:points", args=[customer.uuid])
    sandbox.faults.update({"path_status": {"credit-receptions": 422}})
    agent.post(url, form_data(agent, url, how="credits", credits="5", shop=shop.uuid, reason="Refused"))
    sandbox.faults.update({"path_status": {}, "lose_answer_next": 1, "lose_answer_as": "timeout", "lose_answer_delay_ms": 6000})
    agent.post(url, form_data(agent, url, how="credits", credits="6", shop=shop.uuid, reason="Lost"))
    after = scrape()

    assert grew(before, after, "leatadmin_leat_retries_total", route="contacts/{id}", method="GET") >= 1
    assert grew(before, after, "leatadmin_writes_total", action="loyalty.credits", outcome="refused") == 1
    assert grew(before, after, "leatadmin_leat_requests_total", route="credit-receptions", method="POST", status="422") == 1
    assert grew(before, after, "leatadmin_leat_timeouts_total", route="credit-receptions", method="POST") == 1
    assert grew(before, after, "leatadmin_leat_requests_total", route="credit-receptions", method="POST", status="timeout") == 1
    # The lost answer is settled against the transaction Leat made, or stays unknown: either way counted.
    assert grew(before, after, "leatadmin_writes_total", action="loyalty.credits", outcome="unknown") == 1


def test_sign_in_failures_and_lockouts_are_counted(scraping, make_staff, settings):
    settings.LOGIN_FAILURES_ALLOWED = 2
    make_staff("Customer service", username="counted")
    before = scrape()
    for _ in range(3):
        Client().post(reverse("login"), {"username": "counted", "password": "wrong"})
    after = scrape()
    assert grew(before, after, "leatadmin_login_failures_total") == 2
    assert grew(before, after, "leatadmin_login_lockouts_total") == 1


def test_webhook_deliveries_are_counted_by_result(scraping, settings):
    settings.LEAT_WEBHOOK_SECRET = "account-secret"
    body = json.dumps({"type": "contact_updated", "data": {"contact": {"uuid": "c-metrics", "email": "x@example.com", "current_values": {"firstname": "X"}}}}).encode()
    signature = hmac.new(b"account-secret", body, hashlib.sha256).hexdigest()
    client = Client()
    before = scrape()
    for sent in (signature, signature, "wrong"):
        client.post("/webhooks/leat/", body, content_type="application/json", HTTP_SIGNATURE=sent)
    after = scrape()
    assert grew(before, after, "leatadmin_webhook_deliveries_total", result="processed") == 1
    assert grew(before, after, "leatadmin_webhook_deliveries_total", result="duplicate") == 1
    assert grew(before, after, "leatadmin_webhook_deliveries_total", result="bad_signature") == 1


def test_the_task_queue_and_the_runs_under_way_are_read_at_each_scrape(scraping, supervisor, anna, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = scrape()
    assert value(before, "leatadmin_task_queue_depth") == 0 and value(before, "leatadmin_task_queue_oldest_age_seconds") == 0
    started = supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    assert started.status_code == 302 and TransactionExport.objects.get().status == "queued"
    after = scrape()
    assert value(after, "leatadmin_task_queue_depth") == 1
    assert value(after, "leatadmin_task_queue_oldest_age_seconds") > 0
    assert value(after, "leatadmin_runs_active", kind="contacts.transactionexport", status="queued") == 1
    assert value(after, "leatadmin_runs_active", kind="visits.visitindexrun", status="running") == 0


def test_a_label_never_holds_what_a_request_carries(scraping, client):
    """A made-up method or path adds no label value of its own (no customer data, no unbounded series)."""
    client.generic("FROBNICATE", f"/contacts/{secrets.token_hex(4)}@example.com/")
    text = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert "FROBNICATE" not in text and "@example.com" not in text
    assert 'view="unmatched"' in text or 'view="' in text
