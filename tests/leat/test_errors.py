"""Every listed Leat error, produced by the sandbox and raised by the client."""

from __future__ import annotations

import socket

import pytest

from leatadmin.leat import LeatClient, errors


def test_invalid_input_carries_field_messages(leat):
    with pytest.raises(errors.InvalidInput) as caught:
        leat.contacts.create("not-an-email")
    assert caught.value.code == 1003 and caught.value.status == 400
    assert caught.value.field_errors == {"email": ["The email must be a valid email address."]}


def test_contact_not_found(leat):
    with pytest.raises(errors.ContactNotFound) as caught:
        leat.contacts.find_by_email("nobody.here@example.com")
    assert (caught.value.code, caught.value.message) == (55031, "Contact not found.")


def test_shop_not_found(leat, anna):
    with pytest.raises(errors.ShopNotFound) as caught:
        leat.visits.create(shop_uuid="no-such-shop", contact_uuid=anna.uuid)
    assert caught.value.code == 1008


def test_contact_already_exists(leat):
    with pytest.raises(errors.ContactAlreadyExists) as caught:
        leat.contacts.create("anna.devries@example.com")
    assert caught.value.code == 60005


def test_usage_limit_reached(leat, sandbox, unique_email):
    sandbox.faults.update({"contact_limit": 1})
    with pytest.raises(errors.UsageLimitReached) as caught:
        leat.contacts.create_async(unique_email)
    assert caught.value.code == 60000


def test_identifier_not_found(leat):
    with pytest.raises(errors.IdentifierNotFound) as caught:
        leat.contacts.create_anonymous(contact_identifier_value="NO-SUCH-CARD")
    assert caught.value.code == 60003


def test_identifier_already_linked(leat):
    leat.contacts.create_anonymous(contact_identifier_value="CARD-200050")
    with pytest.raises(errors.IdentifierAlreadyLinked) as caught:
        leat.contacts.create_anonymous(contact_identifier_value="CARD-200050")
    assert caught.value.code == 60014


def test_contact_not_anonymous(leat, anna):
    with pytest.raises(errors.ContactNotAnonymous) as caught:
        leat.contacts.claim_anonymous(anna.uuid, email="someone@example.com")
    assert caught.value.code == 60016


def test_unauthenticated_with_a_wrong_key(sandbox):
    client = LeatClient(sandbox.url, "wrong-key")
    with pytest.raises(errors.Unauthenticated) as caught:
        client.shops.list()
    assert caught.value.status == 401
    assert "wrong-key" not in str(caught.value) and "wrong-key" not in repr(client)


def test_rate_limited_carries_retry_after(leat, sandbox):
    sandbox.faults.update({"rate_limited": True, "retry_after": 42})
    with pytest.raises(errors.RateLimited) as caught:
        leat.shops.list()
    assert caught.value.status == 429 and caught.value.retry_after == 42


def test_maintenance(leat, sandbox):
    sandbox.faults.update({"maintenance": True})
    with pytest.raises(errors.Maintenance) as caught:
        leat.shops.list()
    assert caught.value.status == 503


def test_server_error(leat, sandbox):
    sandbox.faults.update({"fail_next": 10, "fail_status": 500})
    with pytest.raises(errors.ServerError):
        leat.shops.list()


def test_garbage_answer_is_a_bad_response(leat, sandbox):
    sandbox.faults.update({"garbage_next": 1})
    with pytest.raises(errors.BadResponse):
        leat.shops.list()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_failure():
    client = LeatClient(f"http://127.0.0.1:{_closed_port()}", "key", backoff=0.01)
    with pytest.raises(errors.ConnectionFailed):
        client.shops.list()


def test_timeout(sandbox):
    sandbox.faults.update({"latency_ms": 600})
    client = LeatClient(sandbox.url, sandbox.api_key, timeout=0.2, retries=0)
    with pytest.raises(errors.Timeout):
        client.shops.list()


def test_every_error_keeps_status_code_and_message(leat):
    with pytest.raises(errors.LeatError) as caught:
        leat.contacts.get("missing")
    assert (caught.value.status, caught.value.code, caught.value.message) == (400, 55031, "Contact not found.")
