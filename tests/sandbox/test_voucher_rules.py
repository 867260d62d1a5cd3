"""The sandbox's voucher rules, over HTTP, as Leat's vouchers page gives them:
the list (filters, Laravel's paging with `per_page` a string), promotions,
making vouchers, and using one at the till: lock, redeem exactly once,
release; a lock ends after an hour; vouchers not active yet, expired or
deactivated are refused, each with Leat's code."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
import requests

OAUTH = "/api/v3/oauth/clients/"
ANNA = "anna.devries@example.com"
#: The seeded codes of anna's vouchers, one in every status (docs/sandbox.md).
ANNA_CODES = {
    "VQ7HM2KXP": "ACTIVE", "BEANS-ANNA-10": "ACTIVE", "VR4TN8WQE": "INACTIVE", "VX2BK9LMD": "EXPIRED",
    "VH6PC3ZRA": "REDEEMED", "VD9WF5TNJ": "DEACTIVATED", "VL3QJ7HXS": "LOCKED",
}


@pytest.fixture
def http(sandbox):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {sandbox.api_key}", "Accept": "application/json"})

    def call(method, path, **kwargs):
        return session.request(method, sandbox.url + OAUTH + path, timeout=5, **kwargs)

    return call


@pytest.fixture
def clock(sandbox):
    """Seconds to move the sandbox's clock forward by (`clock[0] += 3600`)."""
    real = sandbox.store.clock
    ahead = [0.0]
    sandbox.store.clock = lambda: real() + ahead[0]
    yield ahead
    sandbox.store.clock = real


def ok(answer) -> dict:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()["data"]


def refused(answer, code: int) -> dict:
    body = answer.json()
    assert (answer.status_code, body.get("code")) == (400, code), answer.text
    return body.get("errors") or {}


@pytest.fixture
def contact(http):
    return ok(http("POST", "contacts", json={"email": f"voucher.{secrets.token_hex(5)}@example.com"}))["uuid"]


@pytest.fixture
def shop(http):
    return ok(http("GET", "shops"))[0]["uuid"]


@pytest.fixture
def promotions(http):
    return {p["name"]: p for p in ok(http("GET", "promotions"))}


def new_voucher(http, promotions, contact=None, name="Goodwill: free pastry", **fields) -> dict:
    return ok(http("POST", "vouchers", json={"promotion_uuid": promotions[name]["uuid"], **({"contact_uuid": contact} if contact else {}), **fields}))


def status(http, voucher: dict) -> str:
    return ok(http("GET", f"vouchers/{voucher['uuid']}"))["status"]


# --- Promotions and the list ---------------------------------------------------------


def test_promotions_are_listed_active_or_not_without_saying_which(http, promotions):
    assert {"Welcome coffee", "10% off coffee beans", "Goodwill: free pastry", "Summer festival 2026"} <= set(promotions)
    welcome = promotions["Welcome coffee"]
    assert welcome["limit_per_contact"] == 1 and welcome["expiration_duration"] == 30 * 86400 and welcome["attributes"] == {"plu": "PLU-1001"}
    assert all(set(p) == {"attributes", "name", "description", "voucher_limit", "limit_per_contact", "expiration_duration", "uuid"} for p in promotions.values())
    assert ok(http("GET", f"promotions/{welcome['uuid']}"))["name"] == "Welcome coffee"
    refused(http("GET", "promotions/no-such-promotion"), 80002)


def test_anna_has_a_voucher_in_every_status(http):
    anna = ok(http("GET", "contacts/find-one-by", params={"email": ANNA}))["uuid"]
    found = {code: ok(http("GET", "vouchers/find", params={"code": code})) for code in ANNA_CODES}
    assert {code: voucher["status"] for code, voucher in found.items()} == ANNA_CODES
    assert all(voucher["contact"] == {"uuid": anna, "email": ANNA} for voucher in found.values())
    redeemed = found["VH6PC3ZRA"]
    assert redeemed["is_redeemed"] and redeemed["redeemed_at"] == "2026-10-28T09:14:00+00:00"
    assert found["VQ7HM2KXP"]["name"] == "Goodwill: free pastry" and found["VQ7HM2KXP"]["promotion"]["plu"] == "PLU-1100"
    listed = http("GET", "vouchers", params={"contact_uuid": anna, "status": "EXPIRED"}).json()
    assert [v["code"] for v in listed["data"]] == ["VX2BK9LMD"]


