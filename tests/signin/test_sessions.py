"""#24: a staff member sees their sessions and signs out everywhere else; an
administrator ends anyone's sessions and resets a lost factor (both audited,
both behind the fresh check); every sign-in event is in the audit log."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import CUSTOMER_SERVICE, SUPERVISOR
from tests.signin.support import code_for, signed_in

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
DESK = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def sign_in(staff, *, device: str, address: str) -> Client:
    """A real sign-in (password, then the code) from a device."""
    client = Client(HTTP_USER_AGENT=device, REMOTE_ADDR=address)
    client.post(reverse("login"), {"username": staff.username, "password": "pw"})
    assert client.post(reverse("mfa_authenticate"), {"code": code_for(staff)}).status_code == 302
    return client


def test_your_sessions_lists_each_device_and_signs_out_everywhere_else(make_staff):
    staff = make_staff(CUSTOMER_SERVICE)
    desk = sign_in(staff, device=DESK, address="198.51.100.7")
    phone = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.8")
    phone.force_login(staff)  # (a second sign-in: the code of this 30 seconds is used already)
    from allauth.usersessions.models import UserSession

    UserSession.objects.create(user=staff, ip="203.0.113.8", user_agent=PHONE, session_key=phone.session.session_key)
    page = desk.get(reverse("signin:security")).content.decode()
    assert "Chrome · Windows" in page and "Safari · iPhone" in page and "198.51.100.7" in page and "This one" in page
    assert phone.get(reverse("contacts:lookup")).status_code == 200
    desk.post(reverse("signin:security"), {"end": "others"})
    assert phone.get(reverse("contacts:lookup"))["Location"].startswith(reverse("login"))  # signed out there
    assert desk.get(reverse("contacts:lookup")).status_code == 200  # not here
    ended = AuditEntry.objects.get(action="signin.sessions_ended", target_id=str(staff.pk))
    assert ended.sent["sessions"] == 1 and ended.username == staff.username


@pytest.fixture
def administrator(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root-sessions", password="pw")
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(admin)
    signed_in(client, admin)
    client.user = admin
    return client


def test_an_administrator_ends_someones_sessions(administrator, make_staff):
    staff = make_staff(SUPERVISOR)
    theirs = Client()
    theirs.force_login(staff)
    assert administrator.get(reverse("signin:staff")).status_code == 200
    administrator.post(reverse("signin:end_sessions", args=[staff.pk]))
    assert theirs.get(reverse("contacts:lookup"))["Location"].startswith(reverse("login"))
    entry = AuditEntry.objects.get(action="signin.sessions_ended", target_id=str(staff.pk))
    assert entry.username == "root-sessions" and entry.target_label == staff.username


def test_an_administrator_resets_a_lost_factor_and_the_person_sets_up_a_new_one(administrator, make_staff, client):
    staff = make_staff(SUPERVISOR)
    theirs = Client()
    theirs.force_login(staff)
    administrator.post(reverse("signin:reset_factor", args=[staff.pk]))
    assert not Authenticator.objects.filter(user=staff).exists()
    assert theirs.get(reverse("contacts:lookup"))["Location"].startswith(reverse("login"))
    entry = AuditEntry.objects.get(action="signin.factor_reset", target_id=str(staff.pk))
    assert entry.sent["factors"] == ["totp"] and entry.username == "root-sessions"
    again = Client()
    assert again.post(reverse("login"), {"username": staff.username, "password": "pw"}).status_code == 302
    assert again.get(reverse("contacts:lookup"))["Location"] == reverse("signin:setup")


def test_only_an_administrator_and_only_freshly(supervisor, administrator, make_staff):
    staff = make_staff(CUSTOMER_SERVICE)
    assert supervisor.get(reverse("signin:staff")).status_code == 403
    assert supervisor.post(reverse("signin:reset_factor", args=[staff.pk])).status_code == 403
    signed_in(administrator, administrator.user, seconds_ago=11 * 60)
    asked = administrator.post(reverse("signin:reset_factor", args=[staff.pk]))
    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=staff).exists()


def test_sign_in_events_are_filterable_in_the_audit_log(client, make_staff, supervisor):
    staff = make_staff(CUSTOMER_SERVICE)
    client.post(reverse("login"), {"username": staff.username, "password": "wrong"})
    sign_in(staff, device=DESK, address="198.51.100.9")
    page = supervisor.get(reverse("audit:list"), {"target_type": "staff"}).content.decode()
    assert "Staff sign-in" in page and "Sign-in failed" in page and "Signed in" in page
    assert "Contact deletion asked" not in page
