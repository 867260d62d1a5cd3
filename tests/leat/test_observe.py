"""The client's observer (issue 27): told about every call, with its route (never
an identifier), its outcome, its retries and Leat's rate-limit headers."""

from __future__ import annotations

import pytest

from leatadmin.leat import LeatClient, errors
from leatadmin.leat.observe import route_of


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("contacts/3f0c9a1e-1b2c-4d5e-8f90-123456789abc", "contacts/{id}"),
        ("contacts/3f0c9a1e-1b2c-4d5e-8f90-123456789abc/contact-identifiers", "contacts/{id}/contact-identifiers"),
        ("contacts/find-one-by", "contacts/find-one-by"),
        ("collectable-rewards/collect/abc%2Fdef", "collectable-rewards/collect/{id}"),
        ("shops/SHOP-01", "shops/{id}"),
        ("(health)", "(health)"),
    ],
)
def test_a_route_names_the_path_without_its_identifiers(path, route):
    assert route_of(path) == route


@pytest.fixture
def observed(sandbox):
    calls = []
    return LeatClient(sandbox.url, sandbox.api_key, timeout=1, backoff=0.01, observer=calls.append), calls


def test_each_call_is_reported_with_its_route_status_and_the_rate_limit(observed, anna):
    client, calls = observed
    client.contacts.get(anna.uuid)
    (call,) = calls
    assert (call.method, call.route, call.outcome, call.retries) == ("GET", "contacts/{id}", 200, 0)
    assert call.rate_limit == 5000 and 0 <= call.rate_limit_remaining < 5000 and call.seconds > 0


def test_retries_are_counted_for_the_call_they_belong_to(observed, sandbox, anna):
    client, calls = observed
    sandbox.faults.update({"fail_next": 2, "fail_status": 502})
    client.contacts.get(anna.uuid)
    assert [(call.outcome, call.retries) for call in calls] == [(200, 2)]
    sandbox.faults.update({"fail_next": 10, "fail_status": 500})
    with pytest.raises(errors.ServerError):
        client.contacts.get(anna.uuid)
    assert (calls[-1].outcome, calls[-1].retries) == (500, 2)  # the last answer, after two more attempts


def test_a_timeout_is_reported_as_one(observed, sandbox, anna):
    client, calls = observed
    sandbox.faults.update({"latency_ms": 1500})
    with pytest.raises(errors.Timeout):
        client.contacts.get(anna.uuid)
    assert calls[-1].outcome == "timeout" and calls[-1].route == "contacts/{id}"


def test_an_observer_that_fails_never_breaks_the_call(sandbox, anna):
    def broken(call):
        raise RuntimeError("metrics down")

    client = LeatClient(sandbox.url, sandbox.api_key, timeout=3, observer=broken)
    assert client.contacts.get(anna.uuid).uuid == anna.uuid
