"""#24: single sign-on against a real OpenID Connect provider (its own process):
the role follows the company's groups at every sign-in, no mapped group means
no access and a clear page, and an altered or expired ID token is refused."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.signin.sso import IDP_FACTOR

pytestmark = pytest.mark.django_db


def sso_sign_in(client, provider, username: str):
    """As a browser: leatadmin's button, the provider's log-in, back to leatadmin."""
    start = client.post(reverse("openid_connect_login", args=["sso"]), {"process": "login"})
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer), start
    browser = requests.Session()
    at_provider = browser.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302 and "/login/" in at_provider.headers["Location"]
    logged_in = browser.post(provider.url + at_provider.headers["Location"], data={"username": username, "password": "pw"}, allow_redirects=False, timeout=10)
    back = browser.get(provider.url + logged_in.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://testserver/"), back.text[:500]
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def roles_of(username: str) -> set[str]:
    return set(get_user_model().objects.get(username=username).groups.values_list("name", flat=True))


def person(provider, *, groups, amr=None) -> str:
    return provider.user(f"sso-{secrets.token_hex(3)}", groups=groups, amr=amr)


def test_the_log_in_page_offers_the_company_account(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your company account" in page and reverse("openid_connect_login", args=["sso"]) in page


def test_a_supervisor_by_their_group_signs_in_with_the_providers_second_factor(client, sso):
    name = person(sso, groups=["leatadmin-supervisors", "unrelated"], amr=["pwd", "mfa"])
    answer = sso_sign_in(client, sso, name)
    assert answer.status_code == 302 and "_auth_user_id" in client.session
    assert roles_of(name) == {"Supervisor"}
    assert client.get(reverse("audit:list")).status_code == 200  # the provider's factor counts: no set-up asked
    entry = AuditEntry.objects.get(action="signin.login", target_label=name)
    assert entry.sent["steps"] == ["sso"]


def test_without_the_providers_second_factor_leatadmins_own_is_asked(client, sso):
    name = person(sso, groups=["leatadmin-agents"], amr=["pwd"])
    sso_sign_in(client, sso, name)
    assert roles_of(name) == {"Customer service"}
    assert client.get(reverse("contacts:lookup"))["Location"] == reverse("signin:setup")


def test_no_mapped_group_gets_no_access_and_a_clear_page(client, sso):
    name = person(sso, groups=["marketing"], amr=["mfa"])
    answer = sso_sign_in(client, sso, name)
    assert answer.status_code == 403 and "No access to leatadmin" in answer.content.decode()
    assert "_auth_user_id" not in client.session and not get_user_model().objects.filter(username=name).exists()
    assert AuditEntry.objects.filter(action="signin.refused", target_label=name, succeeded=False).exists()


def test_a_group_taken_away_takes_effect_at_the_next_sign_in(client, sso):
    name = person(sso, groups=["leatadmin-supervisors", "leatadmin-agents"], amr=["mfa"])
    sso_sign_in(client, sso, name)
    assert roles_of(name) == {"Supervisor", "Customer service"}
    client.post(reverse("logout"))
    sso.user(name, groups=["leatadmin-agents"], amr=["mfa"])  # moved out of the supervisors at the company
    sso_sign_in(client, sso, name)
    assert roles_of(name) == {"Customer service"}
    assert client.get(reverse("audit:list")).status_code == 403
    client.post(reverse("logout"))
    sso.user(name, groups=[], amr=["mfa"])
    assert sso_sign_in(client, sso, name).status_code == 403 and "_auth_user_id" not in client.session


def test_an_altered_id_token_is_refused(client, sso):
    name = person(sso, groups=["leatadmin-agents"], amr=["mfa"])
    sso.control(faults={"tamper": True})  # the token's payload gets a supervisors' group, its signature stays
    answer = sso_sign_in(client, sso, name)
    assert "Single sign-on did not work" in answer.content.decode() and "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username=name).exists()


def test_an_expired_id_token_is_refused(client, sso):
    name = person(sso, groups=["leatadmin-supervisors"], amr=["mfa"])
    sso.control(faults={"expired": True})
    answer = sso_sign_in(client, sso, name)
    assert "Single sign-on did not work" in answer.content.decode() and "_auth_user_id" not in client.session


def test_the_fresh_check_of_a_company_account_is_the_providers_sign_in_again(client, sso, leat, unique_email):
    name = person(sso, groups=["leatadmin-supervisors"], amr=["pwd", "mfa"])
    sso_sign_in(client, sso, name)
    session = client.session
    session[IDP_FACTOR] = {**session[IDP_FACTOR], "at": session[IDP_FACTOR]["at"] - 11 * 60}  # signed in 11 minutes ago
    session.save()
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:delete", args=[uuid])
    asked = client.post(url, {"type": "GDPR", "confirm_email": unique_email})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("signin:fresh_sso"))
    page = client.get(asked["Location"]).content.decode()
    assert "This needs your company's sign-in again." in page
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1).replace("&amp;", "&")
    start = client.post(action)
    assert start.status_code == 302 and "prompt=login" in start["Location"]
    browser = requests.Session()
    at_provider = browser.get(start["Location"], allow_redirects=False, timeout=10)
    logged_in = browser.post(sso.url + at_provider.headers["Location"], data={"username": name, "password": "pw"}, allow_redirects=False, timeout=10)
    back = browser.get(sso.url + logged_in.headers["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    returned = client.get(f"{callback.path}?{callback.query}")
    assert returned.status_code == 302 and returned["Location"].startswith(url + "?fresh=")
    assert f'value="{unique_email}"' in client.get(returned["Location"]).content.decode()
