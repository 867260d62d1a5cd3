"""Webhooks, as Leat sends them: subscriptions (`webhook-subscriptions`
routes) and signed deliveries, retried on failure.

What Leat documents (`../shared/leat-api-docs/reference/getting-started-webhooks.mdx`)
and the sandbox does exactly: each delivery carries a `Signature` header,
`hash_hmac('sha256', json_encode($payload), $secret)`: the lowercase hex
HMAC-SHA256 of the payload as PHP's `json_encode` writes it (no spaces, `/`
escaped as `\\/`, non-ASCII as `\\uXXXX`), sent as the body too; the
secret is the subscription's, else the account's (`SANDBOX_ACCOUNT_SECRET`).
An answer outside 2xx (or none) is retried at most five times, at increasing
intervals: 1, 2, 4, 8 and 16 times `SANDBOX_WEBHOOK_RETRY_SECONDS` (default 2).

What Leat's material does not show is the payload's own shape: neither the
docs pages nor the captured responses hold a delivery. The sandbox sends
`{"type": "<event type>", "data": {"contact": <the contact as GET
contacts/{uuid} answers it>}}`, the shape the one public receiver of Leat's
deliveries reads (Leat's WordPress plugin, github.com/multiplehats/piggy:
`apps/plugin/src/Api/Routes/V1/Webhooks.php` takes the event from `type` and
`Signature`, `Domain/Services/WebhookManager.php` the contact from
`data.contact`); `leatadmin/directory/webhooks.py` reads exactly that.

When a request changes a contact (created, updated, claimed), every ACTIVE
subscription to that event gets a delivery. Deliveries leave from one
background thread, so the request that made the change is not slowed down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import hmac
import itertools
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from . import contact_answers
from .checks import check_string
from .db import Store, new_uuid, now
from .errors import ApiError, invalid
from .routes import envelope, route

logger = logging.getLogger("leatadmin.sandbox.webhooks")

EVENT_TYPES = ("contact_created", "contact_updated")
RETRIES = 5
SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, event_type TEXT NOT NULL, url TEXT NOT NULL,
    secret TEXT, status TEXT NOT NULL DEFAULT 'ACTIVE', attributes TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL
);
"""

#: Routes that change a contact: the event, and where the contact's uuid is.
CHANGES = {
    "POST contacts": ("contact_created", "answer"),
    "POST contacts/async": ("contact_created", "answer"),
    "POST contacts/anonymous": ("contact_created", "answer"),
    "GET contacts/find-or-create": ("contact_created", "answer-if-new"),
    "GET contacts/find-or-create/async": ("contact_created", "answer-if-new"),
    "PUT contacts/{id}": ("contact_updated", "path"),
    "PUT contacts/{id}/claim": ("contact_updated", "answer"),
}


def _ensure(store: Store) -> None:
    if not getattr(store, "_webhooks_ready", False):
        with store.connection() as conn:
            conn.executescript(SCHEMA)
        store._webhooks_ready = True  # type: ignore[attr-defined]


def json_encode(payload: Any) -> bytes:
    """PHP's `json_encode($payload)` with its default flags, as Leat signs and sends it.
    A `/` can only stand inside a JSON string, so escaping every one is what PHP does."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def sign(body: bytes, secret: str) -> str:
    """`hash_hmac('sha256', $payloadJson, $secret)`: lowercase hex."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(event_type: str, contact: dict) -> dict:
    return {"type": event_type, "data": {"contact": contact}}


# --- Deliveries -------------------------------------------------------------------------


@dataclass(order=True)
class Delivery:
    due: float
    seq: int
    url: str = field(compare=False)
    body: bytes = field(compare=False)
    signature: str = field(compare=False)
    attempt: int = field(compare=False, default=0)


