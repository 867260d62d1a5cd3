"""Error reports (issue 27): an event captured through the SDK's own transport
interface says the release, the environment, the staff member (id and role),
the request id and the Leat route, and holds no customer data and no Leat key."""

from __future__ import annotations

import json
import subprocess

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.transport import Transport

from leatadmin.core import sentry

pytestmark = pytest.mark.django_db


class CapturedTransport(Transport):
    """A transport as the SDK defines them, keeping what it is given instead of sending it."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self) -> list[dict]:
        return [json.loads(item.get_bytes()) for envelope in self.envelopes for item in envelope.items if item.type == "event"]

    def sent(self) -> str:
        """Everything handed to the transport, as bytes on the wire would read."""
        return "\n".join(item.get_bytes().decode("utf-8", "replace") for envelope in self.envelopes for item in envelope.items)


@pytest.fixture
def reported(settings):
    transport = CapturedTransport({"dsn": "https://public@sentry.example.invalid/1"})
    sentry.init(dsn="https://public@sentry.example.invalid/1", environment="staging", release="", traces_sample_rate=1.0, leat_api_key=settings.LEAT_API_KEY, transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def git_revision() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.urls("tests.core.broken_urls")
def test_an_error_report_says_who_and_where_and_holds_no_customer_data(reported, make_staff, anna, settings):
    staff = Client(raise_request_exception=False)
    staff.force_login(user := make_staff("Customer service"))
    response = staff.post("/broken/", {"email": anna.email, "note": f"{anna.name} {anna.current_values.get('phonenumber')} CARD-200001"})
    assert response.status_code == 500
    sentry_sdk.flush()

    (event,) = [event for event in reported.events() if event.get("exception")]
    assert event["release"] == git_revision() and event["environment"] == "staging"
    assert event["user"] == {"id": str(user.pk)}
    assert event["tags"]["staff.role"] == "Customer service"
    assert event["tags"]["leat.route"] == "contacts/find-one-by"
    assert event["tags"]["request_id"] == response["X-Request-ID"] and event["tags"]["view"] == "tests.core.broken_urls.broken"
    # No body, no cookies (the URL and method come from gunicorn's WSGI side, which the test client skips).
    assert not {"data", "cookies", "query_string", "env"} & set(event.get("request", {}))
    # The bug's message named the customer: withheld; its type and where it happened stay.
    (raised,) = event["exception"]["values"]
    assert raised["type"] == "ValueError" and raised["value"] == sentry.WITHHELD and raised["stacktrace"]["frames"][-1]["function"] == "broken"

    everything = reported.sent()  # the event, and the trace that went with it
    for personal in (anna.email, anna.firstname, anna.lastname, anna.current_values["phonenumber"], "CARD-200001", settings.LEAT_API_KEY, "sessionid", "csrftoken"):
        assert personal not in everything, personal


def test_an_error_logged_in_a_background_task_is_reported_with_its_request_id(reported):
    from leatadmin.core.request_context import CURRENT, Context

    CURRENT.set(Context(request_id="r-123", view="export_transactions_task", task_id="t-1"))
    try:
        try:
            raise RuntimeError("export for anna.devries@example.com failed")
        except RuntimeError:
            import logging

            logging.getLogger("leatadmin.core.runs").exception("TransactionExport 1 failed")
    finally:
        CURRENT.set(None)
    sentry_sdk.flush()
    (event,) = reported.events()
    assert event["tags"]["request_id"] == "r-123" and event["tags"]["task_id"] == "t-1" and event["user"] == {}
    assert "anna.devries@example.com" not in reported.sent()
