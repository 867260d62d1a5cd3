"""A real OpenID Connect provider for the single sign-on tests, in its own
process (tests/signin/oidc_provider), started once per test session on a free
port, like the sandbox Leat (tests/conftest.py)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "http://testserver/accounts/oidc/sso/login/callback/"


@dataclass
class Provider:
    url: str
    client_id: str
    secret: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def control(self, **said) -> None:
        requests.post(f"{self.url}/control/", json=said, timeout=10).raise_for_status()

    def user(self, username: str, *, groups: list[str], amr: list[str] | None = None) -> str:
        self.control(users={username: {"groups": groups, "amr": amr or []}})
        return username


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port, directory = _free_port(), tmp_path_factory.mktemp("oidc-provider")
    client_id, secret = "leatadmin-" + secrets.token_hex(4), secrets.token_urlsafe(24)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.signin.oidc_provider.run", str(port), str(directory), client_id, secret, CALLBACK],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    provider = Provider(f"http://127.0.0.1:{port}", client_id, secret)
    ends = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > ends:
            process.kill()
            raise RuntimeError("The test OpenID Connect provider did not start: " + process.stderr.read().decode()[-2000:])
        time.sleep(0.2)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def sso(settings, oidc_provider):
    """Single sign-on on, against the test provider, with two groups mapped to roles."""
    settings.OIDC_ISSUER_URL = oidc_provider.issuer
    settings.SSO_GROUP_ROLES = {"leatadmin-supervisors": "Supervisor", "leatadmin-agents": "Customer service"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [{"provider_id": "sso", "name": "", "client_id": oidc_provider.client_id, "secret": oidc_provider.secret, "settings": {"server_url": oidc_provider.issuer, "token_auth_method": "client_secret_post"}}],
        }
    }
    oidc_provider.control(faults={"expired": False, "tamper": False})
    yield oidc_provider
    oidc_provider.control(faults={"expired": False, "tamper": False})


@pytest.fixture(autouse=True)
def _no_sign_in_throttle_left_over():
    """The sign-in throttle and allauth's own limits count in the cache, per address, and every
    test client is 127.0.0.1: each test here starts and ends without counts, or one test's failed
    sign-ins would use up the next test's (tests/security/conftest.py does the same)."""
    cache.clear()
    yield
    cache.clear()
