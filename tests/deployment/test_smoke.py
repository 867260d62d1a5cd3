"""The deployment as README describes it, over real HTTP: gunicorn with the
Procfile's three workers (and its gunicorn.conf.py), the task worker, PostgreSQL,
Redis and a sandbox Leat; with JSON logs and /metrics as an operator runs them
(docs/operations.md).

Runs when DATABASE_URL is PostgreSQL and CACHE_URL is Redis (make test's first
run). It creates its own database, starts every process in its own process
group, bounds every wait, and stops them all at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", "")
ANNA = "anna.devries@example.com"

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(not (DATABASE_URL.startswith("postgres") and CACHE_URL.startswith("redis")), reason="needs DATABASE_URL=postgres://... and CACHE_URL=redis://..."),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, seconds: float, what: str):
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        try:
            if result := check():
                return result
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Deployment:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.app = f"http://127.0.0.1:{free_port()}"
        self.sandbox_port = free_port()
        url = urlsplit(DATABASE_URL)
        self.database = "leatadmin_smoke_" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
        self.admin_url = url._replace(path="/postgres").geturl()
        self.password = secrets.token_urlsafe(12)
        self.totp = pyotp.random_base32()  # the smoke user's authenticator app (a second factor is required)
        self.access_log = tmp / "access.log"
        self.web_log, self.worker_log = tmp / "web.log", tmp / "worker.log"
        self.metrics_token = secrets.token_urlsafe(24)
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEAT", "PYTEST", "SANDBOX_", "SECRET", "DEBUG"))},
            "DJANGO_SETTINGS_MODULE": "leatadmin.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url._replace(path=f"/{self.database}").geturl(),
            "CACHE_URL": CACHE_URL,
            "LEAT_API_URL": f"http://127.0.0.1:{self.sandbox_port}",
            "LEAT_API_KEY": "smoke-" + secrets.token_urlsafe(16),
            "SANDBOX_DB": str(tmp / "sandbox.sqlite3"),
            "MEDIA_ROOT": str(tmp / "files"),
            "STATIC_ROOT": str(tmp / "static"),
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "METRICS_TOKEN": self.metrics_token,
            "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),  # shared by the web workers and the task worker
            "EXPORT_STALL_SECONDS": "3",  # so a killed worker's export is declared failed within the test
        }

    def _postgres(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True, timeout=120)

    def spawn(self, *command: str, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=kwargs.pop("stderr", subprocess.DEVNULL), start_new_session=True)
        self.processes.append(process)
        return process

    def start(self) -> None:
        self._postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._postgres(f'CREATE DATABASE "{self.database}"')
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("compile_translations", "-v0")
        self.manage("seed_sandbox", "--contacts", "20")
        self.manage("shell", "-c", (
            "from django.contrib.auth.models import Group, User; "
            f"u = User.objects.create_user('smoke', password='{self.password}'); "
            "u.groups.add(*Group.objects.filter(name__in=['Supervisor', 'Shop manager'])); "
            f"from allauth.mfa.models import Authenticator; Authenticator.objects.create(user=u, type='totp', data={{'secret': '{self.totp}'}})"
        ))
        self.spawn(sys.executable, "manage.py", "runsandbox", f"127.0.0.1:{self.sandbox_port}")
        self.worker = self.spawn(sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay", stderr=self.worker_log.open("w"))
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.gunicorn = self.spawn(
            gunicorn, "leatadmin.wsgi", "-c", "gunicorn.conf.py", "--bind", self.app.removeprefix("http://"), "--workers", "3", "--threads", "4",
            "--access-logfile", str(self.access_log), stderr=self.web_log.open("w"),
        )
        wait_until(lambda: requests.get(f"{self.app}/healthz", timeout=2).status_code == 200, seconds=30, what="gunicorn and a healthy /healthz")

    def sandbox_faults(self, **faults) -> None:
        url = f"http://127.0.0.1:{self.sandbox_port}/__sandbox/faults"
        requests.put(url, json=faults, headers={"Authorization": f"Bearer {self.env['LEAT_API_KEY']}"}, timeout=5).raise_for_status()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        try:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except Exception:  # the next run drops it first anyway
            pass

    def answering_workers(self, since_line: int, path: str) -> set[int]:
        """The gunicorn workers (pids) that answered `path` (the access log is JSON, core/logs.py)."""
        lines = [json.loads(line) for line in self.access_log.read_text().splitlines()[since_line:]]
        return {line["process"] for line in lines if line["path"] == path}

    def scrape(self) -> dict[tuple[str, tuple], float]:
        answer = requests.get(f"{self.app}/metrics", headers={"Authorization": f"Bearer {self.metrics_token}"}, timeout=10)
        assert answer.status_code == 200, answer.text[:300]
        return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value for family in text_string_to_metric_families(answer.text) for sample in family.samples}

    def logged(self, log: Path) -> list[dict]:
        """Every line the process logged, each a JSON object (a line that is not fails here)."""
        return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


@pytest.fixture
def deployment(tmp_path):
    running = Deployment(tmp_path)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_the_deployment_works_whichever_process_answers(deployment):
    app, web = deployment.app, requests.Session()

    # Log in.
    form = web.get(f"{app}/login/", timeout=10)
    answer = web.post(f"{app}/login/", data={"csrfmiddlewaretoken": csrf(form.text), "username": "smoke", "password": deployment.password}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"] == "/accounts/2fa/authenticate/", answer.text[:500]
    second = web.get(f"{app}/accounts/2fa/authenticate/", timeout=10)  # and the second factor
    answer = web.post(f"{app}/accounts/2fa/authenticate/", data={"csrfmiddlewaretoken": csrf(second.text), "code": pyotp.TOTP(deployment.totp).now()}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    # A Dutch browser reads Dutch (the compiled catalog, as deployed).
    assert "<h1>Klant zoeken</h1>" in web.get(f"{app}/contacts/", headers={"Accept-Language": "nl-NL,nl;q=0.9"}, timeout=10).text

    # Look up (posted; no email in the URL), then the contact page and its profile panel.
    lookup = web.get(f"{app}/contacts/", timeout=10)
    found = web.post(f"{app}/contacts/", data={"csrfmiddlewaretoken": csrf(lookup.text), "email": ANNA}, allow_redirects=False, timeout=10)
    assert found.status_code == 302 and "@" not in found.headers["Location"]
    contact_url = app + found.headers["Location"]
    uuid = contact_url.rstrip("/").rsplit("/", 1)[1]
    contact_page = web.get(contact_url, timeout=10)
    assert contact_page.status_code == 200
    profile = web.get(f"{contact_url}profile/", headers={"HX-Request": "true"}, timeout=10)
    assert profile.status_code == 200 and ANNA in profile.text

    # Create a booking.
    form = web.get(f"{app}/bookings/new/", timeout=10).text
    shop = re.search(r'<option value="([^"]+)"', re.search(r'name="shop".*?</select>', form, re.S).group(0)).group(1)
    booking = {
        "csrfmiddlewaretoken": csrf(form), "token": re.search(r'name="token" value="([^"]+)"', form).group(1), "shop": shop, "contact": ANNA,
        "starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "4", "status": "created", "prepaid_amount": "12.50",
        "checked_in_at": "", "company_name": "Smoke BV", "source": "", "external_id": f"S-{secrets.token_hex(3)}",
    }
    created = web.post(f"{app}/bookings/new/", data=booking, allow_redirects=False, timeout=15)
    assert created.status_code == 302 and created.headers["Location"].startswith("/bookings/"), created.text[:1000]
    assert "Smoke BV" in web.get(app + created.headers["Location"], timeout=10).text

    # Export the transactions through the task worker, across a graceful reload of the web workers (a deploy).
    started = started_first = web.post(f"{app}/contacts/{uuid}/transactions/export/", data={"csrfmiddlewaretoken": csrf(form)}, allow_redirects=False, timeout=10)
    assert started.status_code == 302
    progress_url = app + started.headers["Location"]
    os.kill(deployment.gunicorn.pid, signal.SIGHUP)

    def finished() -> str | None:
        html = web.get(progress_url, headers={"HX-Request": "true"}, timeout=10).text
        return html if "Download CSV" in html or "failed" in html else None

    page = wait_until(finished, seconds=60, what="the export")
    assert "Download CSV" in page, page
    download = web.get(f"{progress_url}download/", timeout=30)
    assert download.status_code == 200 and download.text.count("\n") == 1201  # the header and Anna's 1,200 transactions

    # Metrics, summed over the web workers and the task worker: panel views on new connections
    # (the kernel hands them to different workers), then one scrape counts every one of them.
    since = len(deployment.access_log.read_text().splitlines())
    views = 15
    for _ in range(views):
        answer = requests.get(f"{contact_url}profile/", headers={"HX-Request": "true", "Connection": "close"}, cookies={"sessionid": web.cookies["sessionid"]}, timeout=10)
        assert answer.status_code == 200
    assert len(deployment.answering_workers(since, f"/contacts/{uuid}/profile/")) >= 2
    assert requests.get(f"{app}/metrics", timeout=10).status_code == 403  # never without the token
    samples = deployment.scrape()

    def metric(name: str, **labels) -> float:
        return samples.get((name, tuple(sorted(labels.items()))), 0.0)

    assert metric("leatadmin_http_requests_total", view="contacts:profile", method="GET", status="200") == views + 1
    assert metric("leatadmin_http_requests_total", view="contacts:detail", method="GET", status="200") == 1
    assert metric("leatadmin_http_request_duration_seconds_count", view="contacts:detail") == 1
    assert metric("leatadmin_writes_total", action="booking.create", outcome="done") == 1
    # The export's twelve pages were read by the task worker: its counts are in the sum too.
    assert metric("leatadmin_leat_requests_total", route="loyalty-transactions", method="GET", status="200") >= 12 + 1
    assert metric("leatadmin_leat_rate_limit") == 5000 and metric("leatadmin_task_queue_depth") == 0

    # The task worker killed mid-export: the export ends as failed and its page stops polling.
    deployment.sandbox_faults(latency_ms=1000)
    started = web.post(f"{app}/contacts/{uuid}/transactions/export/", data={"csrfmiddlewaretoken": csrf(form)}, allow_redirects=False, timeout=10)
    progress_url = app + started.headers["Location"]
    wait_until(lambda: "Fetching from Leat" in web.get(progress_url, headers={"HX-Request": "true"}, timeout=10).text, seconds=20, what="the export running")
    os.killpg(deployment.worker.pid, signal.SIGKILL)
    deployment.sandbox_faults(latency_ms=0)
    page = wait_until(finished, seconds=20, what="the dead export to be declared failed")
    assert "The export failed." in page and "stopped" in page and "every 1s" not in page

    # Log out; the old session cookie is refused by every worker.
    old_session = web.cookies["sessionid"]
    home = web.get(f"{app}/contacts/", timeout=10)
    assert web.post(f"{app}/logout/", data={"csrfmiddlewaretoken": csrf(home.text)}, allow_redirects=False, timeout=10).status_code == 302
    since = len(deployment.access_log.read_text().splitlines())
    answers = []
    for _ in range(60):
        # A new connection each time, so the kernel hands them to different workers.
        answer = requests.get(f"{app}/contacts/", cookies={"sessionid": old_session}, headers={"Connection": "close"}, allow_redirects=False, timeout=10)
        answers.append((answer.status_code, answer.headers.get("Location", "")))
        if len(answers) >= 30 and len(deployment.answering_workers(since, "/contacts/")) == 3:
            break
    assert all(status == 302 and location.startswith("/login/") for status, location in answers), answers
    assert len(deployment.answering_workers(since, "/contacts/")) == 3

    # The logs: every line a JSON object; the contact page's request id on its Leat calls and in the
    # access log, the export's on the task worker's Leat calls; no customer's email anywhere.
    web_lines, worker_lines = deployment.logged(deployment.web_log), deployment.logged(deployment.worker_log)
    page_id, export_id = contact_page.headers["X-Request-ID"], started_first.headers["X-Request-ID"]
    assert {line["leat_route"] for line in web_lines if line.get("request_id") == page_id and line["logger"] == "leatadmin.leat"} >= {"loyalty-transactions", "visits"}
    assert any(line.get("request_id") == page_id and line["path"] == f"/contacts/{uuid}/" for line in deployment.logged(deployment.access_log))
    exported = [line for line in worker_lines if line.get("request_id") == export_id and line["logger"] == "leatadmin.leat"]
    assert len(exported) >= 12 and all(line.get("task_id") and line["view"] == "export_transactions_task" for line in exported)
    everything = deployment.web_log.read_text() + deployment.worker_log.read_text() + deployment.access_log.read_text()
    assert ANNA not in everything and ANNA.replace("@", "%40") not in everything
