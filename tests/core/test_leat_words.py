"""Leat's own words in the staff member's language (core/leat_words.py): the
messages Leat sends about visits and bookings, as the sandbox sends them, are
all said in words of leatadmin's own; anything else is marked as Leat's."""

from __future__ import annotations

import secrets

import pytest
from django.utils import translation

from leatadmin.core.forms import LeatForm
from leatadmin.core.history import field_label
from leatadmin.core.leat_words import field_said, leat_says, said
from leatadmin.leat import errors
from leatadmin.visits.forms import VisitEditForm


def _refused(call) -> dict[str, list[str]]:
    with pytest.raises(errors.InvalidInput) as refused:
        call()
    return refused.value.field_errors


@pytest.fixture(scope="module")
def visit_and_booking_messages(sandbox) -> set[tuple[str, str]]:
    """Every field message the sandbox sends on visits and bookings, as (field, message)."""
    from leatadmin.leat import LeatClient

    leat = LeatClient(sandbox.url, sandbox.api_key)
    contact = leat.contacts.find_or_create(f"dutch.words.{secrets.token_hex(4)}@example.com")
    shop = leat.shops.list()[0]
    taken = f"dutch-words-{secrets.token_hex(4)}"
    visit = leat.visits.create(shop_uuid=shop.uuid, contact_uuid=contact.uuid, external_id=taken)
    owners = {"shop_uuid": shop.uuid, "contact_uuid": contact.uuid}
    bad = {"starts_at": "not a date", "source": ["a list"], "external_id": "x" * 300}
    found: dict[str, list[str]] = {}
    for route, body in [
        ("visits", {}),
        ("visits", {**owners, **bad}),
        ("visits", {**owners, "starts_at": "2026-12-24T18:00:00Z", "ends_at": "2026-12-24T17:00:00Z"}),
        ("visits", {**owners, "external_id": taken}),
        ("bookings", {}),
        ("bookings", {**owners, **bad, "checked_in_at": "later", "company_name": ["x"], "status": {"a": 1}}),
        ("bookings", {**owners, "number_of_people": "two", "prepaid_amount": "-1"}),
        ("bookings", {**owners, "number_of_people": 0, "prepaid_amount": "1.5"}),
        ("bookings", {**owners, "starts_at": "2026-12-24T18:00:00Z", "ends_at": "2026-12-24T17:00:00Z"}),
    ]:
        for name, messages in _refused(lambda route=route, body=body: leat.request("POST", route, json=body)).items():
            found.setdefault(name, []).extend(messages)
    for route, body in [(f"visits/{visit.uuid}", {"external_id": taken + "-other", "starts_at": "never"}), ("visits/" + "0" * 8 + "-0000-4000-8000-000000000000", {}), ("bookings/" + "0" * 8 + "-0000-4000-8000-000000000000", {})]:
        for name, messages in _refused(lambda route=route, body=body: leat.request("PUT", route, json=body)).items():
            found.setdefault(name, []).extend(messages)
    return {(name, message) for name, messages in found.items() for message in messages}


def test_the_sandbox_sends_what_leat_sends_on_visits_and_bookings(visit_and_booking_messages):
    messages = {message for _, message in visit_and_booking_messages}
    # The kinds of message the check below is about (so it checks something).
    for expected in ("The external id has already been taken.", "The selected visit is invalid.", "The selected booking is invalid.", "The shop uuid field is required.", "The ends at must be a date after starts at."):
        assert expected in messages
    assert len(messages) >= 10


def test_every_message_leat_sends_on_visits_and_bookings_is_said_in_dutch(visit_and_booking_messages):
    with translation.override("nl"):
        for name, message in sorted(visit_and_booking_messages):
            at_field = field_said(message, None, field_label)
            on_top = field_said(message, field_label(name), field_label)
            assert at_field != leat_says(message) and message not in at_field, (name, message, at_field)
            assert (on_top == at_field or on_top.startswith(f"{field_label(name)}: ")) and message not in on_top, (name, message, on_top)


