"""What the batch engine's tests share: fresh contacts in the sandbox, a file of corrections, its upload."""

from __future__ import annotations

import secrets

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leatadmin.batches.models import Batch
from tests.batches.spreadsheets import csv_bytes

HEADER = ["email", "credits", "purchase", "shop", "reason"]


def fresh_contacts(leat, shop, n: int, *, credits: int = 300) -> list:
    """`n` new contacts, each with `credits` (so each test owns its balances)."""
    made = []
    for _ in range(n):
        uuid = leat.contacts.create(f"batch.{secrets.token_hex(5)}@example.com").uuid
        if credits:
            leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shop.uuid, credits=credits)
        made.append(leat.contacts.get(uuid))
    return made


def upload(client, rows, *, header=HEADER, name: str = "corrections.csv", shop: str = "", reason: str = "", content: bytes | None = None, **extra):
    """Upload a CSV of these rows (the header first) as staff do; the response."""
    content = csv_bytes([header, *rows]) if content is None else content
    return client.post(reverse("batches:upload"), {"file": SimpleUploadedFile(name, content), "shop": shop, "reason": reason}, **extra)


def uploaded(client, rows, **kwargs) -> Batch:
    """Upload and preview a batch (the tests' task backend runs the preview at once); the batch."""
    response = upload(client, rows, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/batches/" in response["Location"], response["Location"]
    batch = Batch.objects.latest("pk")
    assert response["Location"] == reverse("batches:detail", args=[batch.pk])
    return batch
