"""#24: a second factor is required (MFA_REQUIRED): staff without one are taken
to set it up right after their password and can do nothing else; the last one
is never removed; once known, the check costs no query."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import CUSTOMER_SERVICE, SUPERVISOR
from tests.conftest import HTMX
from tests.signin.support import signed_in

pytestmark = pytest.mark.django_db


def without_factor(client, make_staff, role=CUSTOMER_SERVICE):
    staff = make_staff(role, factor=False)
    answer = client.post(reverse("login"), {"username": staff.username, "password": "pw"})
    assert answer.status_code == 302 and "_auth_user_id" in client.session  # no factor to ask for yet
    return staff


def test_staff_without_a_factor_can_do_nothing_but_set_one_up(client, make_staff):
    without_factor(client, make_staff)
    for url in (reverse("home"), reverse("contacts:lookup"), reverse("audit:list"), reverse("signin:security")):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"] == reverse("signin:setup"), url
    assert client.get(reverse("contacts:lookup"), **HTMX)["HX-Redirect"] == reverse("signin:setup")
    page = client.get(reverse("signin:setup")).content.decode()
    assert "Set up your second factor" in page and reverse("mfa_activate_totp") in page and reverse("mfa_add_webauthn") in page


def test_setting_up_an_authenticator_app_opens_leatadmin_and_is_audited(client, make_staff, django_capture_on_commit_callbacks):
    staff = without_factor(client, make_staff)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200  # right after the password: no second password asked
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):  # allauth says "added" once the transaction is done
        done = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("contacts:lookup")).status_code == 200
    added = AuditEntry.objects.filter(action="signin.factor_added", target_id=str(staff.pk))
    assert sorted(entry.sent["factor"] for entry in added) == ["recovery_codes", "totp"]  # recovery codes come with the first factor


def test_with_mfa_not_required_staff_without_a_factor_go_on(client, make_staff, settings):
    settings.MFA_REQUIRED = False
    without_factor(client, make_staff)
    assert client.get(reverse("contacts:lookup")).status_code == 200


def test_the_last_factor_cannot_be_removed_while_required(agent):
    totp = Authenticator.objects.get(user=agent.user, type=Authenticator.Type.TOTP)
    refused = agent.post(reverse("mfa_deactivate_totp"))
    assert refused.status_code == 200 and "This is your last second factor" in refused.content.decode()
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    key = Authenticator.objects.create(user=agent.user, type=Authenticator.Type.WEBAUTHN, data={"name": "Desk key", "credential": {}})
    totp.delete()  # the key is now the only factor
    answer = agent.post(reverse("mfa_remove_webauthn", args=[key.pk]), follow=True)
    assert Authenticator.objects.filter(pk=key.pk).exists() and "This is your last second factor" in answer.content.decode()


def test_with_two_factors_one_can_go(agent):
    Authenticator.objects.create(user=agent.user, type=Authenticator.Type.WEBAUTHN, data={"name": "Desk key", "credential": {}})
    assert agent.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=agent.user, type=Authenticator.Type.TOTP).exists()
    assert AuditEntry.objects.filter(action="signin.factor_removed", target_id=str(agent.user.pk)).exists()


def test_the_check_costs_no_query_once_the_session_knows(agent):
    agent.get(reverse("contacts:lookup"))
    with CaptureQueriesContext(connection) as queries:
        agent.get(reverse("contacts:lookup"))
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_a_reset_factor_sends_the_person_to_set_up_a_new_one_at_next_sign_in(client, make_staff):
    staff = make_staff(SUPERVISOR)
    client.force_login(staff)
    signed_in(client, staff)
    assert client.get(reverse("contacts:lookup")).status_code == 200
    Authenticator.objects.filter(user=staff).delete()  # what an administrator's reset does (and it ends the sessions)
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": staff.username, "password": "pw"})
    assert client.get(reverse("contacts:lookup"))["Location"] == reverse("signin:setup")
