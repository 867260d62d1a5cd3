"""#24: every sign-in event is in the audit log, filterable like the rest of it.

One member of staff's life, through the pages as they use them: a wrong
password, setting up the first factor, new recovery codes, a key added and the
app removed, the fresh check failed then passed with a recovery code, the other
sessions ended, an administrator's reset; and someone else locked out. Then each
event, picked in the log's action filter, lists its own entries and no other's.
(Single sign-on's "refused" is in test_sso.py, a key's failures in test_keys.py.)"""

from __future__ import annotations

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from leatadmin.audit.models import ACTIONS, AuditEntry, action_text
from leatadmin.staff.roles import SUPERVISOR
from tests.conftest import HTMX
from tests.signin.support import give_factor, give_key, signed_in

pytestmark = pytest.mark.django_db
VOUCHER = "7b5b2a4c-0000-4000-8000-000000000001"
SIGN_IN_EVENTS = sorted(code for code in ACTIONS if code.startswith("signin."))


def test_every_sign_in_event_is_audited_and_the_log_filters_each(make_staff, django_user_model, settings, django_capture_on_commit_callbacks):
    settings.LOGIN_FAILURES_ALLOWED = 2
    staff = make_staff(SUPERVISOR, factor=False)
    browser = Client(REMOTE_ADDR="198.51.100.20")

    browser.post(reverse("login"), {"username": staff.username, "password": "wrong"})  # signin.failed
    assert browser.post(reverse("login"), {"username": staff.username, "password": "pw"}).status_code == 302  # signin.login (no factor yet)
    browser.get(reverse("mfa_activate_totp"))
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(browser.session["mfa.totp.secret"]).now()})  # signin.factor_added (app, recovery codes)
        browser.post(reverse("mfa_generate_recovery_codes"))  # signin.recovery_codes
    recovery = re.findall(r"<code>([^<]+)</code>", browser.get(reverse("mfa_view_recovery_codes")).content.decode())
    assert recovery
    give_key(staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(reverse("mfa_deactivate_totp")).status_code == 302  # signin.factor_removed (a key remains)

    signed_in(browser, staff, seconds_ago=11 * 60)
    asked = browser.post(reverse("vouchers:deactivate", args=[VOUCHER]), {"reason": "x"})
    assert browser.post(asked["Location"], {"code": "000000"}).status_code == 200  # signin.fresh_failed
    assert browser.post(asked["Location"], {"code": recovery[0]}).status_code == 302  # signin.fresh_passed, signin.recovery_code_used
    browser.post(reverse("signin:security"), {"end": "others"})  # signin.sessions_ended

    other = make_staff(SUPERVISOR)
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        Client(REMOTE_ADDR="198.51.100.21").post(reverse("login"), {"username": other.username, "password": "wrong"})  # signin.locked_out

    root = django_user_model.objects.create_superuser("root-audit", password="pw")
    give_factor(root)
    administrator = Client()
    administrator.force_login(root)
    signed_in(administrator, root)
    administrator.post(reverse("signin:reset_factor", args=[staff.pk]))  # signin.factor_reset
    assert not Authenticator.objects.filter(user=staff).exists()

    produced = set(AuditEntry.objects.filter(target_type=AuditEntry.Target.STAFF).values_list("action", flat=True))
    expected = {"signin.failed", "signin.login", "signin.factor_added", "signin.recovery_codes", "signin.factor_removed", "signin.fresh_failed", "signin.fresh_passed", "signin.recovery_code_used", "signin.sessions_ended", "signin.locked_out", "signin.factor_reset"}
    assert expected <= produced, expected - produced
    assert set(SIGN_IN_EVENTS) - expected == {"signin.refused"}  # the one event this journey cannot make (test_sso.py)

    page = administrator.get(reverse("audit:list")).content.decode()
    for code in expected:
        assert f'<option value="{code}">' in page, code  # in the action filter, in words
        listed = administrator.get(reverse("audit:list"), {"action": code}, **HTMX).content.decode()
        rows = listed.count("<tr") - 1  # less the header
        assert rows == AuditEntry.objects.filter(action=code).count() and str(action_text(code)) in listed, code
        for another in expected - {code}:
            assert f">{action_text(another)}<" not in listed, (code, another)
    staff_only = administrator.get(reverse("audit:list"), {"target_type": "staff", "outcome": "failure"}, **HTMX).content.decode()
    assert str(action_text("signin.locked_out")) in staff_only and str(action_text("signin.login")) not in staff_only
