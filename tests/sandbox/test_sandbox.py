"""The sandbox behaves like Leat over HTTP: prefixes, bodies, auth, headers,
real rules, persistence, paging speed, fault controls."""

from __future__ import annotations

import secrets
import time

import pytest
import requests

from leatadmin.leat import LeatClient
from leatadmin.sandbox import contacts, transactions
from leatadmin.sandbox.db import Store
from leatadmin.sandbox.http import Sandbox
from leatadmin.sandbox.seed import seed

OAUTH = "/api/v3/oauth/clients"
REGISTER = "/api/v3/register"


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + path, timeout=5, **kwargs)

    return call


def test_without_the_key_every_route_is_401(sandbox):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {sandbox.api_key}"}):
        answer = requests.get(f"{sandbox.url}{OAUTH}/shops", headers=headers, timeout=5)
        assert answer.status_code == 401
        assert answer.json() == {"message": "Unauthenticated."}


def test_rate_limit_headers_on_every_answer(http):
    for answer in (http("GET", f"{OAUTH}/shops"), http("GET", f"{OAUTH}/contacts/missing")):
        assert answer.headers["X-RateLimit-Limit"] == "5000"
        assert int(answer.headers["X-RateLimit-Remaining"]) < 5000


def test_over_the_rate_limit_is_429_with_retry_after(http, sandbox):
    sandbox.faults.update({"rate_limit": 2, "retry_after": 17})
    answers = [http("GET", f"{OAUTH}/shops") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["Retry-After"] == "17"
    assert answers[2].json() == {"message": "Too Many Attempts."}


def test_register_prefix_and_both_prepaid_spellings(http, anna):
    for path in (f"{OAUTH}/contacts/{anna.uuid}/prepaid-balance", f"{OAUTH}/contacts/{anna.uuid}/prepaid/balance", f"{REGISTER}/contacts/{anna.uuid}/prepaid/balance"):
        assert http("GET", path).json()["data"] == {"balance_in_cents": 2000, "balance": "€20.00"}
    listed = http("GET", f"{REGISTER}/contacts/{anna.uuid}/loyalty-transactions", params={"limit": 3}).json()
    assert len(listed["data"]) == 3 and listed["meta"]["total"] == 1200


def test_bookings_have_no_list_or_show(http):
    assert http("GET", f"{OAUTH}/bookings").status_code == 405
    assert http("GET", f"{OAUTH}/bookings/anything").status_code == 405


def test_json_form_and_multipart_bodies_are_all_accepted(http):
    for n, kwargs in enumerate(({"json": {}}, {"data": {}}, {"files": {}})):
        email = f"body.{n}.{secrets.token_hex(3)}@example.com"
        if "json" in kwargs:
            kwargs = {"json": {"email": email}}
        elif "data" in kwargs:
            kwargs = {"data": {"email": email}}
        else:
            kwargs = {"files": {"email": (None, email)}}
        answer = http("POST", f"{OAUTH}/contacts", **kwargs)
        assert answer.status_code == 200, answer.text
        uuid = answer.json()["data"]["uuid"]
        updated = http("PUT", f"{OAUTH}/contacts/{uuid}", data={"attributes[firstname]": "Form"})
        assert updated.json()["data"]["current_values"]["firstname"] == "Form"


def test_single_objects_and_lists_use_leats_envelopes(http, anna):
    single = http("GET", f"{OAUTH}/contacts/{anna.uuid}").json()
    assert single["meta"] == []
    transactions = http("GET", f"{OAUTH}/loyalty-transactions", params={"contact_uuid": anna.uuid, "page": 2}).json()
    assert transactions["meta"] == {"page": 2, "limit": 10, "viewing_from": 11, "viewing_to": 20, "last_page": 120, "total": 1200}
    assert "T" in transactions["data"][0]["created_at"] and transactions["data"][0]["created_at"].endswith("+00:00")
    visits = http("GET", f"{OAUTH}/visits", params={"limit": 7}).json()
    assert set(visits["meta"]) == {"current_page", "last_page", "per_page", "total"}
    assert len(visits["data"]) == 7


def test_validation_answers_1003_with_field_messages(http, anna):
    answer = http("POST", f"{OAUTH}/visits", json={"contact_uuid": anna.uuid, "starts_at": "soon"})
    body = answer.json()
    assert answer.status_code == 400 and body["code"] == 1003
    assert set(body["errors"]) == {"starts_at", "shop_uuid"}
    too_many = http("GET", f"{OAUTH}/visits", params={"limit": 501}).json()
    assert too_many["code"] == 1003 and "limit" in too_many["errors"]


def test_ends_before_start_is_refused(leat, anna):
    from leatadmin.leat import errors

    shop = leat.shops.list()[0]
    with pytest.raises(errors.InvalidInput) as caught:
        leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, starts_at="2026-05-01T20:00:00+00:00", ends_at="2026-05-01T19:00:00+00:00", number_of_people=0)
    assert set(caught.value.field_errors) == {"ends_at", "number_of_people"}


