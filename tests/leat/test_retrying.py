"""Retries, on a real loopback server (request mocks would bypass urllib3).

Reads are retried; writes never blindly; 429 is waited out only when short.
The sandbox's call counter says how many requests really arrived.
"""

from __future__ import annotations

import time

import pytest

from leatadmin.leat import errors


def calls(sandbox, route: str) -> int:
    return sandbox.stats()["routes"].get(route, 0)


def test_get_is_retried_after_a_server_error(leat, sandbox):
    sandbox.faults.update({"fail_next": 1, "fail_status": 502})
    assert leat.shops.list()
    assert calls(sandbox, "GET shops") == 2


def test_get_gives_up_after_its_retries(leat, sandbox):
    sandbox.faults.update({"fail_next": 10, "fail_status": 500})
    with pytest.raises(errors.ServerError):
        leat.shops.list()
    assert calls(sandbox, "GET shops") == 3  # one try and two retries


def test_get_is_retried_after_a_dropped_connection(leat, sandbox):
    sandbox.faults.update({"drop_next": 1})
    assert leat.shops.list()


def test_post_is_not_retried_after_a_server_error(leat, sandbox, unique_email):
    sandbox.faults.update({"fail_next": 1, "fail_status": 500})
    with pytest.raises(errors.ServerError):
        leat.contacts.create(unique_email)
    assert calls(sandbox, "POST contacts") == 1
    # and it did not happen: the contact does not exist
    with pytest.raises(errors.ContactNotFound):
        leat.contacts.find_by_email(unique_email)


def test_put_is_not_retried_after_a_dropped_connection(leat, sandbox, anna):
    sandbox.faults.update({"drop_next": 1})
    with pytest.raises(errors.ConnectionFailed):
        leat.contacts.update(anna.uuid, attributes={"favourite_drink": "Tea"})
    assert sandbox.faults.drop_next == 0
    assert calls(sandbox, "PUT contacts/{id}") == 0  # dropped before it was handled, and not sent again


def test_short_429_is_waited_out_even_for_a_write(leat, sandbox, unique_email):
    sandbox.faults.update({"fail_next": 1, "fail_status": 429, "retry_after": 1})
    started = time.monotonic()
    ref = leat.contacts.create(unique_email)
    assert ref.uuid
    assert time.monotonic() - started >= 0.9  # Retry-After honoured
    assert calls(sandbox, "POST contacts") == 2


def test_long_429_comes_back_at_once_with_the_wait(leat, sandbox):
    sandbox.faults.update({"fail_next": 5, "fail_status": 429, "retry_after": 60})
    started = time.monotonic()
    with pytest.raises(errors.RateLimited) as caught:
        leat.shops.list()
    assert time.monotonic() - started < 1
    assert caught.value.retry_after == 60
    assert calls(sandbox, "GET shops") == 1


def test_maintenance_is_retried_for_reads_then_reported(leat, sandbox):
    sandbox.faults.update({"maintenance": True})
    with pytest.raises(errors.Maintenance):
        leat.shops.list()
    assert calls(sandbox, "GET shops") == 3
