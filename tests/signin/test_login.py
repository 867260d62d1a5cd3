"""#24: signing in is a password and a second factor (an authenticator app's
code, or a recovery code), each throttled, each audited; a used code cannot be
used again; local passwords can be switched off for all but a superuser."""

from __future__ import annotations

import secrets
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import CUSTOMER_SERVICE
from tests.signin.support import code_for

pytestmark = pytest.mark.django_db


def an_address() -> str:
    return f"198.51.100.{secrets.randbelow(250) + 1}"


def password_step(client, user, address):
    return client.post(reverse("login"), {"username": user.username, "password": "pw"}, REMOTE_ADDR=address)


def staff_actions(user) -> list[str]:
    return list(AuditEntry.objects.filter(target_type=AuditEntry.Target.STAFF, target_id=str(user.pk)).order_by("id").values_list("action", flat=True))


def test_a_password_then_the_code_signs_in_and_is_audited(client, make_staff):
    staff, address = make_staff(CUSTOMER_SERVICE), an_address()
    answer = password_step(client, staff, address)
    assert answer.status_code == 302 and answer["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'name="code"' in page and "Your second factor" in page
    done = client.post(reverse("mfa_authenticate"), {"code": code_for(staff)}, REMOTE_ADDR=address)
    assert done.status_code == 302 and client.get(reverse("contacts:lookup")).status_code == 200
    login = AuditEntry.objects.get(action="signin.login", target_id=str(staff.pk))
    assert login.target_type == "staff" and login.username == staff.username and login.succeeded
    assert login.sent["address"] == address and login.sent["steps"] == ["password", "totp"]


def test_a_wrong_password_is_audited_without_the_password(client, make_staff):
    staff = make_staff(CUSTOMER_SERVICE)
    client.post(reverse("login"), {"username": staff.username, "password": "hunter2-secret"}, REMOTE_ADDR=an_address())
    failed = AuditEntry.objects.get(action="signin.failed", target_label=staff.username)
    assert not failed.succeeded and failed.outcome == "failed"
    assert "hunter2" not in str(failed.sent) + failed.reason


def test_a_wrong_code_repeated_locks_out_with_429_and_the_right_one_then_waits(client, make_staff, settings):
    staff, address = make_staff(CUSTOMER_SERVICE), an_address()
    password_step(client, staff, address)
    right = code_for(staff)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        answer = client.post(reverse("mfa_authenticate"), {"code": wrong}, REMOTE_ADDR=address)
        assert answer.status_code == 200 and "Incorrect code" in answer.content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": right}, REMOTE_ADDR=address)
    assert refused.status_code == 429 and refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_SECONDS)
    assert "Too many failed log-in attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    actions = staff_actions(staff)
    assert actions.count("signin.failed") == settings.LOGIN_FAILURES_ALLOWED and actions.count("signin.locked_out") == 1


def test_a_used_code_cannot_be_used_again(client, make_staff):
    staff = make_staff(CUSTOMER_SERVICE)
    at = time.time()
    if at % 30 > 25:
        time.sleep(30 - at % 30 + 0.1)  # both sign-ins inside one 30-second code
    code = code_for(staff)
    password_step(client, staff, an_address())
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_step(client, staff, an_address())
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "Incorrect code" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once_and_is_audited(client, make_staff):
    staff = make_staff(CUSTOMER_SERVICE)
    codes = RecoveryCodes.activate(staff)
    code = codes.get_unused_codes()[0]
    password_step(client, staff, an_address())
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert "signin.recovery_code_used" in staff_actions(staff)
    client.post(reverse("logout"))
    password_step(client, staff, an_address())
    assert "Incorrect code" in client.post(reverse("mfa_authenticate"), {"code": code}).content.decode()


def test_with_local_passwords_off_only_a_superuser_signs_in_with_one(client, make_staff, django_user_model, settings):
    settings.LOCAL_PASSWORDS = False
    staff = make_staff(CUSTOMER_SERVICE)
    refused = password_step(client, staff, an_address())
    assert refused.status_code == 200 and "Passwords are switched off here: sign in with your company account." in refused.content.decode()
    assert "signin.failed" in staff_actions(staff)
    root = django_user_model.objects.create_superuser(f"root-{secrets.token_hex(3)}", password="pw")
    Authenticator.objects.create(user=root, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert password_step(client, root, an_address())["Location"] == reverse("mfa_authenticate")  # break-glass: password, then the factor


def test_the_log_in_page_in_dutch_and_english(client):
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="username"' in english and 'name="password"' in english and "Sign in with a passkey" in english
    dutch = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Log in met uw medewerkersaccount." in dutch and "Aanmelden met een passkey" in dutch


def test_what_leatadmin_does_not_offer_is_not_there(client):
    for path in ("/accounts/signup/", "/accounts/password/reset/", "/accounts/email/", "/accounts/3rdparty/"):
        assert client.get(path).status_code == 404, path