def test_system_attributes_cannot_be_updated(leat, anna):
    from leatadmin.leat import errors

    with pytest.raises(errors.InvalidInput) as caught:
        leat.contacts.update(anna.uuid, attributes={"loyalty_balance": 9999, "shoe_size": 44})
    assert set(caught.value.field_errors) == {"attributes.loyalty_balance", "attributes.shoe_size"}


def test_balances_agree_with_transactions(leat, unique_email):
    """For a small seeded contact, the balance is the sum of every transaction."""
    contact = leat.contacts.find_by_email("few.transactions@example.com")
    page = leat.transactions.list(contact_uuid=contact.uuid, limit=100)
    assert page.total == 10
    total = sum(t.credits for t in page.items)  # Leat's signs: rewards are negative
    assert contact.credit_balance == total == leat.contacts.credit_balance(contact.uuid).balance
    assert contact.current_values["loyalty_number_of_transactions"] == 10


def test_merge_keeps_balances_consistent(sandbox, leat, unique_email):
    target = leat.contacts.get(leat.contacts.create(unique_email).uuid)
    anonymous = leat.contacts.create_anonymous()
    store = sandbox.store
    with store.write() as conn:  # give the anonymous contact some history, as a till would
        contact_id = contacts.get(store, anonymous.uuid)["id"]
        conn.execute("INSERT INTO transactions (uuid, contact_id, type, credits, created_at) VALUES ('m1', ?, 'credit_reception', 40, '2026-01-01T00:00:00+00:00')", (contact_id,))
        transactions.refresh_summary(conn, contact_id)
    merged = leat.contacts.claim_anonymous(anonymous.uuid, email=unique_email)
    assert merged.uuid == target.uuid and merged.credit_balance == target.credit_balance + 40
    assert leat.transactions.list(contact_uuid=target.uuid).total == 1


def test_deleted_contact_is_gone_but_its_visits_remain(sandbox, leat, unique_email, monkeypatch):
    ref = leat.contacts.create(unique_email)
    shop = leat.shops.list()[0]
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=ref.uuid)
    leat.contacts.delete(ref.uuid, type="GDPR")
    later = time.time() + sandbox.store.deletion_delay + 1
    monkeypatch.setattr(sandbox.store, "clock", lambda: later)
    assert leat.visits.get(visit.uuid).contact is None


def test_data_persists_across_restarts(tmp_path):
    store = Store(tmp_path / "leat.sqlite3")
    seed(store, contacts=20)
    first = Sandbox(store, "k1", port=0).start()
    client = LeatClient(first.url, "k1")
    uuid = client.contacts.create("kept@example.com").uuid
    first.stop()
    second = Sandbox(Store(tmp_path / "leat.sqlite3"), "k2", port=0).start()
    try:
        assert LeatClient(second.url, "k2").contacts.find_by_email("kept@example.com").uuid == uuid
    finally:
        second.stop()


def test_seed_has_the_promised_data(leat):
    assert len(leat.shops.list()) >= 8
    assert leat.transactions.list(limit=1).total > 1200
    anna = leat.contacts.find_by_email("anna.devries@example.com")
    types = {t.type for t in leat.transactions.list(contact_uuid=anna.uuid, limit=100).items}
    assert types == {"credit_reception", "reward_reception"}
    assert leat.visits.list(limit=1).total >= 300


