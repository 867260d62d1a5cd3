"""At the counter (#29): the records of vouchers and promotions read every
answer Leat was captured giving for their routes (and its docs pages'
examples), and Leat's quirks on them (gift cards and rewards to collect:
test_giftcard_parsing.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from leatadmin.leat import errors
from leatadmin.leat.models import Page, Promotion, Voucher, VoucherLock, parse_datetime
from leatadmin.leat.models.values import ACCOUNT_TIME_ZONE
from leatadmin.leat.resource import items
from tests.reference import captured, documented, needs_reference

UTC = dt.UTC
VOUCHERS_MDX = "oauth-promotions-vouchers-vouchers.mdx"


def bodies(method: str, path: str) -> list:
    examples = captured(method, path)
    assert examples, f"no captured 2xx example for {method} {path}"
    return examples


# --- Vouchers and promotions ---------------------------------------------------


@needs_reference
def test_captured_voucher_list_is_one_page_with_per_page_as_a_string():
    (body,) = bodies("GET", "/oauth/clients/vouchers")
    assert body["meta"]["per_page"] == "30"  # the quirk itself
    page = Page.from_api(body, Voucher.from_api)
    assert (page.page, page.per_page, page.last_page, page.total) == (1, 30, 1, 2)
    first, second = page.items
    assert (first.code, first.status, first.is_redeemed, first.redeemed_at) == ("EXAMPLE-CODE-123", "ACTIVE", False, None)
    assert (first.activation_date, first.expiration_date) == (dt.datetime(2023, 12, 10, 10, tzinfo=UTC), dt.datetime(2023, 12, 12, 10, tzinfo=UTC))
    assert first.contact.uuid == "123" and first.promotion.uuid == "123" and first.promotion.voucher_limit == 25012
    assert first.promotion.limit_per_contact is None and first.attributes["someName2"] == "meer"
    assert second.expiration_date is None  # never expires


@needs_reference
@pytest.mark.parametrize(("method", "path"), [("GET", "/oauth/clients/vouchers/find"), ("POST", "/oauth/clients/vouchers/redeem")])
def test_captured_redeemed_voucher_parses(method, path):
    voucher = Voucher.from_api(bodies(method, path)[0]["data"])
    assert (voucher.uuid, voucher.code, voucher.status, voucher.is_redeemed) == ("62f6dc8c-4ff1-4c42-99ba-713c68ed10a0", "EXAMPLE-CODE-03785", "REDEEMED", True)
    assert voucher.redeemed_at == dt.datetime(2023, 11, 13, 8, 51, tzinfo=UTC)
    assert voucher.shop is None and voucher.times_redeemed is None  # Leat's captured answers say neither


@needs_reference
def test_captured_deactivated_voucher_without_contact_parses():
    voucher = Voucher.from_api(bodies("PUT", "/oauth/clients/vouchers/{voucher_uuid}")[0]["data"])
    assert (voucher.status, voucher.contact, voucher.expiration_date, voucher.promotion.name) == ("DEACTIVATED", None, None, "Gratis Pizza")


@needs_reference
def test_captured_lock_and_release_parse():
    lock = VoucherLock.from_api(bodies("POST", "/oauth/clients/vouchers/{voucher_uuid}/lock")[0]["data"])
    assert (lock.voucher_uuid, lock.status, lock.release_key) == ("11fe9574-800a-4832-ae64-e90d0192ca9a", "LOCKED", "5cc7e94a-7aa2-4f4a-8a8c-c20ab3a086ce")
    assert lock.system_release_at - lock.locked_at == dt.timedelta(hours=1) and lock.unlocked_at is None
    released = VoucherLock.from_api(bodies("POST", "/oauth/clients/vouchers/{voucher_uuid}/release")[0]["data"])
    assert (released.status, released.unlocked_at, released.system_release_at) == ("ACTIVE", dt.datetime(2023, 11, 13, 9, 3, 32, tzinfo=UTC), None)


@needs_reference
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_captured_promotion_parses(method):
    for body in bodies(method, "/oauth/clients/promotions"):
        data = body["data"]
        promotions = items(data, Promotion.from_api, "promotion") if isinstance(data, list) else [Promotion.from_api(data)]
        assert promotions and all(promotion.uuid and promotion.name and promotion.is_active for promotion in promotions)
    if method == "GET":
        pizza = promotions[0]
        assert (pizza.uuid, pizza.name, pizza.voucher_limit, pizza.limit_per_contact, pizza.expiration_duration) == ("123", "Gratis Pizza", 25012, None, None)


@needs_reference
def test_documented_promotion_parses():
    promotion = Promotion.from_api(documented("oauth-promotions-vouchers-promotions.mdx", "Get Promotion")["data"])
    assert (promotion.uuid, promotion.voucher_limit, promotion.limit_per_contact, promotion.expiration_duration) == ("5c3d59c7-7799-4d41-894a-8f46e50edfda", 12, 3, 86400)


@needs_reference
def test_captured_voucher_batch_date_as_leat_displays_it_is_the_accounts_wall_clock():
    """"2023-11-13, 09:36" was captured at 08:36 GMT: Amsterdam's time, not UTC."""
    (body,) = bodies("POST", "/oauth/clients/vouchers/batch")
    assert body["data"]["created_at"] == "2023-11-13, 09:36"
    assert parse_datetime(body["data"]["created_at"]) == dt.datetime(2023, 11, 13, 8, 36, tzinfo=UTC)


