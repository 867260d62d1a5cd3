"""The contact page as Leat really answers: signed credits, rewards by name,
scheduled deletion, typed attributes, transaction filters (issue: real Leat)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.contacts.models import TransactionExport
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops(leat):
    return leat.shops.list()[:2]


@pytest.fixture
def customer(leat, unique_email, shops):
    """+100 at one shop, −32 back (a partial refund), and a reward: Leat's three signs."""
    uuid = leat.contacts.create(unique_email).uuid
    leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shops[0].uuid, credits=100)
    leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shops[1].uuid, credits=-32)
    reward = next(r for r in leat.rewards.list(contact_uuid=uuid) if 0 < r.required_credits <= 68)
    leat.reward_receptions.create(contact_uuid=uuid, reward_uuid=reward.uuid, shop_uuid=shops[0].uuid)
    return uuid, reward


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "full page"])
def test_credits_keep_leats_sign_and_rewards_their_title(agent, customer, htmx):
    uuid, reward = customer
    if htmx:
        html = agent.get(reverse("contacts:transactions", args=[uuid]), **HTMX).content.decode()
    else:
        html = agent.get(reverse("contacts:detail", args=[uuid])).content.decode()
        html = agent.get(reverse("contacts:transactions", args=[uuid]), **HTMX).content.decode() if 'id="transactions"' in html else html
    rows = html.split("<tbody")[1]
    assert f"Reward: {reward.title}" in rows and f"−{reward.required_credits}<" in rows
    assert "+100<" in rows and "−32<" in rows
    assert "−-" not in rows and "+-" not in rows


def test_the_csv_writes_leats_signed_numbers(supervisor, customer):
    uuid, reward = customer
    supervisor.post(reverse("contacts:export_transactions", args=[uuid]), {"tx_type": ""})
    export = TransactionExport.objects.get()
    body = b"".join(supervisor.get(reverse("contacts:export_download", args=[export.pk])).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(int(row["credits"]) for row in rows) == sorted([100, -32, -reward.required_credits])
    assert {row["description"] for row in rows if row["type"] == "reward_reception"} == {f"Reward: {reward.title}"}


def test_transactions_filter_by_shop_and_days_kept_in_the_url(agent, customer, shops):
    uuid, _ = customer
    url = reverse("contacts:transactions", args=[uuid])
    by_shop = agent.get(url, {"tx_shop": shops[1].uuid}, **HTMX, HTTP_HX_TRIGGER="tx-filter")
    rows = by_shop.content.decode().split("<tbody")[1]
    assert "−32<" in rows and "+100<" not in rows
    assert f"tx_shop={shops[1].uuid}" in by_shop["HX-Push-Url"]
    future = agent.get(url, {"tx_from": "2999-01-01"}, **HTMX).content.decode()
    assert "No loyalty transactions." in future
    today = agent.get(url, {"tx_from": "2020-01-01", "tx_to": "2999-12-31"}, **HTMX).content.decode()
    assert "+100<" in today
    page = agent.get(reverse("contacts:detail", args=[uuid]), {"tx_shop": shops[1].uuid}).content.decode()
    assert f"tx_shop={shops[1].uuid}" in page  # the contact page passes its filters to the panel


def test_a_filter_that_cannot_be_read_says_so_and_lists_nothing(agent, sandbox, customer):
    uuid, _ = customer
    sandbox.reset_stats()
    html = agent.get(reverse("contacts:transactions", args=[uuid]), {"tx_from": "2026-05-01", "tx_to": "2026-04-01"}, **HTMX).content.decode()
    assert "The end date is before the start date." in html and "Fix the filter to see transactions." in html
    assert "GET loyalty-transactions" not in sandbox.stats()["routes"]


def test_a_contact_whose_deletion_is_pending_says_so(supervisor, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:delete", args=[uuid])
    response = supervisor.post(url, form_data(supervisor, url, type="DEFAULT", confirm_email=unique_email), follow=True)
    assert "is scheduled. Leat removes the contact within a few minutes." in response.content.decode()
    assert leat.contacts.get(uuid).email == unique_email  # Leat still has it for now
    page = supervisor.get(reverse("contacts:detail", args=[uuid])).content.decode()
    assert 'id="pending-deletion"' in page and "Deletion scheduled." in page and supervisor.user.username in page


def test_the_attribute_form_has_the_right_widget_for_each_type(agent, anna):
    html = agent.get(reverse("contacts:edit", args=[anna.uuid])).content.decode().split('<form class="card form"')[1]
    assert '<legend>Profile</legend>' in html and "<legend>Coffee preferences</legend>" in html  # Leat's groups
    assert '<select name="favourite_drink"' in html and ">Flat white<" in html  # Leat's options
    assert 'type="date" name="member_since"' in html and 'type="date" name="birthdate"' in html
    assert '<select name="vip"' in html and ">Yes<" in html and ">No<" in html
    assert 'name="visits_per_month"' in html and 'inputmode="decimal"' in html
    for read_only in ("loyalty_balance", "created_at", "email", "channel", "is_anonymous"):
        assert f'name="{read_only}"' not in html


def test_typed_attributes_go_to_leat_as_it_expects_them(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:edit", args=[uuid])
    response = agent.post(url, form_data(agent, url, favourite_drink="espresso", member_since="2024-03-01", vip="true", visits_per_month="2,5", birthdate="1990-02-24"))
    assert response.status_code == 302
    sent = AuditEntry.objects.get(action="contact.update").sent
    assert sent == {"favourite_drink": "espresso", "member_since": "2024-03-01", "vip": True, "visits_per_month": 2.5, "birthdate": "1990-02-24"}
    values = leat.contacts.get(uuid).current_values
    assert (values["favourite_drink"], values["vip"], values["member_since"]) == ("espresso", True, "2024-03-01")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"favourite_drink": "Whisky"}, "favourite_drink", "Select a valid choice."),
        ({"member_since": "31-31-2020"}, "member_since", "Enter a valid date."),
        ({"birthdate": "2999-01-01"}, "birthdate", "A birth date cannot be in the future."),
        ({"visits_per_month": "many"}, "visits_per_month", "Enter a number."),
        ({"phonenumber": "call me"}, "phonenumber", "Use digits, spaces, +, - and brackets only."),
    ],
)
def test_a_wrong_value_is_refused_at_its_field_before_leat(agent, sandbox, anna, fields, field, message):
    url = reverse("contacts:edit", args=[anna.uuid])
    data = form_data(agent, url, **fields)
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert f'id="id_{field}_error">{message}' in html
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"]
