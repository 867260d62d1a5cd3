"""#10.4: the log-in throttle counts the client's real address (not the
proxy's), per username and per address, atomically, and guards the admin too
(#24: the admin has no log-in of its own; the staff log-in leads there)."""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import RequestFactory
from django.urls import reverse

from leatadmin.core.addresses import client_address
from leatadmin.signin.forms import StaffLoginForm

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"


def an_address() -> str:
    """A fresh client address per test, so counters never carry over."""
    return "203.0.113." + str(secrets.randbelow(250) + 1) + "." + secrets.token_hex(2)


def via_proxy(client_ip: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def test_client_address_trusts_the_proxy_only_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(request) == PROXY  # default: trust nothing
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "198.51.100.7"  # the entry our proxy appended; 1.2.3.4 may be forged
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_HOPS = 3
    assert client_address(request) == PROXY  # fewer entries than proxies: not through them all


def test_guessing_made_up_usernames_behind_the_proxy_locks_out_only_the_guesser(client, make_staff, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    guesser = an_address()
    for _ in range(settings.LOGIN_FAILURES_ALLOWED * 5):
        client.post(reverse("login"), {"username": f"made-up-{secrets.token_hex(4)}", "password": "x"}, **via_proxy(guesser))
    refused = client.post(reverse("login"), {"username": f"made-up-{secrets.token_hex(4)}", "password": "x"}, **via_proxy(guesser))
    assert "Too many failed log-in attempts" in refused.content.decode()

    staff = make_staff("Customer service")
    response = client.post(reverse("login"), {"username": staff.username, "password": "pw"}, **via_proxy(an_address()))
    assert response.status_code == 302  # through the same proxy, from another address: not locked out


def test_one_username_is_throttled_across_addresses(client, make_staff, settings):
    staff = make_staff("Customer service")
    for _ in range(settings.LOGIN_FAILURES_ALLOWED * 5):
        client.post(reverse("login"), {"username": staff.username, "password": "wrong"}, REMOTE_ADDR=an_address())
    response = client.post(reverse("login"), {"username": staff.username, "password": "pw"}, REMOTE_ADDR=an_address())
    assert "Too many failed log-in attempts" in response.content.decode()


class CountingBackend:
    """Counts password checks, slowly, to give parallel attempts every chance to race."""

    checks = 0
    lock = threading.Lock()

    def authenticate(self, request, username=None, password=None, **kwargs):
        with self.lock:
            CountingBackend.checks += 1
        time.sleep(0.02)
        return None


@pytest.mark.django_db(transaction=True)  # each refused guess is audited from its own thread (#24)
def test_parallel_guesses_get_no_more_password_checks_than_allowed(settings):
    settings.AUTHENTICATION_BACKENDS = ["tests.security.test_login_throttle.CountingBackend"]
    CountingBackend.checks = 0
    address, username = an_address(), f"victim-{secrets.token_hex(4)}"

    def guess(_):
        request = RequestFactory().post("/login/", REMOTE_ADDR=address)
        return StaffLoginForm(data={"username": username, "password": secrets.token_hex(4)}, request=request).is_valid()

    with ThreadPoolExecutor(max_workers=24) as pool:
        assert not any(pool.map(guess, range(24)))
    assert CountingBackend.checks == settings.LOGIN_FAILURES_ALLOWED


def test_admin_login_is_throttled_too(client, django_user_model, settings):
    admin = django_user_model.objects.create_superuser(f"root-{secrets.token_hex(3)}", password="pw")
    address = an_address()
    # The admin's own log-in is gone: it leads to the staff log-in, and checks nothing itself.
    answer = client.post("/admin/login/", {"username": admin.username, "password": "pw"}, REMOTE_ADDR=address)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        client.post(reverse("login"), {"username": admin.username, "password": "wrong"}, REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": admin.username, "password": "pw"}, REMOTE_ADDR=address)
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_out_log_in_answers_429_with_the_page_and_retry_after(client, make_staff, settings):
    """#28.11: a refusal for too many attempts is not an ordinary wrong password (200)."""
    staff = make_staff("Customer service")
    address = an_address()
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        wrong = client.post(reverse("login"), {"username": staff.username, "password": "wrong"}, REMOTE_ADDR=address)
        assert wrong.status_code == 200 and "Retry-After" not in wrong
    refused = client.post(reverse("login"), {"username": staff.username, "password": "pw"}, REMOTE_ADDR=address)
    html = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_SECONDS)
    assert "Too many failed log-in attempts. Try again in 15 minutes." in html and 'name="password"' in html
    assert "_auth_user_id" not in client.session


def test_a_locked_out_admin_log_in_answers_429_too(client, django_user_model, settings):
    admin = django_user_model.objects.create_superuser(f"root-{secrets.token_hex(3)}", password="pw")
    address = an_address()
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        assert client.post(reverse("login"), {"username": admin.username, "password": "wrong"}, REMOTE_ADDR=address).status_code == 200
    refused = client.post(reverse("login"), {"username": admin.username, "password": "pw"}, REMOTE_ADDR=address)
    assert refused.status_code == 429 and refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_SECONDS)
    assert "Too many failed log-in attempts" in refused.content.decode()