def test_seed_has_anonymous_and_tiered_contacts(sandbox):
    counts = sandbox.store.one("SELECT count(*) AS n, sum(is_anonymous) AS anon, count(tier_id) AS tiered FROM contacts")
    assert counts["n"] >= 300 and counts["anon"] >= 10 and counts["tiered"] >= 50


def test_large_account_pages_fast(tmp_path):
    store = Store(tmp_path / "large.sqlite3")
    seed(store, contacts=10, large=True)
    sandbox = Sandbox(store, "k", port=0).start()
    try:
        client = LeatClient(sandbox.url, "k")
        big = client.contacts.find_by_email("big.account@example.com")
        started = time.monotonic()
        page = client.transactions.list(contact_uuid=big.uuid, page=3999, limit=25)
        elapsed = time.monotonic() - started
        assert page.total == 100_000 and len(page.items) == 25
        assert elapsed < 1.0, f"paging a 100,000-transaction account took {elapsed:.2f} s"
    finally:
        sandbox.stop()


def test_fault_and_stats_controls_over_http(http, sandbox):
    assert http("PUT", "/__sandbox/faults", json={"maintenance": True}).json()["maintenance"] is True
    assert http("GET", f"{OAUTH}/shops").status_code == 503
    assert http("PUT", "/__sandbox/faults", json={"bogus": 1}).status_code == 400
    http("POST", "/__sandbox/faults/reset")
    assert http("GET", f"{OAUTH}/shops").status_code == 200
    http("POST", "/__sandbox/stats/reset")
    http("GET", f"{OAUTH}/shops")
    assert http("GET", "/__sandbox/stats").json() == {"total": 1, "routes": {"GET shops": 1}}


def test_path_specific_faults(http, sandbox, anna):
    sandbox.faults.update({"path_status": {"loyalty-transactions": 500}})
    assert http("GET", f"{OAUTH}/loyalty-transactions").status_code == 500
    assert http("GET", f"{OAUTH}/contacts/{anna.uuid}").status_code == 200


def test_oversized_and_broken_bodies_are_refused(http):
    assert http("POST", f"{OAUTH}/contacts", data=b"{not json", headers={"Content-Type": "application/json"}).json()["code"] == 1003
    assert http("POST", f"{OAUTH}/contacts", data=b"x" * 1_000_001, headers={"Content-Type": "application/json"}).status_code == 413


