"""The sandbox sends webhooks like Leat: signed, retried on failure."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from leatadmin.sandbox import webhooks

OAUTH = "/api/v3/oauth/clients/"


class Receiver:
    """A subscriber that fails the first `failures` deliveries with 500."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[bytes, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((body, self.headers.get("Signature", "")))
                status = 500 if len(receiver.received) <= receiver.failures else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, seconds: float = 5) -> None:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture
def api(sandbox):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {sandbox.api_key}"
    made = []

    def call(method, path, **kwargs):
        answer = session.request(method, sandbox.url + OAUTH + path, timeout=5, **kwargs)
        if method == "POST" and path == "webhook-subscriptions" and answer.status_code == 201:
            made.append(answer.json()["data"]["uuid"])
        return answer

    webhooks.outbox(sandbox.store).retry_seconds = 0.05
    yield call
    for uuid in made:  # the sandbox is shared by the session: leave no subscription behind
        session.delete(sandbox.url + OAUTH + f"webhook-subscriptions/{uuid}", timeout=5)


def test_subscriptions_are_created_listed_and_deleted(api):
    made = api("POST", "webhook-subscriptions", json={"name": "x", "event_type": "contact_created", "url": "http://127.0.0.1:9/x", "secret": "s"})
    assert made.status_code == 201 and made.json()["data"]["status"] == "ACTIVE"
    uuid = made.json()["data"]["uuid"]
    assert uuid in [s["uuid"] for s in api("GET", "webhook-subscriptions").json()["data"]]
    assert api("DELETE", f"webhook-subscriptions/{uuid}").status_code == 200
    assert api("GET", f"webhook-subscriptions/{uuid}").json()["code"] == 80300


def test_an_unknown_event_type_is_refused(api):
    answer = api("POST", "webhook-subscriptions", json={"name": "x", "event_type": "nonsense", "url": "http://127.0.0.1:9/x"})
    assert answer.status_code == 400 and answer.json()["code"] == 1003


def test_a_contact_change_is_delivered_signed_and_retried_until_accepted(api, unique_email):
    receiver = Receiver(failures=2)
    api("POST", "webhook-subscriptions", json={"name": "t", "event_type": "contact_updated", "url": receiver.url, "secret": "top-secret"})
    uuid = api("POST", "contacts", json={"email": unique_email}).json()["data"]["uuid"]
    assert api("PUT", f"contacts/{uuid}", json={"attributes": {"firstname": "Webhöok"}}).status_code == 200
    receiver.wait_for(3)
    assert len(receiver.received) == 3, "two failures, then accepted"
    bodies = {body for body, _ in receiver.received}
    assert len(bodies) == 1, "a retry sends the same body"
    body, signature = receiver.received[-1]
    # reference/getting-started-webhooks.mdx: hash_hmac('sha256', json_encode($payload), $secret), PHP's json_encode as sent.
    assert signature == hmac.new(b"top-secret", body, hashlib.sha256).hexdigest()
    payload = json.loads(body)
    assert body == json.dumps(payload, separators=(",", ":")).replace("/", "\\/").encode()
    assert b"https:\\/\\/leat.example" in body and b"Webh\\u00f6ok" in body
    assert set(payload) == {"type", "data"} and set(payload["data"]) == {"contact"}
    contact = payload["data"]["contact"]
    assert payload["type"] == "contact_updated" and contact["uuid"] == uuid and contact["current_values"]["firstname"] == "Webhöok"
    assert contact == api("GET", f"contacts/{uuid}").json()["data"], "the contact as GET contacts/{uuid} answers it"


def test_delivery_gives_up_after_five_retries(api, unique_email, sandbox):
    receiver = Receiver(failures=100)
    api("POST", "webhook-subscriptions", json={"name": "t", "event_type": "contact_created", "url": receiver.url, "secret": "s"})
    api("POST", "contacts", json={"email": unique_email})
    receiver.wait_for(7, seconds=4)
    assert len(receiver.received) == 6, "the first attempt and five retries"
