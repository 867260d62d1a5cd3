"""Leat's webhooks `contact_created` and `contact_updated`, keeping the directory current.

The endpoint needs no login (Leat calls it) and no CSRF token; instead each
delivery must carry Leat's `Signature` header. Leat documents it
(`../shared/leat-api-docs/reference/getting-started-webhooks.mdx`) as
`hash_hmac('sha256', json_encode($payload), $secret)`: the lowercase hex
HMAC-SHA256 of the JSON Leat sends, with the subscription's secret (stored
when `leat_webhooks register` made the subscription) or, for a subscription
without one, the account's (`LEAT_WEBHOOK_SECRET`). It is checked over the raw
body as received, never over JSON re-encoded here (PHP's `json_encode`
escapes `/` and non-ASCII, Python's would not), in constant time. Unsigned or
wrongly signed: 401.

The payload's shape is not in Leat's material (no docs page or captured
response shows a delivery). leatadmin reads exactly the shape Leat's own
WordPress plugin reads from real deliveries (github.com/multiplehats/piggy,
`apps/plugin/src/Api/Routes/V1/Webhooks.php` and
`Domain/Services/WebhookManager.php`): `{"type": "contact_updated", "data":
{"contact": {...}}}`, the contact as `GET contacts/{uuid}` answers it; the
sandbox sends that shape (`leatadmin/sandbox/webhooks.py`). No other shape is
tolerated: a signed body without a `type`, or a contact event without
`data.contact` holding a contact, is refused with 400 and logged with the
reason and size only, never the body (it holds personal data), so a change of
shape on Leat's side shows in the log at once. An event type leatadmin did
not subscribe to: 200, ignored (Leat would only retry it). Processing is one
upsert, so the answer is fast.

Idempotent under Leat's retries (up to five): a body already processed
(SHA-256 of it) is acknowledged and not processed again, and a contact is
never replaced by an older state of itself (`last_changed`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from leatadmin.core import metrics
from leatadmin.core.stored import stored_text
from leatadmin.leat.errors import BadResponse
from leatadmin.leat.models import Contact

from .models import WebhookDelivery, WebhookSubscription
from .services import directory_apply

logger = logging.getLogger(__name__)

EVENTS = ("contact_created", "contact_updated")
MAX_BODY = 1_000_000


def secrets_known() -> list[str]:
    known = list(WebhookSubscription.objects.values_list("secret", flat=True).distinct())
    account = getattr(settings, "LEAT_WEBHOOK_SECRET", "")
    return [secret for secret in [*known, account] if secret]


def signature_valid(body: bytes, signature: str) -> bool:
    signature = signature.strip()
    if not signature:
        return False
    valid = False
    for secret in secrets_known():
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        valid |= hmac.compare_digest(expected.encode(), signature.encode())
    return valid


def _refuse(status: int, reason: str, request: HttpRequest) -> JsonResponse:
    # The reason and the size only: never the body (personal data).
    metrics.webhook_delivered({401: "bad_signature", 413: "too_large"}.get(status, "malformed"))
    logger.warning("webhook refused (%s): %s, %d bytes", status, reason, len(request.body) if status != 413 else -1)
    return JsonResponse({"error": reason}, status=status)


@csrf_exempt
@login_not_required
@require_POST
def leat_webhook(request: HttpRequest) -> HttpResponse:
    try:
        too_large = int(request.headers.get("Content-Length") or 0) > MAX_BODY
    except ValueError:
        return _refuse(400, "unreadable Content-Length", request)
    if too_large:
        return _refuse(413, "too large", request)
    body = request.body
    if not signature_valid(body, request.headers.get("Signature", "")):
        return _refuse(401, "missing or wrong signature", request)
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _refuse(400, "not JSON", request)
    event_type = payload.get("type") if isinstance(payload, dict) else None
    if not isinstance(event_type, str) or not event_type:
        return _refuse(400, "no event type", request)
    if event_type not in EVENTS:
        logger.info("webhook %s ignored", event_type[:64])
        metrics.webhook_delivered("ignored")
        return JsonResponse({"status": "ignored"})
    data = payload.get("data")
    try:
        contact = Contact.from_api(data.get("contact") if isinstance(data, dict) else None)
    except BadResponse:
        return _refuse(400, f"{event_type} without a readable data.contact", request)

    digest = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(digest=digest, event_type=event_type, contact_uuid=stored_text(contact.uuid, 128))
            applied = directory_apply(contact)
    except IntegrityError:
        logger.info("webhook %s for %s already processed", event_type, contact.uuid)
        metrics.webhook_delivered("duplicate")
        return JsonResponse({"status": "already processed"})
    logger.info("webhook %s for %s %s", event_type, contact.uuid, "applied" if applied else "older than the directory's")
    metrics.webhook_delivered("processed" if applied else "stale")
    return JsonResponse({"status": "processed" if applied else "stale"})

