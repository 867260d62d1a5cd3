"""The sandbox's HTTP side: auth, rate limits, faults, stats, and the
`Sandbox` that serves the routes the area modules register. Reading a
request's body is in `bodies`, the rate-limit window in `throttle`.

Sandbox-only controls live under `/__sandbox/` (same bearer key):

* `GET /__sandbox/stats` and `POST /__sandbox/stats/reset`: API calls counted
  per route, so tests and the benchmark can check how many calls a page made;
* `GET|PUT /__sandbox/faults` and `POST /__sandbox/faults/reset`;
* `GET /__sandbox/mails[?contact_uuid=...]`: the mails Leat would have sent
  (double opt-in confirmations), oldest first;
* `POST /__sandbox/subscriptions/confirm` (`contact_uuid`,
  `subscription_type_uuid`): the contact confirms a pending double opt-in.
"""

from __future__ import annotations

import hmac
import json
import logging
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Importing the areas registers their routes.
from . import attributes, bookings, contact_list, contacts, identifiers, loyalty, prepaid, rewards, shops, subscriptions, transactions, visits, webhooks  # noqa: F401
from .bodies import MAX_BODY, parse_body
from .counter_areas import COUNTER_AREAS  # noqa: F401 - the counter's areas (vouchers, gift cards, rewards to collect)
from .db import Store
from .errors import ApiError
from .faults import Faults
from .routes import JsonText, match
from .throttle import RateWindow

logger = logging.getLogger("leatadmin.sandbox")