class Outbox:
    """Deliveries due, sent from one background thread; `sent` records each attempt."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self.timeout = 5.0
        self.sent: list[tuple[str, str, int, int | None]] = []  # (event, url, attempt, status or None)
        self._queue: list[Delivery] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True).start()

    def put(self, url: str, body: bytes, signature: str) -> None:
        with self._wake:
            heapq.heappush(self._queue, Delivery(time.monotonic(), next(self._seq), url, body, signature))
            self._wake.notify()

    def idle(self) -> bool:
        with self._wake:
            return not self._queue and not getattr(self, "_busy", False)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue or self._queue[0].due > time.monotonic():
                    self._wake.wait(None if not self._queue else max(0.0, self._queue[0].due - time.monotonic()))
                delivery = heapq.heappop(self._queue)
                self._busy = True
            try:
                self._send(delivery)
            finally:
                self._busy = False

    def _send(self, delivery: Delivery) -> None:
        request = urllib.request.Request(
            delivery.url, data=delivery.body, method="POST",
            headers={"Content-Type": "application/json", "Signature": delivery.signature, "User-Agent": "Leat-Sandbox-Webhooks/1.0"},
        )
        status: int | None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - the subscriber's URL
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, ValueError):
            status = None
        event = json.loads(delivery.body).get("type", "")
        self.sent.append((event, delivery.url, delivery.attempt, status))
        if status is not None and 200 <= status < 300:
            return
        if delivery.attempt < RETRIES:
            delivery.attempt += 1
            delivery.due = time.monotonic() + self.retry_seconds * 2 ** (delivery.attempt - 1)
            with self._wake:
                heapq.heappush(self._queue, delivery)
                self._wake.notify()
        else:
            logger.warning("webhook %s to %s failed after %d retries", event, delivery.url, RETRIES)


def outbox(store: Store) -> Outbox:
    box = getattr(store, "webhook_outbox", None)
    if box is None:
        box = store.webhook_outbox = Outbox(float(os.environ.get("SANDBOX_WEBHOOK_RETRY_SECONDS") or 2))  # type: ignore[attr-defined]
    return box


def account_secret() -> str:
    return os.environ.get("SANDBOX_ACCOUNT_SECRET", "sandbox-account-secret")


def emit(store: Store, event_type: str, uuid: str) -> None:
    """Queue `event_type` about contact `uuid` to every active subscription to it."""
    _ensure(store)
    subscriptions = store.all("SELECT * FROM webhook_subscriptions WHERE event_type = ? AND status = 'ACTIVE'", (event_type,))
    if not subscriptions:
        return
    row = store.one("SELECT * FROM contacts WHERE uuid = ?", (uuid,))
    if row is None:
        return
    body = json_encode(payload(event_type, contact_answers.as_json(store, row)))
    for subscription in subscriptions:
        outbox(store).put(subscription["url"], body, sign(body, subscription["secret"] or account_secret()))


def after_request(store: Store, route_name: str, args: tuple[str, ...], status: int, payload: Any) -> None:
    """Called by the server after each answered request: a change to a contact
    becomes an event. Never fails the request."""
    change = CHANGES.get(route_name)
    if change is None or status >= 300:
        return
    event_type, where = change
    try:
        uuid = args[0] if where == "path" else payload["data"]["uuid"]
        if where == "answer-if-new":
            row = store.one("SELECT created_at FROM contacts WHERE uuid = ?", (uuid,))
            recent = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)).replace(microsecond=0).isoformat()
            if row is None or row["created_at"] < recent:
                return  # found, not created
        emit(store, event_type, uuid)
    except Exception:  # a webhook problem must never break Leat's answer
        logger.exception("could not queue webhook for %s", route_name)


# --- Subscription routes ------------------------------------------------------------------


def _json(row: Any) -> dict:
    return {
        "uuid": row["uuid"], "name": row["name"], "event_type": row["event_type"], "url": row["url"],
        "properties": [], "status": row["status"], "version": "V1", "created_at": row["created_at"],
    }


def _get(store: Store, uuid: str) -> Any:
    _ensure(store)
    row = store.one("SELECT * FROM webhook_subscriptions WHERE uuid = ?", (uuid,))
    if row is None:
        raise ApiError(404, "Webhook subscription not found.", 80300)
    return row


@route("GET", "webhook-subscriptions")
def list_subscriptions(store, data, args):
    _ensure(store)
    where, values = [], []
    for name in ("event_type", "status"):
        if data.get(name):
            where.append(f"{name} = ?")
            values.append(str(data[name]))
    rows = store.all("SELECT * FROM webhook_subscriptions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY created_at, uuid", tuple(values))
    # Listed without `properties`, as Leat's list does.
    return 200, envelope([{k: v for k, v in _json(row).items() if k != "properties"} for row in rows])


@route("POST", "webhook-subscriptions")
def create_subscription(store, data, args):
    _ensure(store)
    errors: dict[str, str] = {}
    name = check_string(data.get("name"), "name", errors)
    url = check_string(data.get("url"), "url", errors)
    secret = check_string(data.get("secret"), "secret", errors)
    event_type = data.get("event_type")
    for field_name, value in (("name", name), ("url", url)):
        if not value and field_name not in errors:
            errors[field_name] = f"The {field_name} field is required."
    if url and not str(url).startswith(("http://", "https://")):
        errors["url"] = "The url must be a valid URL."
    if event_type not in EVENT_TYPES:
        errors["event_type"] = "The selected event type is invalid."
    attributes = data.get("attributes") or []
    if errors:
        raise invalid(errors)
    uuid = new_uuid()
    with store.write() as conn:
        conn.execute(
            "INSERT INTO webhook_subscriptions (uuid, name, event_type, url, secret, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uuid, name, event_type, url, secret or None, json.dumps(attributes if isinstance(attributes, list) else []), now()),
        )
    return 201, envelope(_json(_get(store, uuid)))


@route("GET", "webhook-subscriptions/{id}")
def get_subscription(store, data, args):
    return 200, envelope(_json(_get(store, args[0])))


@route("PUT", "webhook-subscriptions/{id}")
def update_subscription(store, data, args):
    row = _get(store, args[0])
    errors: dict[str, str] = {}
    changes = {}
    for name in ("name", "url"):
        if data.get(name) is not None:
            changes[name] = check_string(data.get(name), name, errors)
    if data.get("status") is not None:
        if data["status"] not in ("ACTIVE", "INACTIVE"):
            errors["status"] = "The selected status is invalid."
        changes["status"] = data["status"]
    if errors:
        raise invalid(errors)
    if changes:
        with store.write() as conn:
            conn.execute(f"UPDATE webhook_subscriptions SET {', '.join(f'{k} = ?' for k in changes)} WHERE uuid = ?", (*changes.values(), row["uuid"]))
    return 200, envelope(_json(_get(store, args[0])))


@route("DELETE", "webhook-subscriptions/{id}")
def delete_subscription(store, data, args):
    row = _get(store, args[0])
    with store.write() as conn:
        conn.execute("DELETE FROM webhook_subscriptions WHERE uuid = ?", (row["uuid"],))
    return 200, {"data": [], "meta": {}}