def test_the_list_pages_like_laravel_with_per_page_a_string(http):
    anna = ok(http("GET", "contacts/find-one-by", params={"email": ANNA}))["uuid"]
    page = http("GET", "vouchers", params={"contact_uuid": anna, "limit": 3, "page": 2}).json()
    meta = page["meta"]
    assert meta["per_page"] == "3" and meta["current_page"] == 2 and meta["from"] == 4 and meta["to"] == 6 and meta["total"] >= 7
    assert [link["label"] for link in meta["links"]][0] == "pagination.previous" and meta["links"][-1]["label"] == "pagination.next"
    assert page["links"]["prev"].endswith("vouchers?page=1") and [link["active"] for link in meta["links"]].count(True) == 1
    assert http("GET", "vouchers").json()["meta"]["per_page"] == "30"  # the default, a string too
    ids = [v["uuid"] for v in http("GET", "vouchers", params={"contact_uuid": anna, "limit": 100}).json()["data"]]
    assert len(ids) == len(set(ids))


def test_the_list_checks_its_filters(http):
    refused(http("GET", "vouchers", params={"status": "USED"}), 1003)
    refused(http("GET", "vouchers", params={"limit": 501}), 1003)
    refused(http("GET", "vouchers", params={"promotion_uuid": "nope"}), 80002)
    refused(http("GET", "vouchers", params={"contact_uuid": "nope"}), 55031)


def test_a_code_is_found_as_it_is_stored(http):
    assert ok(http("GET", "vouchers/find", params={"code": "FLYER-2026-0042"}))["contact"] is None
    refused(http("GET", "vouchers/find", params={"code": "flyer-2026-0042"}), 80004)  # the app normalises what staff type
    refused(http("GET", "vouchers/find", params={"code": "FLYER 2026 0042"}), 80004)
    assert "code" in refused(http("GET", "vouchers/find"), 1003)
    refused(http("GET", "vouchers/no-such-voucher"), 80004)


# --- Making vouchers --------------------------------------------------------------------


def test_a_new_voucher_takes_its_promotions_dates_and_attributes(http, promotions, contact):
    voucher = new_voucher(http, promotions, contact, "10% off coffee beans")
    assert re.fullmatch(r"V[A-Z0-9]{8}", voucher["code"]) and voucher["status"] == "ACTIVE"
    activation = dt.datetime.fromisoformat(voucher["activation_date"])
    assert dt.datetime.fromisoformat(voucher["expiration_date"]) - activation == dt.timedelta(days=90)
    assert voucher["attributes"] == {"plu": "PLU-2040"} and voucher["contact"]["uuid"] == contact
    assert new_voucher(http, promotions, contact)["expiration_date"] is None  # a promotion without a duration
    own = new_voucher(http, promotions, contact, code=f"GOODWILL-{secrets.token_hex(3).upper()}", activation_date="2030-01-01T09:00:00+01:00")
    assert own["activation_date"] == "2030-01-01T08:00:00+00:00" and own["status"] == "INACTIVE"


def test_making_a_voucher_is_refused_with_leats_codes(http, promotions, contact):
    goodwill = promotions["Goodwill: free pastry"]["uuid"]
    assert "promotion_uuid" in refused(http("POST", "vouchers", json={}), 1003)
    refused(http("POST", "vouchers", json={"promotion_uuid": "nope"}), 80002)
    refused(http("POST", "vouchers", json={"promotion_uuid": goodwill, "contact_uuid": "nope"}), 55031)
    refused(http("POST", "vouchers", json={"promotion_uuid": goodwill, "code": "VQ7HM2KXP"}), 80003)
    refused(http("POST", "vouchers", json={"promotion_uuid": promotions["Summer festival 2026"]["uuid"]}), 80020)
    refused(http("POST", "vouchers", json={"promotion_uuid": promotions["Launch weekend Leiden"]["uuid"]}), 80008)  # its 3 are given
    new_voucher(http, promotions, contact, "Welcome coffee")
    refused(http("POST", "vouchers", json={"promotion_uuid": promotions["Welcome coffee"]["uuid"], "contact_uuid": contact}), 80008)  # once per contact
    errors = refused(http("POST", "vouchers", json={"promotion_uuid": goodwill, "activation_date": "2030-02-01", "expiration_date": "2030-01-01"}), 1003)
    assert errors == {"expiration_date": ["The expiration date must be a date after activation date."]}