@needs_reference
@pytest.mark.parametrize("heading", ["List Vouchers"])
def test_documented_voucher_list_parses(heading):
    page = Page.from_api(documented(VOUCHERS_MDX, heading), Voucher.from_api)
    assert (page.page, page.per_page, page.last_page, page.total) == (1, 30, 9, 241)
    assert {voucher.status for voucher in page} >= {"ACTIVE", "REDEEMED", "EXPIRED", "DEACTIVATED"}


@needs_reference
@pytest.mark.parametrize("heading", ["Create Voucher", "Find Voucher", "Update Voucher", "Redeem Voucher"])
def test_documented_voucher_answers_parse(heading):
    voucher = Voucher.from_api(documented(VOUCHERS_MDX, heading)["data"])
    assert voucher.uuid == "62f6dc8c-4ff1-4c42-99ba-713c68ed10a0" and voucher.promotion.uuid == "123"
    if heading == "Redeem Voucher":
        assert (voucher.redemption_uuid, voucher.times_redeemed, voucher.redemptions_remaining, voucher.total_redemptions_allowed) == ("8fsl298-oaisdf98-asdf923-afsdoij", 1, 0, 1)


@needs_reference
@pytest.mark.parametrize(("heading", "status"), [("Lock Voucher (Optional)", "LOCKED"), ("Release Voucher (Optional)", "ACTIVE")])
def test_documented_lock_answers_parse(heading, status):
    lock = VoucherLock.from_api(documented(VOUCHERS_MDX, heading)["data"])
    assert (lock.status, lock.release_key) == (status, "5cc7e94a-7aa2-4f4a-8a8c-c20ab3a086ce")


def test_voucher_is_usable_only_when_active_between_its_dates():
    base = {"uuid": "v", "code": "C", "status": "ACTIVE", "activation_date": "2024-01-01 00:00:00+00:00", "expiration_date": "2024-02-01T00:00:00Z"}
    voucher = Voucher.from_api(base)
    assert voucher.is_usable(dt.datetime(2024, 1, 15, tzinfo=UTC))
    assert not voucher.is_usable(dt.datetime(2023, 12, 31, tzinfo=UTC))  # not active until ...
    assert not voucher.is_usable(dt.datetime(2024, 2, 1, tzinfo=UTC))  # expired on ...
    for status in ("REDEEMED", "DEACTIVATED", "LOCKED", "INACTIVE", "EXPIRED"):
        assert not Voucher.from_api({**base, "status": status}).is_usable(dt.datetime(2024, 1, 15, tzinfo=UTC))
    assert Voucher.from_api({**base, "status": "REDEEMED", "is_redeemed": None}).is_redeemed


