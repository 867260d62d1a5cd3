"""The webhook endpoint: Leat's signed contact events keep the directory current."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from leatadmin.directory.models import DirectoryContact, WebhookDelivery

from .conftest import signed

pytestmark = pytest.mark.django_db
URL = "/webhooks/leat/"


def contact(uuid="c-1", email="piet@example.com", first="Piet", city="Haarlem", changed="2026-05-01T10:00:00+00:00"):
    return {"uuid": uuid, "email": email, "current_values": {"firstname": first, "lastname": "Puk", "city": city, "updated_at": changed,
                                                            "add_to_wallet": f"https://leat.example/add-to-wallet/loyalty?uuid={uuid}"}}


def event(event_type="contact_updated", **fields):
    """A delivery's payload, in the one shape leatadmin reads (see directory/webhooks.py)."""
    return {"type": event_type, "data": {"contact": contact(**fields)}}


def post(client, body: bytes, signature: str | None):
    headers = {"HTTP_SIGNATURE": signature} if signature is not None else {}
    return client.post(URL, body, content_type="application/json", **headers)


def test_the_url_is_the_webhook_endpoint():
    assert reverse("leat_webhook") == URL


def test_a_well_signed_event_updates_the_directory_without_login_or_csrf(subscribed):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = post(client, *signed(event()))
    assert response.status_code == 200 and response.json() == {"status": "processed"}
    row = DirectoryContact.objects.get(uuid="c-1")
    assert (row.email, row.first_name, row.city) == ("piet@example.com", "Piet", "Haarlem")


def test_the_signature_is_checked_over_the_bytes_leat_sent(client, subscribed):
    """PHP's json_encode escapes `/` and writes ë as \\u00eb: the HMAC is over those bytes, and
    the same payload written by Python's json (another text, the same data) is not what was signed."""
    body, signature = signed(event(first="Zoë"))
    assert b"https:\\/\\/leat.example" in body and b"Zo\\u00eb" in body
    assert post(client, json.dumps(event(first="Zoë")).encode(), signature).status_code == 401
    assert post(client, body, signature).status_code == 200
    assert DirectoryContact.objects.get(uuid="c-1").first_name == "Zoë"


def test_contact_created_adds_the_contact(client, subscribed):
    assert post(client, *signed(event("contact_created", uuid="c-new"))).status_code == 200
    assert DirectoryContact.objects.filter(uuid="c-new").exists()


def test_the_accounts_secret_is_accepted_too(client, settings, db):
    settings.LEAT_WEBHOOK_SECRET = "account-secret"
    assert post(client, *signed(event(), "account-secret")).status_code == 200


@pytest.mark.parametrize("signature", [None, "", "deadbeef", "0" * 64])
def test_unsigned_or_wrongly_signed_is_refused(client, subscribed, signature):
    body, _ = signed(event())
    response = post(client, body, signature)
    assert response.status_code == 401
    assert not DirectoryContact.objects.exists()


def test_a_signature_with_another_secret_or_over_another_body_is_refused(client, subscribed):
    body, good = signed(event())
    assert post(client, *signed(event(), "another-secret")).status_code == 401
    assert post(client, body.replace(b"Haarlem", b"Leiden"), good).status_code == 401
    assert not DirectoryContact.objects.exists()


def test_a_replay_is_acknowledged_and_not_processed_again(client, subscribed):
    body, signature = signed(event())
    assert post(client, body, signature).json() == {"status": "processed"}
    DirectoryContact.objects.filter(uuid="c-1").update(city="Changed since")
    for _ in range(5):  # Leat retries up to five times
        response = post(client, body, signature)
        assert response.status_code == 200 and response.json() == {"status": "already processed"}
    assert DirectoryContact.objects.get(uuid="c-1").city == "Changed since"
    assert WebhookDelivery.objects.count() == 1


def test_an_older_state_arriving_late_does_not_overwrite_a_newer_one(client, subscribed):
    post(client, *signed(event(city="Leiden", changed="2026-05-02T10:00:00+00:00")))
    response = post(client, *signed(event(city="Haarlem", changed="2026-05-01T10:00:00+00:00")))
    assert response.status_code == 200 and response.json() == {"status": "stale"}
    assert DirectoryContact.objects.get(uuid="c-1").city == "Leiden"


def test_an_unknown_event_is_acknowledged_and_ignored(client, subscribed):
    response = post(client, *signed({"type": "voucher_redeemed", "data": {"voucher": {"uuid": "v-1"}}}))
    assert response.status_code == 200 and response.json() == {"status": "ignored"}
    assert not DirectoryContact.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"not json", b"[1, 2]", b"[" * 100_000, json.dumps({"data": {"contact": contact()}}).encode(),
        json.dumps({"type": "contact_updated", "data": "x"}).encode(),
        json.dumps({"type": "contact_updated", "data": {"contact": {"email": "no-uuid@example.com"}}}).encode(),
        # The shapes guessed before Leat's was settled: the event under another key, the contact straight in `data`.
        json.dumps({"event_type": "contact_updated", "data": {"contact": contact(email="guess@example.com")}}).encode(),
        json.dumps({"event": "contact_updated", "data": {"contact": contact(email="guess@example.com")}}).encode(),
        json.dumps({"type": "contact_updated", "data": contact(email="no-uuid@example.com")}).encode(),
    ],
)
def test_a_malformed_event_is_refused_with_400_and_logged_without_its_body(client, subscribed, caplog, payload):
    with caplog.at_level(logging.INFO):
        response = post(client, *signed(payload))
    assert response.status_code == 400
    assert "webhook refused (400)" in caplog.text
    assert payload.decode() not in caplog.text and "no-uuid@example.com" not in caplog.text and "guess@example.com" not in caplog.text
    assert not DirectoryContact.objects.exists()


def test_only_post_is_answered(client):
    assert client.get(URL).status_code == 405