def test_a_batch_is_made_at_once_and_answered_as_pending(http, promotions, contact):
    goodwill = promotions["Goodwill: free pastry"]["uuid"]
    answer = http("POST", "vouchers/batch", json={"promotion_uuid": goodwill, "quantity": 3, "contact_uuid": contact})
    assert answer.status_code == 201
    batch = answer.json()["data"]
    assert batch["status"] == "PENDING" and batch["quantity"] == 3 and re.fullmatch(r"\d{4}-\d\d-\d\d, \d\d:\d\d", batch["created_at"])
    assert len(ok(http("GET", "vouchers", params={"contact_uuid": contact}))) == 3
    assert "quantity" in refused(http("POST", "vouchers/batch", json={"promotion_uuid": goodwill, "quantity": 501}), 1003)


def test_staff_deactivate_and_activate_a_voucher(http, promotions, contact, shop):
    voucher = new_voucher(http, promotions, contact)
    assert ok(http("PUT", f"vouchers/{voucher['uuid']}", data={"status": "DEACTIVATED"}))["status"] == "DEACTIVATED"
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}), 80012)
    refused(http("POST", f"vouchers/{voucher['uuid']}/lock"), 80012)
    assert ok(http("PUT", f"vouchers/{voucher['uuid']}", data={"status": "ACTIVE"}))["status"] == "ACTIVE"
    ok(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}))
    refused(http("PUT", f"vouchers/{voucher['uuid']}", data={"status": "DEACTIVATED"}), 1003)  # redeemed: stays so
    refused(http("PUT", f"vouchers/{voucher['uuid']}", data={"status": "GONE"}), 1003)
    refused(http("PUT", "vouchers/no-such-voucher", data={"status": "ACTIVE"}), 80004)


# --- At the till ------------------------------------------------------------------------


def test_a_voucher_is_redeemed_exactly_once(http, promotions, contact, shop):
    voucher = new_voucher(http, promotions, contact)
    redeemed = ok(http("POST", "vouchers/redeem", data={"code": voucher["code"], "shop_uuid": shop}))
    assert redeemed["status"] == "REDEEMED" and redeemed["is_redeemed"] and redeemed["redeemed_at"]
    assert "shop" not in redeemed  # Leat's answer names no shop
    refused(http("POST", "vouchers/redeem", data={"code": voucher["code"], "shop_uuid": shop}), 80005)
    refused(http("POST", f"vouchers/{voucher['uuid']}/lock"), 80005)
    assert ok(http("GET", f"vouchers/{voucher['uuid']}"))["redeemed_at"] == redeemed["redeemed_at"]


def test_redeeming_checks_its_fields_shop_and_code(http, promotions, contact, shop):
    assert set(refused(http("POST", "vouchers/redeem", json={}), 1003)) == {"code", "shop_uuid"}
    refused(http("POST", "vouchers/redeem", json={"code": "NO-SUCH-CODE", "shop_uuid": shop}), 80004)
    voucher = new_voucher(http, promotions, contact)
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": "nope"}), 1008)
    assert status(http, voucher) == "ACTIVE"


@pytest.mark.parametrize(("code", "leat_code"), [("VR4TN8WQE", 80014), ("VX2BK9LMD", 80006), ("VD9WF5TNJ", 80012), ("VH6PC3ZRA", 80005), ("VL3QJ7HXS", 80017)])
def test_seeded_vouchers_that_cannot_be_used_now_are_refused(http, shop, code, leat_code):
    refused(http("POST", "vouchers/redeem", json={"code": code, "shop_uuid": shop}), leat_code)
    voucher = ok(http("GET", "vouchers/find", params={"code": code}))
    refused(http("POST", f"vouchers/{voucher['uuid']}/lock"), leat_code)
    assert voucher["status"] == ANNA_CODES[code]


