"""#24: passkeys and security keys are throttled like passwords and audited like
codes. As the second factor after the password (and at the fresh check) a key
shares the code's counters (leatadmin.signin.throttle, kind "code"): a stolen
password gets only so many tries, whatever it tries. Signing in with a passkey
alone is throttled per address by allauth (MFA_RATE_LIMITS "webauthn_login",
10 posted answers a minute): who it is comes from the key's own answer, so a per-account count
would let a stranger lock staff out.

The answers are what a browser posts (the WebAuthn JSON), from a key that is
not the staff member's: the right shape, the page's own challenge, an unknown
credential and a signature that proves nothing."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets

import pytest
from allauth.account.utils import user_pk_to_url_str
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import CUSTOMER_SERVICE, SUPERVISOR
from tests.signin.support import code_for, give_key, signed_in

pytestmark = pytest.mark.django_db
PASSKEY_LOGINS_A_MINUTE = 10  # allauth's MFA_RATE_LIMITS["webauthn_login"] default, "10/m/ip"


HOST = "localhost"  # WebAuthn needs a secure context and a domain: http://localhost is one, testserver is not


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def answer(challenge: str, *, credential_id: bytes, signed_by, claims=None) -> str:
    """A WebAuthn assertion as the browser posts it for `credential_id`, signed by `signed_by`."""
    client_data = json.dumps({"type": "webauthn.get", "challenge": challenge, "origin": f"http://{HOST}", "crossOrigin": False}).encode()
    authenticator_data = hashlib.sha256(HOST.encode()).digest() + bytes([0x05]) + (7).to_bytes(4, "big")  # user present and verified
    signature = signed_by.sign(authenticator_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
    response = {"clientDataJSON": b64(client_data), "authenticatorData": b64(authenticator_data), "signature": b64(signature)}
    if claims is not None:
        response["userHandle"] = b64(user_pk_to_url_str(claims).encode())  # as allauth made it when the key was added (base 36)
    return json.dumps({"id": b64(credential_id), "rawId": b64(credential_id), "type": "public-key", "response": response, "clientExtensionResults": {}})


def a_strangers_key(challenge: str, *, credential_id: bytes | None = None, claims=None) -> str:
    """The staff member's credential id (or an unknown one), signed by a key that is not theirs:
    only the signature gives it away."""
    return answer(challenge, credential_id=credential_id or secrets.token_bytes(32), signed_by=ec.generate_private_key(ec.SECP256R1()), claims=claims)


def challenge_on(page: str) -> str:
    options = json.loads(re.search(r'<script id="js_data" type="application/json">(.*?)</script>', page, re.S).group(1))
    return options["request_options"]["publicKey"]["challenge"]


def an_address() -> str:
    return f"192.0.2.{secrets.randbelow(250) + 1}"


def staff_actions(user, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(target_type=AuditEntry.Target.STAFF, target_id=str(user.pk), action=action))


@pytest.fixture
def client():
    return Client(HTTP_HOST=HOST)


def test_a_wrong_key_repeated_locks_out_the_second_factor_with_429_and_the_code_with_it(client, make_staff, settings):
    staff, address = make_staff(CUSTOMER_SERVICE), an_address()
    _, _, credential_id = give_key(staff, rp_id=HOST)
    client.post(reverse("login"), {"username": staff.username, "password": "pw"}, REMOTE_ADDR=address)
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        page = client.get(reverse("mfa_authenticate"), REMOTE_ADDR=address).content.decode()
        answer = client.post(reverse("mfa_authenticate"), {"credential": a_strangers_key(challenge_on(page), credential_id=credential_id)}, REMOTE_ADDR=address)
        assert answer.status_code == 200 and "Incorrect code." in answer.content.decode()
    page = client.get(reverse("mfa_authenticate"), REMOTE_ADDR=address).content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"credential": a_strangers_key(challenge_on(page))}, REMOTE_ADDR=address)
    assert refused.status_code == 429 and refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_SECONDS)
    assert "Too many failed log-in attempts" in refused.content.decode()
    code = client.post(reverse("mfa_authenticate"), {"code": code_for(staff)}, REMOTE_ADDR=address)
    assert code.status_code == 429  # the right code waits too: keys and codes share the count
    assert "_auth_user_id" not in client.session
    failed = staff_actions(staff, "signin.failed")
    assert len(failed) == settings.LOGIN_FAILURES_ALLOWED and {entry.sent["factor"] for entry in failed} == {"webauthn"}
    assert {entry.sent["address"] for entry in failed} == {address}
    locked = staff_actions(staff, "signin.locked_out")
    assert len(locked) == 1 and locked[0].sent["what"] == "code"


def test_a_wrong_key_at_the_fresh_check_is_audited_and_nothing_is_done(client, make_staff):
    staff = make_staff(SUPERVISOR)
    _, _, credential_id = give_key(staff, rp_id=HOST)
    client.force_login(staff)
    signed_in(client, staff, seconds_ago=11 * 60)
    asked = client.post(reverse("vouchers:deactivate", args=["7b5b2a4c-0000-4000-8000-000000000001"]), {"reason": "x"})
    key_check = asked["Location"].replace(reverse("mfa_reauthenticate"), reverse("mfa_reauthenticate_webauthn"), 1)
    page = client.get(key_check).content.decode()
    answer = client.post(key_check, {"credential": a_strangers_key(challenge_on(page), credential_id=credential_id)})
    assert answer.status_code == 200 and "Incorrect code." in answer.content.decode()
    assert [entry.sent["factor"] for entry in staff_actions(staff, "signin.fresh_failed")] == ["webauthn"]
    assert not staff_actions(staff, "signin.fresh_passed")


def test_the_right_key_at_the_fresh_check_passes_and_the_form_comes_back(client, make_staff):
    staff = make_staff(SUPERVISOR)
    key, private, credential_id = give_key(staff, rp_id=HOST)
    client.force_login(staff)
    signed_in(client, staff, seconds_ago=11 * 60)
    url = reverse("vouchers:deactivate", args=["7b5b2a4c-0000-4000-8000-000000000001"])
    asked = client.post(url, {"reason": "kept reason"})
    key_check = asked["Location"].replace(reverse("mfa_reauthenticate"), reverse("mfa_reauthenticate_webauthn"), 1)
    page = client.get(key_check).content.decode()
    back = client.post(key_check, {"credential": answer(challenge_on(page), credential_id=credential_id, signed_by=private)})
    assert back.status_code == 302 and back["Location"].startswith(url + "?fresh=")
    assert [entry.sent["factor"] for entry in staff_actions(staff, "signin.fresh_passed")] == ["webauthn"]
    assert staff_actions(staff, "signin.fresh_passed")[0].sent["name"] == key.wrap().name


def test_a_passkey_log_in_is_throttled_per_address_and_each_failure_audited(client, make_staff):
    staff, address = make_staff(CUSTOMER_SERVICE), an_address()
    url = reverse("mfa_login_webauthn")
    for _ in range(PASSKEY_LOGINS_A_MINUTE):
        options = client.get(url, HTTP_ACCEPT="application/json", REMOTE_ADDR=address).json()  # what the button fetches first (not counted)
        answer = client.post(url, {"credential": a_strangers_key(options["request_options"]["publicKey"]["challenge"], claims=staff)}, REMOTE_ADDR=address)
        assert answer.status_code == 302 and answer["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    failed = staff_actions(staff, "signin.failed")
    assert len(failed) == PASSKEY_LOGINS_A_MINUTE and {entry.sent["what"] for entry in failed} == {"passkey"}
    for _ in range(2):
        refused = client.post(url, {"credential": a_strangers_key("x", claims=staff)}, REMOTE_ADDR=address)
        assert refused.status_code == 429 and refused["Retry-After"] == "60"
        assert "Too many attempts" in refused.content.decode()  # leatadmin's page (templates/429.html), not allauth's bare one
    assert AuditEntry.objects.filter(action="signin.locked_out", sent__address=address, sent__what="passkey").count() == 1  # once a minute, not per refusal
    elsewhere = client.post(url, {"credential": a_strangers_key("x", claims=staff)}, REMOTE_ADDR=an_address())
    assert elsewhere.status_code == 302  # the address is held back, not the staff member's passkey


def test_the_settings_keep_allauths_passkey_limit_and_leave_the_rest_to_leatadmins_throttle(settings):
    from allauth.account import app_settings as account_settings
    from allauth.mfa import app_settings as mfa_settings

    assert mfa_settings.RATE_LIMITS["webauthn_login"] == "10/m/ip"
    # allauth's own count of failed log-ins is off: leatadmin's throttle counts passwords, codes and keys (throttle.py).
    assert account_settings.RATE_LIMITS["login_failed"] is None
