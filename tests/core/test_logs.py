"""Structured logs (issue 27): one JSON object per line, each with the request id
that follows the request into its Leat calls and its background task, and no
customer data in any line, whatever the journey."""

from __future__ import annotations

import io
import json
import logging
import secrets

import pytest
from django.urls import reverse

from leatadmin.contacts.models import TransactionExport
from leatadmin.core.logs import JsonFormatter, PlainFormatter
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged():
    """Everything the app logs from here on, as LOG_FORMAT=json writes it: the lines, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(secrets=["the-leat-key-never-logged"]))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # stricter than production's INFO: DEBUG lines must hold no customer data either

    def lines() -> list[dict]:
        handler.flush()
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.clear = lambda: (stream.seek(0), stream.truncate())
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_leat_calls_log_line_carries_the_request_id_staff_view_route_and_duration(agent, anna, logged):
    response = agent.get(reverse("contacts:detail", args=[anna.uuid]))
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    calls = [line for line in logged() if line["logger"] == "leatadmin.leat"]
    # The page's reads run in the read pool's threads: they carry the request's id all the same.
    assert len(calls) >= 3 and all(line["request_id"] == request_id for line in calls), calls
    profile = next(line for line in calls if line["leat_route"] == "contacts/{id}")
    assert profile["staff_id"] == agent.user.pk and profile["view"] == "contacts:detail" and profile["level"] == "INFO"
    assert isinstance(profile["duration_ms"], float) and profile["time"].endswith("+00:00")
    # The next request has its own id.
    assert agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)["X-Request-ID"] != request_id


def test_a_trusted_proxys_request_id_is_kept_and_a_browsers_is_not(client, settings):
    assert client.get("/livez", HTTP_X_REQUEST_ID="from-the-browser-123")["X-Request-ID"] != "from-the-browser-123"
    settings.TRUSTED_PROXY_HOPS = 1
    assert client.get("/livez", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")["X-Request-ID"] == "nginx-0123456789abcdef"
    assert client.get("/livez", HTTP_X_REQUEST_ID="anna@example.com")["X-Request-ID"] != "anna@example.com"


def test_the_request_id_follows_the_request_into_its_background_task(supervisor, anna, settings, monkeypatch, logged):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid]))
    request_id = started["X-Request-ID"]
    logged.clear()
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"request_id": request_id}

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert TransactionExport.objects.get().status == "done"
    task = DBTaskResult.objects.get()
    in_task = [line for line in logged() if line.get("task_id") == str(task.id)]
    assert all(line["request_id"] == request_id and line["view"] == "export_transactions_task" for line in in_task)
    # Every page's call, those made by the export's own threads too: 1,200 transactions, 100 a page.
    leat_calls = [line for line in logged() if line["logger"] == "leatadmin.leat"]
    assert len(leat_calls) == 12 and all(line.get("task_id") == str(task.id) and line["leat_route"] == "loyalty-transactions" for line in leat_calls)


def test_log_lines_are_redacted_as_a_safety_net():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad input %s from %s", ("anna.devries@example.com", "+31 6 12345678"), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "bad input [redacted] from [redacted]"
    plain = PlainFormatter("%(message)s", secrets=["sekrit-key-123"]).format(logging.LogRecord("x", logging.INFO, __file__, 1, "key sekrit-key-123 card 4111 1111 1111 1111", (), None))
    assert plain == "key [redacted] card [redacted]"


def test_the_main_journeys_log_no_customer_data(agent, manager, leat, anna, customer, shop, logged, sandbox):
    """Lookup, the contact page and its panels, a points write, a visit and a booking
    made, all logged as JSON at DEBUG: no email, name, phone or card number of the
    customers involved appears in any line."""
    # The lookup, by email (posted) and by card, then the page and every panel.
    lookup = agent.post(reverse("contacts:lookup"), {"email": anna.email})
    assert lookup.status_code == 302
    assert agent.get(lookup["Location"]).status_code == 200
    for panel in ("contacts:profile", "contacts:transactions", "contacts:visits", "contacts:bookings", "cards:panel", "subscriptions:panel", "prepaid:panel"):
        assert agent.get(reverse(panel, args=[anna.uuid]), **HTMX).status_code == 200
    # A points write, refused once, then done.
    url = reverse("loyalty:points", args=[customer.uuid])
    agent.post(url, form_data(agent, url, how="credits", credits="100000", shop=shop.uuid, reason="Too many"))
    assert agent.post(url, form_data(agent, url, how="credits", credits="7", shop=shop.uuid, reason="Coffee")).status_code == 302
    # A visit and a booking, by the customer's email.
    html = manager.get(reverse("visits:create")).content.decode()
    visit = {"token": html.split('name="token" value="')[1].split('"')[0], "shop": shop.uuid, "contact": anna.email, "starts_at": "2026-07-01T19:00", "ends_at": "", "source": "Phone", "external_id": f"V-{secrets.token_hex(3)}"}
    assert manager.post(reverse("visits:create"), visit).status_code == 302
    html = manager.get(reverse("bookings:create")).content.decode()
    booking = {**dict.fromkeys(["checked_in_at", "company_name", "source", "prepaid_amount"], ""), "token": html.split('name="token" value="')[1].split('"')[0], "shop": shop.uuid, "contact": anna.email,
               "starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "2", "status": "created", "external_id": f"B-{secrets.token_hex(3)}"}
    assert manager.post(reverse("bookings:create"), booking).status_code == 302

    lines = [line for line in logged() if not line["logger"].startswith("leatadmin.sandbox")]  # the emulated Leat's own lines are Leat's
    assert any(line["logger"] == "leatadmin.leat" for line in lines)
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    cards = [card.value for card in leat.identifiers.for_contact(anna.uuid)]
    personal = [anna.email, customer.email, anna.email.replace("@", "%40"), anna.firstname, anna.lastname, anna.name, anna.current_values.get("phonenumber"), *cards]
    assert cards and anna.current_values.get("phonenumber")
    found = [value for value in personal if value and value.lower() in text.lower()]
    assert not found, f"customer data in the log: {found}"