def test_voucher_tolerates_nulls_and_loose_values():
    voucher = Voucher.from_api(
        {"uuid": 17, "code": None, "status": "active", "contact": None, "promotion": [], "attributes": [], "expiration_date": "", "is_redeemed": "false", "times_redeemed": "2", "new": 1}
    )
    assert (voucher.uuid, voucher.code, voucher.status, voucher.contact, voucher.promotion, voucher.attributes) == ("17", "", "ACTIVE", None, None, {})
    assert (voucher.expiration_date, voucher.is_redeemed, voucher.times_redeemed) == (None, False, 2)


@pytest.mark.parametrize("data", [{"code": "no uuid"}, None, [], "text"])
def test_voucher_without_uuid_is_a_bad_response(data):
    with pytest.raises(errors.BadResponse):
        Voucher.from_api(data)


@pytest.mark.parametrize("lock", [{}, None, {"release_key": None}, {"release_key": ""}])
def test_lock_without_its_release_key_is_a_bad_response(lock):
    with pytest.raises(errors.BadResponse):
        VoucherLock.from_api({"voucher": {"uuid": "v", "status": "LOCKED"}, "lock": lock})


def test_promotion_tolerates_nulls_and_a_said_inactive_state():
    promotion = Promotion.from_api({"uuid": "p", "name": None, "voucher_limit": "12", "expiration_duration": "86400", "attributes": None, "active": False})
    assert (promotion.name, promotion.voucher_limit, promotion.expiration_duration, promotion.attributes, promotion.is_active) == ("", 12, 86400, {}, False)


# --- Dates and lists, as Leat sends them on these routes -----------------------


@pytest.mark.parametrize("value", ["2023-11-13 09:36:00+00:00", "2023-11-13T09:36:00+00:00", "2023-11-13T10:36:00+01:00", "2023-11-13T09:36:00Z", "2023-11-13 09:36"])
def test_dates_with_a_space_or_t_are_the_same_moment(value):
    assert parse_datetime(value) == dt.datetime(2023, 11, 13, 9, 36, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "utc"), [("2023-11-13, 09:36", (2023, 11, 13, 8, 36)), ("2024-07-01, 09:36", (2024, 7, 1, 7, 36)), ("2024-07-01,09:36:15", (2024, 7, 1, 7, 36, 15))]
)
def test_dates_as_leat_displays_them_are_in_the_accounts_time_zone(value, utc):
    assert parse_datetime(value) == dt.datetime(*utc, tzinfo=UTC)  # winter +01:00, summer +02:00


def test_the_account_zone_of_displayed_dates_can_be_given():
    assert parse_datetime("2023-11-13, 09:36", account_zone=UTC) == dt.datetime(2023, 11, 13, 9, 36, tzinfo=UTC)
    assert ACCOUNT_TIME_ZONE.key == "Europe/Amsterdam"


@pytest.mark.parametrize("value", ["2023-11-13,, 09:36", "13-11-2023, 09:36", "2023-11-13, ", "2023-11-13, 09:36+01:00"])
def test_unreadable_dates_are_still_bad_responses(value):
    with pytest.raises(errors.BadResponse):
        parse_datetime(value)


@pytest.mark.parametrize("meta", [[], {}, None])
def test_voucher_page_with_meta_as_list_dict_or_null(meta):
    page = Page.from_api({"data": [{"uuid": "v", "code": "C", "status": "ACTIVE"}], "meta": meta}, Voucher.from_api, requested_page=2, requested_limit=30)
    assert (page.page, page.per_page, page.total, len(page)) == (2, 30, 31, 1)
