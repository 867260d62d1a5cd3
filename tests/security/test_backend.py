"""Staff log in through Django's ModelBackend, and what they may do is read
fresh on every request: a permission taken away holds at the next request."""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from leatadmin.staff.roles import CUSTOMER_SERVICE
from tests.signin.support import code_for

pytestmark = pytest.mark.django_db


def test_a_permission_taken_away_holds_at_the_next_request(agent):
    lookup = reverse("contacts:lookup")
    assert agent.get(lookup).status_code == 200
    agent.user.groups.remove(Group.objects.get(name=CUSTOMER_SERVICE))
    assert agent.get(lookup).status_code == 403


def test_a_permission_given_holds_at_the_next_request(make_staff, client):
    staff = make_staff(None)
    client.force_login(staff)
    audit = reverse("audit:list")
    assert client.get(audit).status_code == 403
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="view_audit"))
    assert client.get(audit).status_code == 200


def test_staff_log_in_through_djangos_model_backend(client, make_staff):
    staff = make_staff(CUSTOMER_SERVICE, f"backend-{secrets.token_hex(3)}")
    answer = client.post(reverse("login"), {"username": staff.username, "password": "pw"}, REMOTE_ADDR="203.0.113.9")
    assert answer.status_code == 302 and answer["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code_for(staff)}, REMOTE_ADDR="203.0.113.9")  # the second factor (#24)
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_a_session_of_the_former_staff_backend_logs_in_once_more(client, make_staff):
    """Until issue #30 staff logged in through leatadmin.staff.backends.StaffBackend.
    A session names the backend that logged it in; that one is gone, so such a
    session is logged out (the log-in page, not an error) and the staff member logs in again."""
    staff = make_staff(CUSTOMER_SERVICE)
    client.force_login(staff)
    session = client.session
    session["_auth_user_backend"] = "leatadmin.staff.backends.StaffBackend"
    session.save()
    answer = client.get(reverse("contacts:lookup"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
    client.post(reverse("login"), {"username": staff.username, "password": "pw"}, REMOTE_ADDR="203.0.113.10")
    client.post(reverse("mfa_authenticate"), {"code": code_for(staff)}, REMOTE_ADDR="203.0.113.10")
    assert client.get(reverse("contacts:lookup")).status_code == 200
