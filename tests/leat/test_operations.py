"""Every client operation against the sandbox, over real loopback HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from leatadmin.leat import errors


def test_get_and_find_contact(leat, anna):
    assert anna.email == "anna.devries@example.com"
    assert anna.name == "Anna de Vries"
    assert anna.tier.name == "Gold"
    assert leat.contacts.get(anna.uuid) == anna


def test_find_by_email_ignores_case_and_spaces(leat, anna):
    assert leat.contacts.find_by_email("  Anna.DeVries@EXAMPLE.com ").uuid == anna.uuid


def test_balances(leat, anna):
    assert leat.contacts.credit_balance(anna.uuid).balance == anna.credit_balance
    prepaid = leat.contacts.prepaid_balance(anna.uuid)
    assert prepaid.balance_in_cents == 2000 and prepaid.balance == "€20.00"


def test_create_and_create_async(leat, unique_email):
    ref = leat.contacts.create(unique_email, referral_code="FRIEND10")
    assert leat.contacts.get(ref.uuid).email == unique_email
    other = unique_email.replace("test.", "async.")
    assert leat.contacts.get(leat.contacts.create_async(other).uuid).email == other


def test_find_or_create_finds_then_creates(leat, anna, unique_email):
    assert leat.contacts.find_or_create("anna.devries@example.com").uuid == anna.uuid
    created = leat.contacts.find_or_create(unique_email)
    assert created.email == unique_email
    assert leat.contacts.find_or_create_async(unique_email).uuid == created.uuid


def test_anonymous_contact_and_claim_with_new_email(leat, unique_email):
    ref = leat.contacts.create_anonymous()
    assert leat.contacts.get(ref.uuid).is_anonymous
    claimed = leat.contacts.claim_anonymous(ref.uuid, email=unique_email)
    assert claimed.uuid == ref.uuid and claimed.email == unique_email and not claimed.is_anonymous


def test_anonymous_contact_with_identifier_value(leat):
    ref = leat.contacts.create_anonymous(contact_identifier_value="CARD-200001")
    assert leat.contacts.get(ref.uuid).current_values["default_contact_identifier"] == "CARD-200001"


def test_claim_merges_into_existing_contact(leat, unique_email):
    existing = leat.contacts.get(leat.contacts.create(unique_email).uuid)
    anonymous = leat.contacts.create_anonymous(contact_identifier_value="CARD-200002")
    merged = leat.contacts.claim_anonymous(anonymous.uuid, email=unique_email.upper())
    assert merged.uuid == existing.uuid
    assert merged.current_values["default_contact_identifier"] == "CARD-200002"
    with pytest.raises(errors.ContactNotFound):
        leat.contacts.get(anonymous.uuid)


def test_update_attributes(leat, unique_email):
    ref = leat.contacts.create(unique_email)
    updated = leat.contacts.update(ref.uuid, attributes={"firstname": "Zoë", "lastname": "O'Brien", "birthdate": "1990-02-03"})
    assert updated.name == "Zoë O'Brien"
    assert updated.current_values["birthdate"] == "1990-02-03"


@pytest.mark.parametrize("kind", ["DEFAULT", "GDPR"])
def test_delete_only_schedules_the_removal(leat, sandbox, monkeypatch, unique_email, kind):
    ref = leat.contacts.create(unique_email)
    assert leat.contacts.delete(ref.uuid, type=kind) is None
    assert leat.contacts.get(ref.uuid).email == unique_email  # still there for a few minutes, as in Leat
    later = sandbox.store.clock() + 3600
    monkeypatch.setattr(sandbox.store, "clock", lambda: later)
    with pytest.raises(errors.ContactNotFound):
        leat.contacts.get(ref.uuid)


def test_delete_type_is_checked_before_sending(leat):
    with pytest.raises(ValueError):
        leat.contacts.delete("x", type="SOFT")


def test_transactions_page_and_filter(leat, anna):
    page = leat.transactions.list(contact_uuid=anna.uuid, page=2, limit=25)
    assert (page.page, page.per_page, len(page.items)) == (2, 25, 25)
    assert page.total == 1200 and page.last_page == 48
    rewards = leat.transactions.list(contact_uuid=anna.uuid, type="reward_receptions", limit=100)
    assert rewards.items and {t.type for t in rewards.items} == {"reward_reception"}
    assert all(t.contact_uuid == anna.uuid for t in page.items)


def test_transactions_type_is_checked_before_sending(leat):
    with pytest.raises(ValueError):
        leat.transactions.list(type="credit_reception")


def test_shops(leat):
    shops = leat.shops.list()
    assert len(shops) >= 8
    assert any(shop.uuid == "shop-0007" for shop in shops)  # not every id is a UUID
    assert leat.shops.get("shop-0007").name == "Leat Coffee Webshop"


def test_visits_list_show_create_update(leat, anna):
    shop = leat.shops.list()[0]
    starts = dt.datetime(2026, 5, 1, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, external_id=f"T-{anna.uuid[:8]}-{starts.timestamp()}", source="Test", starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    assert visit.starts_at == starts
    assert visit.shop is None  # Leat's visits carry no shop
    assert leat.visits.get(visit.uuid) == visit
    updated = leat.visits.update(visit.uuid, source="Kiosk")
    assert updated.source == "Kiosk" and updated.external_id == visit.external_id
    page = leat.visits.list(contact_uuid=anna.uuid, limit=5)
    assert len(page.items) == 5 and page.total >= 26 and page.items[0].uuid == visit.uuid


def test_visit_update_refuses_shop_and_contact(leat):
    with pytest.raises(TypeError):
        leat.visits.update("x", shop_uuid="y")


def test_bookings_create_and_update_every_field(leat, anna):
    shop = leat.shops.list()[1]
    starts = dt.datetime(2026, 12, 24, 18, 30, tzinfo=dt.UTC)
    booking = leat.bookings.create(
        shop_uuid=shop.uuid, contact_uuid=anna.uuid, external_id="BK-1", source="Phone", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), number_of_people=6, company_name="Acme BV", status="created", prepaid_amount=2550,
    )
    # Leat answers with the visit fields only (its docs' examples): the rest is not echoed.
    assert (booking.contact.uuid, booking.external_id, booking.starts_at) == (anna.uuid, "BK-1", starts)
    assert (booking.number_of_people, booking.company_name, booking.status, booking.prepaid_amount) == (None, "", "", None)
    checked_in = starts + dt.timedelta(minutes=5)
    updated = leat.bookings.update(booking.uuid, checked_in_at=checked_in, status="in progress", number_of_people=5)
    assert updated.checked_in_at == checked_in and updated.uuid == booking.uuid


def test_naive_datetimes_are_refused_before_sending(leat):
    with pytest.raises(ValueError):
        leat.bookings.update("x", starts_at=dt.datetime(2026, 1, 1))


def test_identifiers_are_quoted_as_one_path_segment(leat):
    with pytest.raises(errors.ContactNotFound):
        leat.contacts.get("../visits")


@pytest.mark.parametrize("identifier", ["", ".", ".."])
def test_dot_segments_are_refused_before_sending(leat, identifier):
    with pytest.raises(ValueError):
        leat.contacts.get(identifier)
