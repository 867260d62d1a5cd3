"""#28.11: a numeric attribute that counts something ("Visits per month") is
never negative. Leat's definitions carry no minimum, so the attribute's name
and label decide (contacts.attributes.is_count)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.contacts import attributes
from leatadmin.contacts.forms import attribute_field
from leatadmin.leat.models import AttributeDefinition
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db


def test_minus_one_visits_per_month_is_refused_at_the_field_before_leat(agent, anna, sandbox):
    url = reverse("contacts:edit", args=[anna.uuid])
    data = form_data(agent, url, visits_per_month="-1")
    sandbox.reset_stats()
    response = agent.post(url, data, **HTMX)
    html = response.content.decode()
    assert 'id="id_visits_per_month_error">Visits per month cannot be negative.</p>' in html
    assert not any(route.startswith("PUT contacts") for route in sandbox.stats()["routes"])


def test_zero_visits_per_month_is_a_count_like_any_other(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:edit", args=[uuid])
    assert agent.post(url, form_data(agent, url, visits_per_month="0")).status_code == 302
    assert leat.contacts.get(uuid).current_values["visits_per_month"] == 0


def number(name: str, label: str, kind: str = "number") -> AttributeDefinition:
    return AttributeDefinition(name=name, label=label, type=kind)


@pytest.mark.parametrize(
    "definition",
    [
        number("visits_per_month", "Visits per month"),
        number("age", "Age"),
        number("loyalty_number_of_transactions", "Number of transactions"),
        number("kids", "Kinderen", "float"),
        number("aantal_bezoeken", "Aantal bezoeken"),
        number("party", "Usual party size"),
    ],
)
def test_counts_and_quantities_cannot_be_negative(definition):
    assert attributes.is_count(definition)
    field = attribute_field(definition)
    assert field.clean("3") == 3 and field.clean("0") == 0
    with pytest.raises(Exception, match=f"{definition.label} cannot be negative."):
        field.clean("-1")


@pytest.mark.parametrize(
    "definition",
    [
        number("loyalty_balance", "Credit balance"),  # a balance can be below zero
        number("credit_change", "Change in credits per month"),  # a count word, but a change may be negative
        number("temperature", "Preferred temperature"),
        number("score", "Score"),  # says nothing: left as any number
        AttributeDefinition(name="visits", label="Visits", type="text"),  # not a number at all
    ],
)
def test_other_numbers_may_be_negative(definition):
    assert not attributes.is_count(definition)
    if definition.type == "number":
        assert attribute_field(definition).clean("-1") == -1