def test_a_page_of_contacts_is_each_contact_as_get_contacts_answers_it(http, sandbox):
    """`GET contacts` writes its ~2 MB page by hand (the definitions every contact repeats,
    serialised once): it must read back as the contacts one by one, tiers, cards,
    subscriptions and all, over pages that hold every kind of seeded contact."""
    total = http("GET", f"{OAUTH}/contacts", params={"limit": 1}).json()["meta"]["total"]
    seen = {"tier": 0, "card": 0, "anonymous": 0}
    for number in range(1, -(-total // 100) + 1):
        page = http("GET", f"{OAUTH}/contacts", params={"page": number, "limit": 100})
        assert page.headers["Content-Type"] == "application/json"
        for item in page.json()["data"]:
            assert item == http("GET", f"{OAUTH}/contacts/{item['uuid']}").json()["data"]
            seen["tier"] += item["tier"] is not None
            seen["card"] += item["current_values"]["default_contact_identifier"] is not None
            seen["anonymous"] += item["current_values"]["is_anonymous"]
    assert all(seen.values()), seen


def test_a_page_of_contacts_costs_the_same_few_queries_however_many_it_holds(sandbox):
    from leatadmin.sandbox import contact_list

    def queries(limit: int) -> int:
        statements = []
        with sandbox.store.connection() as conn:
            conn.set_trace_callback(statements.append)
            try:
                contact_list.list_contacts(sandbox.store, {"limit": str(limit)}, ())
            finally:
                conn.set_trace_callback(None)
        return len(statements)

    queries(100), queries(2)  # the count is remembered from the first call on
    assert queries(100) == queries(2) <= 10


@pytest.mark.parametrize(("sort", "kind"), [("-created_at", None), ("created_at", None), ("-created_at", "reward_receptions")])
def test_transaction_pages_are_the_slices_of_the_whole_list(http, sandbox, anna, sort, kind):
    """The sandbox reads a page's ids from the index first (OFFSET over the
    joined rows cost it 45 ms at page 1,000): every page is still exactly
    that slice of the list in its order, filtered, with the list's total."""
    direction = "DESC" if sort.startswith("-") else "ASC"
    type_clause = " AND type = 'reward_reception'" if kind else ""
    whole = [row["uuid"] for row in sandbox.store.all(
        f"SELECT uuid FROM transactions WHERE contact_id = (SELECT id FROM contacts WHERE uuid = ?){type_clause} ORDER BY created_at {direction}, id {direction}",
        (anna.uuid,),
    )]
    assert len(whole) > 20
    last = -(-len(whole) // 7)
    for number in (1, 2, last // 2, last - 1, last, last + 1):
        answer = http("GET", f"{OAUTH}/loyalty-transactions", params={"contact_uuid": anna.uuid, "limit": 7, "page": number, "sort": sort, "type": kind}).json()
        assert [item["uuid"] for item in answer["data"]] == whole[(number - 1) * 7 : number * 7]
        assert answer["meta"]["total"] == len(whole) and answer["meta"]["last_page"] == last


def test_the_count_of_transactions_follows_every_change(http, sandbox, unique_email):
    """The count is remembered between pages, and counted again after any change."""
    contact = http("POST", f"{OAUTH}/contacts", json={"email": unique_email}).json()["data"]
    shop = http("GET", f"{OAUTH}/shops").json()["data"][0]

    def total():
        return http("GET", f"{OAUTH}/loyalty-transactions", params={"contact_uuid": contact["uuid"], "limit": 1}).json()["meta"]["total"]

    assert total() == 0
    for expected in (1, 2):
        assert http("POST", f"{OAUTH}/credit-receptions", json={"contact_uuid": contact["uuid"], "shop_uuid": shop["uuid"], "credits": 5}).ok
        assert total() == expected


def test_the_count_of_contacts_follows_every_change(http, sandbox, unique_email):
    """The sandbox remembers the count between pages: any change, made through
    the API or by another connection to its database, counts again."""

    def total():
        return http("GET", f"{OAUTH}/contacts", params={"limit": 1}).json()["meta"]["total"]

    before = total()
    assert http("POST", f"{OAUTH}/contacts", json={"email": unique_email}).ok
    assert total() == before + 1
    with sandbox.store.write() as conn:
        conn.execute("INSERT INTO contacts (uuid, email, created_at, updated_at) VALUES ('count-test', 'count@example.com', '2024-01-01', '2024-01-01')")
    assert total() == before + 2
    with sandbox.store.write() as conn:
        conn.execute("DELETE FROM contacts WHERE uuid = 'count-test'")
    assert total() == before + 1


def test_latency_is_the_time_to_answer_with_the_work_done_within_it(http, sandbox):
    """Leat works on a call while it answers: a write has happened before its
    answer, delayed by the latency, arrives. (Working only after sleeping would
    queue a page's parallel calls behind each other in this one process.)"""
    import threading

    sandbox.faults.update({"latency_ms": 1500})
    email = f"latency-{secrets.token_hex(4)}@example.com"
    answers = []
    call = threading.Thread(target=lambda: answers.append(http("POST", f"{OAUTH}/contacts", json={"email": email})))
    started = time.monotonic()
    call.start()
    while contacts.by_email(sandbox.store, email) is None and time.monotonic() - started < 5:
        time.sleep(0.02)
    assert contacts.by_email(sandbox.store, email) is not None  # created on arrival ...
    assert call.is_alive()  # ... while its answer has not left yet
    call.join()
    assert answers[0].status_code in (200, 201) and time.monotonic() - started >= 1.5
