"""Create contact as staff would: a first and last name, plain options, and a
duplicate email that leads to the contact that has it."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.core.test_languages import DUTCH

pytestmark = pytest.mark.django_db


def test_create_contact_with_first_and_last_name(agent, leat, unique_email):
    response = agent.post(reverse("contacts:create"), {"email": unique_email, "firstname": " Sanne ", "lastname": "de Jong"})
    created = leat.contacts.find_by_email(unique_email)
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[created.uuid])
    assert (created.firstname, created.lastname) == ("Sanne", "de Jong")
    # Leat takes only the email at creation; the names are a second write, audited on its own.
    create, update = AuditEntry.objects.order_by("id")
    assert (create.action, create.sent) == ("contact.create", {"email": unique_email})
    assert (update.action, update.target_id, update.sent, update.succeeded) == ("contact.update", created.uuid, {"firstname": "Sanne", "lastname": "de Jong"}, True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Contact {unique_email} created in Leat."]


def test_without_names_nothing_more_is_sent(agent, sandbox, unique_email):
    agent.post(reverse("contacts:create"), {"email": unique_email, "firstname": "  "})
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["contact.create"]
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"]


def test_names_that_leat_does_not_save_leave_the_contact_made_and_say_so(agent, sandbox, leat, unique_email):
    sandbox.faults.update({"path_status": {"contacts/": 500}})  # only the update (PUT contacts/{uuid}) fails
    response = agent.post(reverse("contacts:create"), {"email": unique_email, "firstname": "Sanne", "lastname": "de Jong"})
    sandbox.faults.reset()
    created = leat.contacts.find_by_email(unique_email)
    # The contact exists: the page goes to it (sending the form again would only meet "already exists").
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[created.uuid])
    assert (created.firstname, created.lastname) == ("", "")
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [f"Contact {unique_email} created in Leat. The name was not saved (Leat had an internal error.): add it with Edit attributes."]
    update = AuditEntry.objects.get(action="contact.update")
    assert (update.succeeded, update.error_status) == (False, 500)


def test_a_lost_answer_to_the_names_says_to_check_them(agent, leat, unique_email, monkeypatch):
    from leatadmin.core.leat import leat as app_leat
    from leatadmin.leat import errors

    contacts = app_leat().contacts
    update = contacts.update

    def carried_out_but_answer_lost(uuid, *, attributes):
        update(uuid, attributes=attributes)  # Leat acts...
        raise errors.ConnectionFailed().answer_lost()  # ...and its answer never arrives

    monkeypatch.setattr(contacts, "update", carried_out_but_answer_lost)
    response = agent.post(reverse("contacts:create"), {"email": unique_email, "firstname": "Sanne"})
    assert response.status_code == 302 and leat.contacts.find_by_email(unique_email).firstname == "Sanne"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [f"Contact {unique_email} created in Leat. Leat's answer to saving the name was lost, so the name may not be saved: check it on the contact page."]
    assert AuditEntry.objects.get(action="contact.update").outcome == AuditEntry.Outcome.UNKNOWN


def test_a_duplicate_email_links_to_the_contact_that_has_it(agent, anna):
    html = agent.post(reverse("contacts:create"), {"email": "Anna.deVries@example.com"}, **HTMX).content.decode()
    link = reverse("contacts:detail", args=[anna.uuid])
    assert f'id="id_email_error">A contact with this email already exists. <a href="{link}">Open that contact</a>.' in html
    dutch = agent.post(reverse("contacts:create"), {"email": "anna.devries@example.com"}, **HTMX, **DUTCH).content.decode()
    assert f'Er bestaat al een klant met dit e-mailadres. <a href="{link}">Open die klant</a>.' in dutch


def test_the_quick_create_option_says_what_it_does(agent):
    html = agent.get(reverse("contacts:create")).content.decode()
    assert "Create asynchronously" not in html
    assert "Quick create (skip Leat&#x27;s automatic set-up)" in html and "Leave this off unless you were asked to use it." in html
    assert html.index('name="firstname"') < html.index('name="lastname"') < html.index('name="referral_code"')
