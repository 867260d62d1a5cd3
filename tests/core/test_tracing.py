"""Traces (issue 27, optional): with OpenTelemetry on, a request, its Leat calls
and a background task are spans of one trace, and no span names a customer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from leatadmin.core import tracing
from tests.conftest import PageReadingClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    tracing.configure(endpoint="", exporter=exporter)
    yield exporter
    tracing.stop()


def test_tracing_is_off_and_not_imported_unless_an_endpoint_is_set(settings):
    import subprocess
    import sys

    code = "import django, sys; django.setup(); import leatadmin.urls; from leatadmin.core import tracing; print(tracing.enabled, 'opentelemetry.sdk' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"}, cwd=settings.BASE_DIR)
    assert result.stdout.split() == ["False", "False"], result.stderr[-2000:]


def test_a_request_its_leat_calls_and_its_task_are_one_trace(spans, make_staff, anna):
    supervisor = PageReadingClient()
    supervisor.force_login(make_staff("Supervisor"))
    assert supervisor.get(reverse("contacts:detail", args=[anna.uuid])).status_code == 200
    assert supervisor.post(reverse("contacts:export_transactions", args=[anna.uuid])).status_code == 302  # the tests' backend runs the task at once

    finished = spans.get_finished_spans()
    page = next(span for span in finished if span.kind.name == "SERVER" and span.attributes.get("http.route", "").startswith("contacts/"))
    calls = [span for span in finished if span.name.startswith("leat GET") and span.context.trace_id == page.context.trace_id]
    assert {"leat GET contacts/{id}", "leat GET loyalty-transactions"} <= {span.name for span in calls}
    assert all(span.parent.span_id == page.context.span_id for span in calls)  # made in the read pool's threads, under the request
    task = next(span for span in finished if span.name == "task export_transactions_task")
    in_task = [span for span in finished if span.parent is not None and span.parent.span_id == task.context.span_id]
    assert {span.name for span in in_task} == {"leat GET loyalty-transactions"}
    assert all(span.attributes["http.response.status_code"] == 200 for span in in_task)
    text = " ".join(f"{span.name} {dict(span.attributes)}" for span in finished)
    assert anna.email not in text and anna.email.replace("@", "%40") not in text and anna.lastname not in text
