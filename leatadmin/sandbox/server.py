"""The sandbox's HTTP side: routing, bodies, auth, rate limits, faults, stats.

Routes live under Leat's OAuth prefix `/api/v3/oauth/clients/`; the contact
routes also answer under the Register API prefix `/api/v3/register/`.
Sandbox-only controls live under `/__sandbox/` (same bearer key):

* `GET /__sandbox/stats` and `POST /__sandbox/stats/reset`: API calls counted
  per route, so tests and the benchmark can check how many calls a page made;
* `GET|PUT /__sandbox/faults` and `POST /__sandbox/faults/reset`.
"""

from __future__ import annotations

import email.parser
import email.policy
import hmac
import json
import logging
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from . import representations as rep
from .errors import ApiError, invalid
from .faults import Faults
from .store import Store

logger = logging.getLogger("leatadmin.sandbox")

OAUTH_PREFIX = "/api/v3/oauth/clients/"
REGISTER_PREFIX = "/api/v3/register/"
MAX_BODY = 1_000_000

Handler = Callable[["Api", dict[str, Any], tuple[str, ...]], tuple[int, Any]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    name: str
    handler: Handler
    register: bool = False  # also served under the Register API prefix


ROUTES: list[Route] = []


def route(method: str, path: str, *, register: bool = False) -> Callable[[Handler], Handler]:
    """`path` uses `{id}` for one opaque path segment."""
    regex = re.compile("^" + re.escape(path).replace(r"\{id\}", "([^/]+)") + "$")

    def decorate(handler: Handler) -> Handler:
        ROUTES.append(Route(method, regex, f"{method} {path}", handler, register))
        return handler

    return decorate


class Api:
    """The API operations, one function per route, over one Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def contact_response(self, uuid: str) -> tuple[int, Any]:
        return 200, rep.envelope(rep.contact(self.store, self.store.contact(uuid)))

    # Contacts ------------------------------------------------------------

    @route("GET", "contacts/find-one-by", register=True)
    def find_one_by(self, data, args):
        return 200, rep.envelope(rep.contact(self.store, self.store.find_contact(data)))

    @route("GET", "contacts/find-or-create", register=True)
    def find_or_create(self, data, args):
        return self.contact_response(self.store.find_or_create_contact(data))

    @route("GET", "contacts/find-or-create/async", register=True)
    def find_or_create_async(self, data, args):
        return 200, rep.envelope({"uuid": self.store.find_or_create_contact(data)})

    @route("POST", "contacts", register=True)
    def create_contact(self, data, args):
        return 200, rep.envelope({"uuid": self.store.create_contact(data)})

    @route("POST", "contacts/async", register=True)
    def create_contact_async(self, data, args):
        return 200, rep.envelope({"uuid": self.store.create_contact(data)})

    @route("POST", "contacts/anonymous", register=True)
    def create_anonymous(self, data, args):
        return 200, rep.envelope({"uuid": self.store.create_anonymous(data)})

    @route("PUT", "contacts/{id}/claim", register=True)
    def claim(self, data, args):
        return self.contact_response(self.store.claim_anonymous(args[0], data))

    @route("GET", "contacts/{id}", register=True)
    def get_contact(self, data, args):
        return self.contact_response(args[0])

    @route("PUT", "contacts/{id}", register=True)
    def update_contact(self, data, args):
        self.store.update_contact(args[0], data)
        return self.contact_response(args[0])

    @route("POST", "contacts/{id}/delete", register=True)
    def delete_contact(self, data, args):
        self.store.delete_contact(args[0], data)
        return 200, {"data": None, "meta": {}}

    @route("GET", "contacts/{id}/credit-balance", register=True)
    def credit_balance(self, data, args):
        return 200, rep.envelope({"balance": self.store.contact(args[0])["credit_balance"]})

    @route("GET", "contacts/{id}/prepaid-balance", register=True)
    def prepaid_balance(self, data, args):
        cents = self.store.contact(args[0])["prepaid_cents"]
        return 200, rep.envelope({"balance_in_cents": cents, "balance": rep.money(cents)})

    # The Register page's spelling of the same route.
    route("GET", "contacts/{id}/prepaid/balance", register=True)(prepaid_balance)

    @route("GET", "contacts/{id}/loyalty-transactions", register=True)
    def contact_transactions(self, data, args):
        return self.loyalty_transactions({**data, "contact_uuid": args[0]}, ())

    # Loyalty transactions --------------------------------------------------

    @route("GET", "loyalty-transactions")
    def loyalty_transactions(self, data, args):
        rows, page, limit, total = self.store.transactions(data)
        contact_ids = {row["contact_id"] for row in rows}
        contacts = {
            cid: self.store.one("SELECT id, uuid, email, credit_balance FROM contacts WHERE id = ?", (cid,)) for cid in contact_ids if cid
        }
        shops = {row["id"]: row for row in self.store.shops()}
        items = [rep.transaction(self.store, row, contacts.get(row["contact_id"]), shops) for row in rows]
        last_page = max(1, -(-total // limit))
        start = (page - 1) * limit + 1 if items else 0
        meta = {
            "page": page,
            "limit": str(limit),  # Leat sends it as a string
            "viewing_from": start,
            "viewing_to": start + len(items) - 1 if items else 0,
            "last_page": last_page,
            "total": total,
        }
        return 200, rep.envelope(items, meta)

    # Visits ---------------------------------------------------------------

    @route("GET", "visits")
    def list_visits(self, data, args):
        rows, page, limit, total = self.store.visits(data)
        meta = {"current_page": page, "last_page": max(1, -(-total // limit)), "per_page": limit, "total": total}
        return 200, rep.envelope([rep.visit(self.store, row) for row in rows], meta)

    @route("GET", "visits/{id}")
    def show_visit(self, data, args):
        return 200, rep.envelope(rep.visit(self.store, self.store.visit(args[0])))

    @route("POST", "visits")
    def create_visit(self, data, args):
        return 200, rep.envelope(rep.visit(self.store, self.store.visit(self.store.create_visit(data))))

    @route("PUT", "visits/{id}")
    def update_visit(self, data, args):
        self.store.update_visit(args[0], data)
        return 200, rep.envelope(rep.visit(self.store, self.store.visit(args[0])))

    # Bookings (create and update only, as in Leat) ---------------------------

    @route("POST", "bookings")
    def create_booking(self, data, args):
        return 200, rep.envelope(rep.booking(self.store, self.store.booking(self.store.create_booking(data))))

    @route("PUT", "bookings/{id}")
    def update_booking(self, data, args):
        self.store.update_booking(args[0], data)
        return 200, rep.envelope(rep.booking(self.store, self.store.booking(args[0])))

    # Shops -------------------------------------------------------------------

    @route("GET", "shops")
    def list_shops(self, data, args):
        return 200, rep.envelope([rep.shop(row) for row in self.store.shops()])

    @route("GET", "shops/{id}")
    def show_shop(self, data, args):
        return 200, rep.envelope(rep.shop(self.store.shop(args[0])))

    # Health ------------------------------------------------------------------

    @route("GET", "")
    def health(self, data, args):
        """Leat's health route: the API prefix itself answers when Leat is up."""
        return 200, rep.envelope([])


def match(method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
    if path.startswith(OAUTH_PREFIX):
        rest, register = path[len(OAUTH_PREFIX) :], False
    elif path.startswith(REGISTER_PREFIX):
        rest, register = path[len(REGISTER_PREFIX) :], True
    else:
        return None
    rest = rest.strip("/")
    path_matched = False
    for candidate in ROUTES:
        if register and not candidate.register:
            continue
        found = candidate.pattern.match(rest)
        if found:
            path_matched = True
            if candidate.method == method:
                return candidate, tuple(unquote(g) for g in found.groups())
    if path_matched:
        raise ApiError(405, "The method is not supported for this route.")
    return None


# --- Bodies --------------------------------------------------------------


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Laravel-style form keys: `attributes[firstname]=Ann` -> nested dicts."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key) or [key]
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {}) if isinstance(target.get(part, {}), dict) else target
        target[parts[-1]] = value
    return out


def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return _nest(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    if kind == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        pairs = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                pairs.append((name, part.get_content() if part.get_content_maintype() == "text" else part.get_payload(decode=True).decode()))
        return _nest(pairs)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise invalid({"body": "The request body is not valid JSON."}) from None
    if not isinstance(data, dict):
        raise invalid({"body": "The request body must be a JSON object."})
    return data


# --- The server ------------------------------------------------------------


class RateWindow:
    """Laravel's throttle: a fixed one-minute window per key."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window = 0
        self.count = 0

    def reset(self) -> None:
        with self.lock:
            self.window, self.count = 0, 0

    def hit(self, limit: int) -> tuple[int, bool]:
        with self.lock:
            window = int(time.time() // 60)
            if window != self.window:
                self.window, self.count = window, 0
            self.count += 1
            return max(0, limit - self.count), self.count > limit


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the second
    # waits for the client's delayed ACK (~40 ms a call), which Leat has not.
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self.handle_api()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def handle_api(self) -> None:
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
            self.control(parts.path, raw)
            return

        faults = sandbox.faults
        sandbox.store.contact_limit = faults.contact_limit
        if faults.take("drop_next") or faults.chance(faults.drop_rate):
            self.close_connection = True
            try:
                self.connection.shutdown(2)  # the client sees the connection die unanswered
            except OSError:
                pass
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
        if delay:
            time.sleep(delay / 1000)

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
            status, payload = endpoint.handler(sandbox.api, {**query, **body}, args)
        except ApiError as error:
            status, payload = error.status, error.body()
        except Exception:  # a sandbox bug must look like Leat's 500, not hang the client
            logger.exception("sandbox error on %s %s", self.command, parts.path)
            status, payload = 500, {"message": "Server Error"}
        self.send_json(status, payload, limit_headers)

    def authorised(self, api_key: str) -> bool:
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), api_key.encode())

    def control(self, path: str, raw: bytes) -> None:
        sandbox = self.server.sandbox
        if path == "/__sandbox/stats" and self.command == "GET":
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
        self.send_raw(status, json.dumps(payload).encode(), "application/json", headers)

    def send_raw(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
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
        self.api = Api(store)
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