@pytest.mark.parametrize(
    ("message", "dutch"),
    [
        ("The external id has already been taken.", "Al in gebruik in Leat. Kies een andere waarde."),
        ("The selected booking is invalid.", "Leat heeft geen reservering met dit ID."),
        ("The selected visit is invalid.", "Leat heeft geen bezoek met dit ID."),
        ("The ends at must be a date after starts at.", "Moet later zijn dan Begin."),
        ("The number of people must be at least 1.", "Moet minstens 1 zijn."),
        ("The source may not be greater than 255 characters.", "Maximaal 255 tekens."),
        ("The credit reception is itself a reversal and cannot be reversed.", "Dit is zelf een terugboeking en kan dus niet worden teruggedraaid."),
        ("The credits field is required when unit value is not present.", "Leat vereist een waarde als Aankoopbedrag leeg is."),
    ],
)
def test_leats_field_messages_in_dutch(message, dutch):
    with translation.override("nl"):
        assert field_said(message, None, field_label) == dutch


def test_a_message_leatadmin_does_not_know_is_marked_as_leats_own_words():
    with translation.override("nl"):
        assert field_said("The selected type is invalid. Options are DEFAULT and GDPR.", None, field_label) == "“The selected type is invalid. Options are DEFAULT and GDPR.” (letterlijk van Leat, in het Engels)"
        assert said("Webhook subscription not found.") == "“Webhook subscription not found.” (letterlijk van Leat, in het Engels)"
    with translation.override("en"):
        assert said("Webhook subscription not found.") == "“Webhook subscription not found.” (Leat's own words)"


def test_leats_known_whole_messages_in_dutch():
    with translation.override("nl"):
        assert said("Invalid input.") == "Leat accepteerde de invoer niet."
        assert said("Visit not found.") == "Leat heeft geen bezoek met dit ID."
        assert said("Contact identifier not found.") != "Contact identifier not found."


# --- On a form ------------------------------------------------------------------------


def _edit_form() -> VisitEditForm:
    form = VisitEditForm({"starts_at": "2026-12-24T18:00", "external_id": "x"})
    form.is_valid()
    return form


def test_a_field_message_is_put_in_words_at_its_field():
    form = _edit_form()
    with translation.override("nl"):
        form.apply_leat_error(errors.InvalidInput(status=400, code=1003, field_errors={"external_id": ["The external id has already been taken."]}))
        assert form.errors["external_id"] == ["Al in gebruik in Leat. Kies een andere waarde."]


def test_a_field_message_for_a_field_the_form_lacks_names_the_field_at_the_top():
    form = _edit_form()
    with translation.override("nl"):
        form.apply_leat_error(errors.InvalidInput(status=400, code=1003, field_errors={"number_of_people": ["The number of people must be an integer."]}))
        assert form.non_field_errors() == ["Aantal personen: Moet een geheel getal zijn."]


def test_1003s_own_words_add_nothing_to_its_field_messages():
    class Reverse(LeatForm):
        leat_error_fields = {errors.InvalidInput: None}

    form = Reverse({})
    form.is_valid()
    with translation.override("nl"):
        form.apply_leat_error(errors.InvalidInput("Invalid input.", status=400, code=1003, field_errors={"uuid": ["The credit reception is itself a reversal and cannot be reversed."]}))
        assert form.non_field_errors() == ["Dit is zelf een terugboeking en kan dus niet worden teruggedraaid."]
    form = Reverse({})
    form.is_valid()
    with translation.override("nl"):
        form.apply_leat_error(errors.InvalidInput("Invalid input.", status=400, code=1003))
        assert form.non_field_errors() == ["Leat accepteerde de invoer niet."]


def test_leat_being_down_while_a_form_is_sent_reads_dutch_to_the_end():
    form = _edit_form()
    with translation.override("nl"):
        form.apply_leat_error(errors.Maintenance(status=503))
        assert form.non_field_errors() == ["Leat is in onderhoud. Er is niets veranderd. Probeer het over een paar minuten opnieuw. Wat u heeft ingevuld, staat hieronder nog."]