# --- The server ------------------------------------------------------------


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the second
    # waits for the client's delayed ACK (~40 ms a call), which Leat has not.
    disable_nagle_algorithm = True
    server: SandboxHTTPServer
    answer_at = 0.0  #: when the answer may leave (the latency set); none before a route is known

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self.handle_api()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def handle_api(self) -> None:
        arrived = time.monotonic()
        self.answer_at = 0.0  # a kept-alive connection's next request starts again
        sandbox = self.server.sandbox
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_json(413, {"message": "Payload too large."})
            return
        raw = self.rfile.read(length) if length else b""

        if not self.authorised(sandbox.api_key):
            self.send_json(401, {"message": "Unauthenticated."})
            return
        if parts.path.startswith("/__sandbox/"):
            self.control(parts.path, parts.query, raw)
            return

        faults = sandbox.faults
        sandbox.store.contact_limit = faults.contact_limit
        sandbox.store.purge_due_deletions()  # scheduled deletions that are due happen first
        if faults.take("drop_next") or faults.chance(faults.drop_rate) or (self.command != "GET" and faults.take("drop_writes_next")):
            self.drop()
            return
        try:
            found = match(self.command, parts.path)
        except ApiError as error:
            self.send_json(error.status, error.body())
            return
        if found is None:
            self.send_json(404, {"message": "Not found."})
            return
        endpoint, args = found
        sandbox.count(endpoint.name)  # on arrival, so a slow answer is counted when it was asked
        delay = faults.latency_ms + max((ms for key, ms in faults.path_latency_ms.items() if key in parts.path), default=0)
        # The answer leaves `delay` ms after the call arrived (or when its work is
        # done, if later): Leat does its work within the time it takes to answer,
        # on servers of its own. Sleeping first and working after would queue a
        # page's parallel calls behind each other in this one Python process, a
        # delay Leat does not have.
        self.answer_at = arrived + delay / 1000

        remaining, over = sandbox.rate.hit(faults.rate_limit)
        limit_headers = {"X-RateLimit-Limit": str(faults.rate_limit), "X-RateLimit-Remaining": str(remaining)}
        if faults.maintenance:
            self.send_json(503, {"message": "Service Unavailable"}, limit_headers)
            return
        if faults.rate_limited or over:
            headers = {**limit_headers, "Retry-After": str(faults.retry_after), "X-RateLimit-Remaining": "0"}
            self.send_json(429, {"message": "Too Many Attempts."}, headers)
            return
        forced = next((status for key, status in faults.path_status.items() if key in parts.path), None)
        if forced is None and faults.take("fail_next"):
            forced = faults.fail_status
        if forced is None and faults.chance(faults.error_rate):
            forced = 500
        if forced is not None:
            headers = {**limit_headers, **({"Retry-After": str(faults.retry_after)} if forced == 429 else {})}
            message = {429: "Too Many Attempts.", 503: "Service Unavailable"}.get(forced, "Server Error")
            self.send_json(forced, {"message": message}, headers)
            return
        if faults.take("garbage_next"):
            self.send_raw(200, b"<html><body>502 Bad Gateway</body></html>", "text/html", limit_headers)
            return

        try:
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            body = parse_body(self.headers.get("Content-Type", "application/json"), raw)
            status, payload = endpoint.handler(sandbox.store, {**query, **body}, args)
        except ApiError as error:
            status, payload = error.status, error.body()
        except Exception:  # a sandbox bug must look like Leat's 500, not hang the client
            logger.exception("sandbox error on %s %s", self.command, parts.path)
            status, payload = 500, {"message": "Server Error"}
        webhooks.after_request(sandbox.store, endpoint.name, args, status, payload)  # a changed contact becomes an event
        if self.command != "GET" and faults.take("lose_answer_next"):
            self.lose_answer(faults.lose_answer_as, faults.lose_answer_delay_ms, limit_headers)
            return
        self.send_json(status, payload, limit_headers)

    def lose_answer(self, how: str, delay_ms: float, headers: dict[str, str]) -> None:
        """Leat acted, but its answer never arrives in a usable form."""
        if how == "garbage":
            self.send_raw(200, b"<html><body>502 Bad Gateway</body></html>", "text/html", headers)
            return
        if how == "timeout":
            time.sleep(delay_ms / 1000)
            self.send_json(504, {"message": "Gateway Timeout"}, headers)  # too late: the client has given up
            return
        self.drop()

    def wait_for_answer_time(self) -> None:
        wait = self.answer_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def drop(self) -> None:
        self.wait_for_answer_time()
        self.close_connection = True
        try:
            self.connection.shutdown(2)  # the client sees the connection die unanswered
        except OSError:
            pass

    def authorised(self, api_key: str) -> bool:
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), api_key.encode())

    def control(self, path: str, query: str, raw: bytes) -> None:
        sandbox = self.server.sandbox
        if path == "/__sandbox/mails" and self.command == "GET":
            self.send_json(200, {"data": subscriptions.mails(sandbox.store, dict(parse_qsl(query)))})
        elif path == "/__sandbox/subscriptions/confirm" and self.command == "POST":
            try:
                confirmed = subscriptions.confirm(sandbox.store, parse_body(self.headers.get("Content-Type", "application/json"), raw))
            except ApiError as error:
                self.send_json(error.status, error.body())
                return
            self.send_json(200, {"data": subscriptions.subscription_json(confirmed)})
        elif path == "/__sandbox/stats" and self.command == "GET":
            self.send_json(200, sandbox.stats())
        elif path == "/__sandbox/stats/reset" and self.command == "POST":
            sandbox.reset_stats()
            self.send_json(200, sandbox.stats())
        elif path == "/__sandbox/faults" and self.command == "GET":
            self.send_json(200, sandbox.faults.as_dict())
        elif path == "/__sandbox/faults" and self.command == "PUT":
            try:
                sandbox.faults.update(json.loads(raw or b"{}"))
            except (ValueError, TypeError) as error:
                self.send_json(400, {"message": str(error)})
                return
            self.send_json(200, sandbox.faults.as_dict())
        elif path == "/__sandbox/faults/reset" and self.command == "POST":
            sandbox.faults.reset()
            sandbox.rate.reset()
            self.send_json(200, sandbox.faults.as_dict())
        else:
            self.send_json(404, {"message": "Not found."})

    def send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        text = payload.text if isinstance(payload, JsonText) else json.dumps(payload, separators=(",", ":"))  # compact, as Leat's PHP sends it
        self.send_raw(status, text.encode(), "application/json", headers)

    def send_raw(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.wait_for_answer_time()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, SandboxHandler)

    def handle_error(self, request, client_address) -> None:
        # A client that hung up (timeouts, dropped-connection faults) is normal here.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class Sandbox:
    """A running sandbox: store, faults, counters and the HTTP server."""

    def __init__(self, store: Store, api_key: str, *, faults: Faults | None = None, host: str = "127.0.0.1", port: int = 8001) -> None:
        if not api_key:
            raise ValueError("The sandbox needs an API key to accept.")
        self.store = store
        self.api_key = api_key
        self.faults = faults or Faults()
        self.rate = RateWindow()
        self._counts: Counter[str] = Counter()
        self._counts_lock = threading.Lock()
        self.httpd = SandboxHTTPServer((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def count(self, name: str) -> None:
        with self._counts_lock:
            self._counts[name] += 1

    def stats(self) -> dict[str, Any]:
        with self._counts_lock:
            return {"total": sum(self._counts.values()), "routes": dict(self._counts)}

    def reset_stats(self) -> None:
        with self._counts_lock:
            self._counts.clear()

    def reset(self) -> None:
        """Healthy again: no faults, no counted calls, a fresh rate-limit window."""
        self.faults.reset()
        self.rate.reset()
        self.reset_stats()

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> Sandbox:
        """Serve from a background thread (tests, benchmarks)."""
        self._thread = threading.Thread(target=self.serve_forever, name="leat-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
