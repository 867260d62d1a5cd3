"""Leat's webhooks `contact_created` and `contact_updated`, keeping the directory current.

The endpoint needs no login (Leat calls it) and no CSRF token; instead each
delivery must carry Leat's `Signature` header: the HMAC-SHA256 (hex) of the
raw body with the subscription's secret (stored when `leat_webhooks
register` made the subscription) or the account's (`LEAT_WEBHOOK_SECRET`),
compared in constant time. Unsigned or wrongly signed: 401. Signed but not
a contact event leatadmin can read: 400, logged without the body (it holds
personal data). An event type leatadmin did not subscribe to: 200, ignored
(Leat would only retry it). Processing is one upsert, so the answer is fast.

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
    signature = signature.strip().lower()
    if not signature:
        return False
    valid = False
    for secret in secrets_known():
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        valid |= hmac.compare_digest(expected.encode(), signature.encode())
    return valid


def _refuse(status: int, reason: str, request: HttpRequest) -> JsonResponse:
    # The reason and the size only: never the body (personal data).
    logger.warning("webhook refused (%s): %s, %d bytes", status, reason, len(request.body) if status != 413 else -1)
    return JsonResponse({"error": reason}, status=status)


@csrf_exempt
@login_not_required
@require_POST
def leat_webhook(request: HttpRequest) -> HttpResponse:
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
        return _refuse(413, "too large", request)
    body = request.body
    if not signature_valid(body, request.headers.get("Signature", "")):
        return _refuse(401, "missing or wrong signature", request)
    try:
        payload = json.loads(body)
        event_type = payload.get("event_type") or payload.get("event")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return _refuse(400, "not a JSON object", request)
    if not isinstance(event_type, str):
        return _refuse(400, "no event type", request)
    if event_type not in EVENTS:
        logger.info("webhook %s ignored", event_type[:64])
        return JsonResponse({"status": "ignored"})
    data = payload.get("data")
    contact_data = data.get("contact") if isinstance(data, dict) and isinstance(data.get("contact"), dict) else data
    try:
        contact = Contact.from_api(contact_data)
    except BadResponse:
        return _refuse(400, f"{event_type} without a readable contact", request)

    digest = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(digest=digest, event_type=event_type, contact_uuid=contact.uuid[:128])
            applied = directory_apply(contact)
    except IntegrityError:
        logger.info("webhook %s for %s already processed", event_type, contact.uuid)
        return JsonResponse({"status": "already processed"})
    logger.info("webhook %s for %s %s", event_type, contact.uuid, "applied" if applied else "older than the directory's")
    return JsonResponse({"status": "processed" if applied else "stale"})
