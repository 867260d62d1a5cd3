"""The contact directory, filled from the sandbox by the backfill itself."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from leatadmin.directory.backfill import backfill_start
from leatadmin.directory.models import DirectoryBackfill, WebhookSubscription
from leatadmin.sandbox.webhooks import json_encode

SECRET = "test-webhook-secret"


@pytest.fixture
def directory(db):
    """Every sandbox contact in the directory (one backfill run)."""
    run = backfill_start(resume=False, here=True)
    assert run.status == DirectoryBackfill.Status.DONE
    return run


@pytest.fixture
def subscribed(db):
    WebhookSubscription.objects.create(uuid="sub-1", event_type="contact_updated", url="http://testserver/webhooks/leat/", secret=SECRET)
    return SECRET


def signed(payload, secret: str = SECRET) -> tuple[bytes, str]:
    """A delivery as Leat makes it: the body as PHP's json_encode writes it, and
    `hash_hmac('sha256', $body, $secret)` (reference/getting-started-webhooks.mdx)."""
    body = payload if isinstance(payload, bytes) else json_encode(payload)
    return body, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
