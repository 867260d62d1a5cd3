"""#24: a supervisor adds a passkey in a real browser, signs out, and signs in
with it: alone (a passkey is a second factor in itself), and as the second
factor after the password. Chromium's virtual authenticator (the DevTools
protocol's WebAuthn domain) plays the phone's fingerprint. WebAuthn needs a
secure context and a domain: the live server is at localhost, not 127.0.0.1."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from leatadmin.audit.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def authenticator(page):
    """A platform authenticator that verifies its user and answers by itself."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}
    found = session.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    yield session, found["authenticatorId"]


def test_a_passkey_is_added_then_signs_in_alone_and_as_the_second_factor(live_server, login, page, authenticator):
    assert live_server.url.startswith("http://localhost:")
    session, authenticator_id = authenticator
    user = login("Supervisor")

    # Add a passkey, named, from "Your sign-in".
    page.get_by_role("link", name=user.username).click()
    expect(page.get_by_role("heading", name="Your sign-in")).to_be_visible()
    page.get_by_role("link", name="Add a passkey or key").click()
    page.get_by_label("Name of the key").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Work laptop" and key.wrap().is_passwordless
    assert len(session.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    page.goto(f"{live_server.url}/sign-in/")
    expect(page.locator("main")).to_contain_text("Key “Work laptop”")

    # Sign out, and in with the passkey alone.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/login/" in url)
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    expect(page.get_by_role("link", name=user.username)).to_be_visible()
    assert AuditEntry.objects.filter(action="signin.login", target_id=str(user.pk)).count() == 2

    # Sign out, and in with the password and then the passkey as the second factor.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/login/" in url)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/2fa/authenticate/" in url)
    page.get_by_role("button", name="Use your passkey or security key").click()
    page.wait_for_url(lambda url: "/2fa/" not in url and "/login/" not in url)
    expect(page.get_by_role("link", name=user.username)).to_be_visible()
    steps = AuditEntry.objects.filter(action="signin.login", target_id=str(user.pk)).order_by("-id").first().sent["steps"]
    assert steps == ["password", "webauthn"]
