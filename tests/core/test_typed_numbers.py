"""#28.11: numbers staff type are read in the digits 0–9 only, on every form.

Python reads other scripts' digits as numbers (`int("٣") == 3`,
`Decimal("３") == 3`), so Django's number fields took `٣` credits as 3.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from leatadmin.core.fields import EurosField, NumberField, WholeNumberField
from tests.conftest import HTMX
from tests.core.test_languages import DUTCH
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db

OTHER_SCRIPTS = ["٣", "３", "۳", "१२", "1٢"]  # Arabic-Indic, full-width, Persian, Devanagari, mixed


def refusal(field: forms.Field, typed: str) -> list[str]:
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    return caught.value.messages


@pytest.mark.parametrize("typed", OTHER_SCRIPTS)
def test_whole_numbers_in_other_scripts_are_refused_naming_the_digits(typed):
    assert refusal(WholeNumberField(), typed) == ["Type the number with the digits 0–9."]
    assert refusal(NumberField(required=False), typed) == ["Type the number with the digits 0–9."]
    assert refusal(EurosField(), typed) == ["Type the amount with the digits 0–9, e.g. 25,50."]


@pytest.mark.parametrize(("typed", "number"), [("25", 25), (" 7 ", 7), ("-32", -32), ("\u221232", -32), ("+4", 4)])
def test_whole_numbers_as_staff_type_them(typed, number):
    assert WholeNumberField().clean(typed) == number


@pytest.mark.parametrize(("typed", "number"), [("12", "12"), ("1.5", "1.5"), ("1,5", "1.5"), (",5", "0.5"), ("-2", "-2")])
def test_numbers_as_staff_type_them(typed, number):
    assert NumberField(required=False, max_digits=15, decimal_places=4).clean(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["2.5", "lots", "1e3", "0x10", "--1"])
def test_anything_else_is_not_a_whole_number(typed):
    assert refusal(WholeNumberField(), typed) == ["Enter a whole number."]


@pytest.mark.parametrize("typed", ["1e3", "NaN", "Infinity", "1.2.3", "many"])
def test_anything_else_is_not_a_number(typed):
    assert refusal(NumberField(required=False), typed) == ["Enter a number."]


# --- On the real forms, through the views ------------------------------------------


def field_error(html: str, name: str) -> str:
    return html.split(f'id="id_{name}_error">')[1].split("</p>")[0]


def test_credits_in_arabic_indic_digits_are_refused_not_read_as_three(agent, leat, sandbox, customer, shop):
    url = reverse("loyalty:points", args=[customer.uuid])
    data = form_data(agent, url, how="credits", credits="٣", shop=shop.uuid, reason="Missing points")
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert field_error(html, "credits") == "Type the number with the digits 0–9."
    assert posts(sandbox, "POST credit-receptions") == 0 and leat.contacts.get(customer.uuid).credit_balance == 300


def test_a_party_size_in_other_digits_is_refused(manager, anna, sandbox):
    from tests.bookings.test_bookings import booking_form

    data = booking_form(manager, contact=anna.email, starts_at="2026-12-24T18:30", number_of_people="３")
    sandbox.reset_stats()
    html = manager.post(reverse("bookings:create"), data, **HTMX).content.decode()
    assert field_error(html, "number_of_people") == "Type the number with the digits 0–9."
    assert posts(sandbox, "POST bookings") == 0


def test_a_top_up_in_other_digits_is_refused(agent, leat, sandbox, unique_email, shop):
    contact = leat.contacts.find_or_create(unique_email)
    url = reverse("prepaid:book", args=[contact.uuid])
    data = form_data(agent, url, amount="١٢", shop=shop.uuid, reason="Cash")
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert field_error(html, "amount") == "Type the amount with the digits 0–9, e.g. 25,50."
    assert posts(sandbox, "POST prepaid-transactions") == 0


def test_a_numeric_attribute_in_other_digits_is_refused(agent, anna, sandbox):
    url = reverse("contacts:edit", args=[anna.uuid])
    data = form_data(agent, url, visits_per_month="٤")
    sandbox.reset_stats()
    html = agent.post(url, data, **HTMX).content.decode()
    assert field_error(html, "visits_per_month") == "Type the number with the digits 0–9."
    assert not any(route.startswith("PUT contacts") for route in sandbox.stats()["routes"])


# --- Money: what was typed, one message ------------------------------------------------


def test_three_decimals_on_the_purchase_amount_are_said_with_what_was_typed(agent, sandbox, customer, shop):
    url = reverse("loyalty:points", args=[customer.uuid])
    html = agent.post(url, form_data(agent, url, how="purchase", purchase="12,505", shop=shop.uuid, reason="Receipt"), **HTMX).content.decode()
    assert field_error(html, "purchase") == "“12,505” has 3 decimals: type whole cents, like 12,50 or 12,51; or 12505 if you meant 12505 euros."
    assert "1234" not in field_error(html, "purchase")


def test_too_large_a_purchase_gets_one_message_not_a_count_of_digits(agent, customer, shop):
    url = reverse("loyalty:points", args=[customer.uuid])
    html = agent.post(url, form_data(agent, url, how="purchase", purchase="1234567890", shop=shop.uuid, reason="Receipt"), **HTMX).content.decode()
    assert field_error(html, "purchase") == "At most €10,000.00."
    assert "digits" not in html


def test_three_decimals_in_dutch(agent, customer, shop):
    url = reverse("loyalty:points", args=[customer.uuid])
    html = agent.post(url, form_data(agent, url, how="purchase", purchase="0,125", shop=shop.uuid, reason="Bon"), **HTMX, **DUTCH).content.decode()
    assert field_error(html, "purchase") == "„0,125” heeft 3 decimalen: typ hele centen, zoals 0,12 of 0,13."