def test_dates_decide_with_the_clock(http, promotions, contact, shop, clock):
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
    voucher = new_voucher(http, promotions, contact, activation_date=soon, expiration_date=later)
    assert voucher["status"] == "INACTIVE"
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}), 80014)
    clock[0] += 2 * 86400
    assert status(http, voucher) == "ACTIVE"
    clock[0] += 2 * 86400
    assert status(http, voucher) == "EXPIRED"
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}), 80006)


def test_a_locked_voucher_is_redeemed_only_with_its_release_key(http, promotions, contact, shop):
    voucher = new_voucher(http, promotions, contact)
    locked = ok(http("POST", f"vouchers/{voucher['uuid']}/lock"))
    key, lock = locked["lock"]["release_key"], locked["lock"]
    assert locked["voucher"] == {"uuid": voucher["uuid"], "status": "LOCKED"} and lock["unlocked_at"] is None
    assert dt.datetime.fromisoformat(lock["system_release_at"]) - dt.datetime.fromisoformat(lock["locked_at"]) == dt.timedelta(hours=1)
    refused(http("POST", f"vouchers/{voucher['uuid']}/lock"), 80017)
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}), 80017)
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "release_key": "another-till"}), 80017)
    assert ok(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "release_key": key}))["status"] == "REDEEMED"
    refused(http("POST", f"vouchers/{voucher['uuid']}/release", json={"release_key": key}), 80005)


def test_releasing_a_lock_makes_the_voucher_usable_again(http, promotions, contact, shop):
    voucher = new_voucher(http, promotions, contact)
    key = ok(http("POST", f"vouchers/{voucher['uuid']}/lock"))["lock"]["release_key"]
    assert "release_key" in refused(http("POST", f"vouchers/{voucher['uuid']}/release", json={}), 1003)
    assert "release_key" in refused(http("POST", f"vouchers/{voucher['uuid']}/release", json={"release_key": "wrong"}), 1003)
    released = ok(http("POST", f"vouchers/{voucher['uuid']}/release", json={"release_key": key}))
    assert released["voucher"]["status"] == "ACTIVE" and released["lock"]["unlocked_at"] and released["lock"]["system_release_at"] is None
    assert ok(http("POST", f"vouchers/{voucher['uuid']}/release", json={"release_key": key})) == released  # again: the same lock
    new_key = ok(http("POST", f"vouchers/{voucher['uuid']}/lock"))["lock"]["release_key"]
    refused(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "release_key": key}), 80017)  # an old key
    ok(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop, "release_key": new_key}))
    refused(http("POST", "vouchers/no-such-voucher/lock"), 80004)


def test_a_lock_ends_after_an_hour(http, promotions, contact, shop, clock):
    voucher = new_voucher(http, promotions, contact)
    ok(http("POST", f"vouchers/{voucher['uuid']}/lock"))
    clock[0] += 3599
    assert status(http, voucher) == "LOCKED"
    clock[0] += 2
    assert status(http, voucher) == "ACTIVE"
    assert ok(http("POST", "vouchers/redeem", json={"code": voucher["code"], "shop_uuid": shop}))["status"] == "REDEEMED"


def test_a_voucher_without_a_contact_is_redeemed_for_one(http, promotions, contact, shop):
    flyer = new_voucher(http, promotions)
    errors = refused(http("POST", "vouchers/redeem", json={"code": flyer["code"], "shop_uuid": shop}), 1003)
    assert list(errors) == ["contact_uuid"]
    assert ok(http("POST", "vouchers/redeem", json={"code": flyer["code"], "shop_uuid": shop, "contact_uuid": contact}))["contact"]["uuid"] == contact
    someone_elses = new_voucher(http, promotions, ok(http("POST", "contacts", json={"email": f"other.{secrets.token_hex(4)}@example.com"}))["uuid"])
    assert list(refused(http("POST", "vouchers/redeem", json={"code": someone_elses["code"], "shop_uuid": shop, "contact_uuid": contact}), 1003)) == ["contact_uuid"]
