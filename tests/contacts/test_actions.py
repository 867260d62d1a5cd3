"""Contact actions: each with good input, bad input, each Leat error, its audit entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.contacts.attributes import attribute_definitions
from leatadmin.contacts.program import loyalty_program
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


# --- Create ------------------------------------------------------------------


def test_create_form_prefills_the_email(agent):
    # As the lookup's "not found" sends it: in the body, never in a logged URL.
    html = agent.post(reverse("contacts:create"), {"email": "new@example.com", "prefill": "1"}).content.decode()
    assert 'value="new@example.com"' in html and "Referral code" in html


def test_create_contact(agent, leat, unique_email):
    response = agent.post(reverse("contacts:create"), {"email": unique_email.upper(), "referral_code": "FRIEND"})
    created = leat.contacts.find_by_email(unique_email)
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[created.uuid])
    entry = last_audit()
    assert (entry.action, entry.succeeded, entry.username, entry.target_id) == ("contact.create", True, agent.user.username, created.uuid)
    assert entry.sent == {"email": unique_email, "referral_code": "FRIEND"}


def test_create_contact_async_with_htmx_redirects_the_page(agent, leat, unique_email):
    response = agent.post(reverse("contacts:create"), {"email": unique_email, "asynchronous": "on"}, **HTMX)
    uuid = leat.contacts.find_by_email(unique_email).uuid
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[uuid])
    assert last_audit().action == "contact.create_async"


def test_create_with_a_bad_email_never_reaches_leat(agent, sandbox):
    response = agent.post(reverse("contacts:create"), {"email": "not-an-email", "referral_code": "KEEP"})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter a valid email address." in html
    assert 'value="KEEP"' in html  # what was typed stays
    assert sandbox.stats()["total"] == 0 and not AuditEntry.objects.exists()


def test_create_existing_email_says_so_at_the_field_and_is_audited(agent):
    response = agent.post(reverse("contacts:create"), {"email": "anna.devries@example.com"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="id_email_error">A contact with this email already exists.' in html
    assert 'value="anna.devries@example.com"' in html
    entry = last_audit()
    assert (entry.succeeded, entry.error_code, entry.error_status) == (False, 60005, 400)


def test_create_over_the_usage_limit(agent, sandbox, unique_email):
    sandbox.faults.update({"contact_limit": 1})
    html = agent.post(reverse("contacts:create"), {"email": unique_email}).content.decode()
    assert "Usage limit reached" in html and f'value="{unique_email}"' in html


def test_create_while_leat_is_down_keeps_the_input_and_answers_503(agent, sandbox, unique_email):
    sandbox.faults.update({"maintenance": True})
    response = agent.post(reverse("contacts:create"), {"email": unique_email, "referral_code": "R1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Leat is down for maintenance." in html and "Your input is kept" in html
    assert f'value="{unique_email}"' in html and 'value="R1"' in html
    assert sandbox.stats()["routes"] == {"POST contacts": 1}  # a write is not retried
    assert last_audit().error_status == 503


def test_create_while_rate_limited_says_when_to_retry(agent, sandbox, unique_email):
    sandbox.faults.update({"rate_limited": True, "retry_after": 25})
    response = agent.post(reverse("contacts:create"), {"email": unique_email})
    assert response.status_code == 503 and response["Retry-After"] == "25"
    assert "Try again in 25 seconds" in response.content.decode()


def test_create_needs_permission(manager, sandbox, unique_email):
    assert manager.get(reverse("contacts:create")).status_code == 403
    response = manager.post(reverse("contacts:create"), {"email": unique_email})
    assert response.status_code == 403 and "not allowed" in response.content.decode()
    assert sandbox.stats()["total"] == 0


def test_denied_htmx_request_gets_a_small_panel(manager):
    response = manager.post(reverse("contacts:create"), {"email": "x@example.com"}, **HTMX)
    assert response.status_code == 403 and "<html" not in response.content.decode()


def test_writes_are_post_only(agent, anna):
    assert agent.put(reverse("contacts:create")).status_code == 405
    assert agent.delete(reverse("contacts:delete", args=[anna.uuid])).status_code == 405


# --- Find or create --------------------------------------------------------------


def test_find_or_create_says_it_found_an_existing_contact_and_writes_nothing(agent, anna, sandbox):
    response = agent.post(reverse("contacts:find_or_create"), {"email": "Anna.DeVries@example.com"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("contacts:detail", args=[anna.uuid])
    assert "Found an existing contact: anna.devries@example.com. Nothing was created." in response.content.decode()
    assert not AuditEntry.objects.exists()  # a find is no write
    assert "GET contacts/find-or-create" not in sandbox.stats()["routes"]


def test_find_or_create_creates_and_hands_over_the_contact(agent, leat, sandbox, unique_email):
    attribute_definitions(), loyalty_program()  # cached like the shop list; warm, so only the contact call counts
    response = agent.post(reverse("contacts:find_or_create"), {"email": unique_email})
    uuid = leat.contacts.find_by_email(unique_email).uuid
    assert response["Location"] == reverse("contacts:detail", args=[uuid])
    assert last_audit().action == "contact.find_or_create" and last_audit().after["uuid"] == uuid
    html = agent.get(reverse("contacts:lookup")).content.decode()
    assert f"Created a new contact: {unique_email}." in html
    sandbox.reset_stats()
    agent.get(reverse("contacts:profile", args=[uuid]), **HTMX)
    assert sandbox.stats()["total"] == 0  # the page reuses what find-or-create returned


def test_find_or_create_bad_email(agent):
    assert "Enter a valid email address." in agent.post(reverse("contacts:find_or_create"), {"email": "nope"}).content.decode()


# --- Anonymous and claim --------------------------------------------------------


def test_create_anonymous_contact(agent, leat):
    response = agent.post(reverse("contacts:create_anonymous"), {"contact_identifier_value": ""})
    uuid = response["Location"].split("/")[2]
    assert leat.contacts.get(uuid).is_anonymous
    assert last_audit().action == "contact.create_anonymous"


def test_create_anonymous_with_a_card(agent, leat):
    response = agent.post(reverse("contacts:create_anonymous"), {"contact_identifier_value": "CARD-200020"})
    assert response.status_code == 302


@pytest.mark.parametrize(("card", "message"), [("NO-SUCH-CARD", "Leat has no loyalty card with this identifier."), ("CARD-200030", "already belongs to another contact")])
def test_create_anonymous_card_errors_at_the_field(agent, leat, card, message):
    if card == "CARD-200030":
        leat.contacts.create_anonymous(contact_identifier_value=card)
    html = agent.post(reverse("contacts:create_anonymous"), {"contact_identifier_value": card}).content.decode()
    assert 'id="id_contact_identifier_value_error"' in html and message in html


def test_profile_of_anonymous_contact_offers_claim(agent, leat):
    uuid = leat.contacts.create_anonymous().uuid
    html = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX).content.decode()
    assert "Anonymous" in html and reverse("contacts:claim", args=[uuid]) in html


def test_claim_with_a_new_email(agent, leat, unique_email):
    uuid = leat.contacts.create_anonymous().uuid
    response = agent.post(reverse("contacts:claim", args=[uuid]), {"email": unique_email})
    assert response["Location"] == reverse("contacts:detail", args=[uuid])
    assert leat.contacts.get(uuid).email == unique_email
    entry = last_audit()
    assert entry.before["is_anonymous"] is True and entry.after == {"uuid": uuid, "email": unique_email, "is_anonymous": False, "merged": False}


def test_claim_with_an_existing_email_merges_and_says_so(agent, leat, unique_email):
    existing = leat.contacts.create(unique_email).uuid
    uuid = leat.contacts.create_anonymous().uuid
    response = agent.post(reverse("contacts:claim", args=[uuid]), {"email": unique_email}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("contacts:detail", args=[existing])
    assert "already existed: the anonymous contact was merged into it" in response.content.decode()
    assert last_audit().after["merged"] is True


def test_claim_a_contact_that_is_not_anonymous(agent, anna):
    html = agent.post(reverse("contacts:claim", args=[anna.uuid]), {"email": "x@example.com"}).content.decode()
    assert "This contact is not anonymous, so it cannot be claimed." in html
    assert last_audit().error_code == 60016


# --- Edit attributes ----------------------------------------------------------------


def test_edit_form_has_editable_attributes_only(agent, anna):
    html = agent.get(reverse("contacts:edit", args=[anna.uuid])).content.decode().split('<form class="card form"')[1]
    assert 'name="firstname"' in html and 'value="Anna"' in html and 'name="birthdate"' in html
    for system in ("loyalty_balance", "created_at", "email", "subscription_status_1", "is_anonymous"):
        assert f'name="{system}"' not in html


def test_edit_sends_only_what_changed_and_shows_the_change(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    form = {"firstname": "Ann", "lastname": "Smit", "birthdate": "", "city": "", "favourite_drink": "", "housenumber": "", "locale": "", "phonenumber": "", "postalcode": "", "address": ""}
    response = agent.post(reverse("contacts:edit", args=[uuid]), form)
    assert response["Location"] == reverse("contacts:detail", args=[uuid])
    entry = last_audit()
    assert entry.sent == {"firstname": "Ann", "lastname": "Smit"}
    assert entry.before == {"firstname": None, "lastname": None} and entry.after == {"firstname": "Ann", "lastname": "Smit"}
    html = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX).content.decode()
    assert "Ann Smit" in html


def test_edit_with_nothing_changed_sends_nothing(agent, sandbox, anna):
    html = agent.get(reverse("contacts:edit", args=[anna.uuid])).content.decode()
    assert html
    data = {name: anna.current_values.get(name) or "" for name in ("firstname", "lastname", "birthdate", "city", "favourite_drink", "phonenumber", "address", "housenumber", "locale", "postalcode")}
    sandbox.reset_stats()
    agent.post(reverse("contacts:edit", args=[anna.uuid]), data)
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"]


def test_edit_system_values_cannot_be_submitted(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    agent.post(reverse("contacts:edit", args=[uuid]), {"firstname": "Eve", "loyalty_balance": "99999", "email": "hijack@example.com"})
    contact = leat.contacts.get(uuid)
    assert contact.firstname == "Eve" and contact.email == unique_email and contact.credit_balance == 0
    assert "loyalty_balance" not in last_audit().sent


def test_edit_bad_date_is_a_field_error(agent, anna):
    html = agent.post(reverse("contacts:edit", args=[anna.uuid]), {"firstname": "Anna", "birthdate": "31-31-2020"}, **HTMX).content.decode()
    assert 'id="id_birthdate_error"' in html and 'value="31-31-2020"' in html


def test_edit_while_leat_is_down_keeps_what_was_typed(agent, sandbox, anna):
    sandbox.faults.update({"maintenance": True})
    response = agent.post(reverse("contacts:edit", args=[anna.uuid]), {"firstname": "Typed", "lastname": "Kept"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 503
    assert 'value="Typed"' in html and 'value="Kept"' in html and "Your input is kept" in html


def test_edit_needs_permission(manager, anna):
    assert manager.get(reverse("contacts:edit", args=[anna.uuid])).status_code == 403


# --- Delete ---------------------------------------------------------------------------


def test_delete_needs_the_supervisor(agent, anna):
    assert agent.get(reverse("contacts:delete", args=[anna.uuid])).status_code == 403
    assert agent.post(reverse("contacts:delete", args=[anna.uuid]), {"type": "GDPR", "confirm_email": anna.email}).status_code == 403


def test_delete_wrong_confirmation_is_refused_before_leat(supervisor, sandbox, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    sandbox.reset_stats()
    html = supervisor.post(reverse("contacts:delete", args=[uuid]), {"type": "DEFAULT", "confirm_email": "someone.else@example.com"}).content.decode()
    assert "This is not the contact&#x27;s email." in html
    assert "POST contacts/{id}/delete" not in sandbox.stats()["routes"]


@pytest.mark.parametrize("kind", ["DEFAULT", "GDPR"])
def test_delete_schedules_deletion(supervisor, leat, unique_email, kind):
    uuid = leat.contacts.create(unique_email).uuid
    response = supervisor.post(reverse("contacts:delete", args=[uuid]), {"type": kind, "confirm_email": f"  {unique_email.upper()} "}, follow=True)
    assert f"Deletion of {unique_email} ({kind}) is scheduled" in response.content.decode()
    entry = last_audit()
    assert entry.action == f"contact.delete_{kind.lower()}" and entry.succeeded
    assert entry.before["email"] == (unique_email if kind == "DEFAULT" else "(removed)")  # GDPR: pseudonymised


def test_delete_bad_type(supervisor, anna):
    html = supervisor.post(reverse("contacts:delete", args=[anna.uuid]), {"type": "SOFT", "confirm_email": anna.email}).content.decode()
    assert "Select a valid choice." in html
