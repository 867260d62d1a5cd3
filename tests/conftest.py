"""Shared fixtures: a real sandbox Leat over loopback HTTP for every test session.

Each pytest worker starts its own sandbox (own SQLite file, own port), seeded
with the demo data, and points the app's settings at it. Faults and call
counters are reset after every test.
"""

from __future__ import annotations

import secrets

import pytest
from django.http import HttpResponse
from django.test import Client as DjangoClient

from leatadmin.leat import LeatClient
from leatadmin.sandbox.db import Store
from leatadmin.sandbox.http import Sandbox
from leatadmin.sandbox.seed import seed
from leatadmin.staff.models import StaffShop


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory) -> Sandbox:
    # Deletions are scheduled as in Leat; a second keeps "deleted, then gone" quick to test.
    store = Store(tmp_path_factory.mktemp("sandbox") / "leat.sqlite3", deletion_delay=1)
    seed(store)
    running = Sandbox(store, secrets.token_urlsafe(24), port=0).start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _leat_is_the_sandbox(request, sandbox):
    """Point the app at this worker's sandbox; leave it healthy for the next test."""
    from django.conf import settings as django_settings

    django_settings.LEAT_API_URL = sandbox.url
    django_settings.LEAT_API_KEY = sandbox.api_key
    from leatadmin.core.leat import _client

    _client.cache_clear()
    sandbox.reset()
    yield
    sandbox.reset()


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """Each test starts in the settings' language: a request through the test
    client leaves the language it chose active in the thread, which made the
    next test's text depend on the order tests run in."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def leat(sandbox) -> LeatClient:
    """A client on the sandbox with short backoff, for client-level tests."""
    return LeatClient(sandbox.url, sandbox.api_key, timeout=3, backoff=0.01)


@pytest.fixture
def anna(leat):
    """The seeded contact with over a thousand transactions."""
    return leat.contacts.find_by_email("anna.devries@example.com")


@pytest.fixture
def unique_email():
    return f"test.{secrets.token_hex(5)}@example.com"


@pytest.fixture
def shop(leat):
    """The first of the sandbox's shops (a test that needs another defines its own)."""
    return leat.shops.list()[0]


@pytest.fixture
def customer(leat, unique_email, shop):
    """A fresh contact with 300 credits, so each test owns its balance."""
    uuid = leat.contacts.create(unique_email).uuid
    leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shop.uuid, credits=300)
    return leat.contacts.get(uuid)


# --- Staff ------------------------------------------------------------------


@pytest.fixture
def make_staff(db):
    """A user in one of the roles. The groups come from the data migration;
    transactional (browser) tests flush them, so they are made again if gone."""
    from django.contrib.auth.models import Group, Permission, User

    from leatadmin.staff.roles import ROLES
    from tests.signin.support import give_factor

    def make(role: str | None, username: str | None = None, *, factor: bool = True) -> User:
        user = User.objects.create_user(username or f"{(role or 'nobody').split()[0].lower()}-{secrets.token_hex(3)}", password="pw")
        if role:
            group, created = Group.objects.get_or_create(name=role)
            if created:
                group.permissions.set(Permission.objects.filter(content_type__app_label="staff", codename__in=ROLES[role]))
            user.groups.add(group)
        if factor:
            give_factor(user)  # an authenticator app: a second factor is required (MFA_REQUIRED)
        return user

    return make


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor every member of staff has."""
    from tests.signin.support import give_factor

    give_factor(admin_user)
    return admin_user


@pytest.fixture
def admin_client(admin_client, admin_user):
    """pytest-django's client of that superuser, signed in with the factor just now."""
    from tests.signin.support import signed_in

    signed_in(admin_client, admin_user)
    return admin_client


class PageReadingClient(DjangoClient):
    """The test client, reading a streamed page to its end as a browser does
    (the contact page streams its panels, contacts/page.py), so tests can use
    `response.content` on any page."""

    def request(self, **request):
        response = super().request(**request)
        if not getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
            return response
        # The test client's wrapper closes the response once it is read (as the server would).
        content = b"".join(response.streaming_content)
        read = HttpResponse(content, status=response.status_code)
        for name, value in response.items():
            read[name] = value
        for name in ("client", "request", "wsgi_request", "templates", "context", "resolver_match", "json"):
            if hasattr(response, name):
                setattr(read, name, getattr(response, name))
        read.cookies = response.cookies
        read.streamed = True
        return read


def _client_for(make_staff, role):
    from tests.signin.support import signed_in

    client = PageReadingClient()
    client.user = make_staff(role)
    client.force_login(client.user)
    signed_in(client, client.user)  # with the second factor, just now (tests/signin/support.py)
    return client


@pytest.fixture
def limited(make_staff):
    """Staff limited to shops (#26): `limited(role, *shop_uuids)`: a signed-in client of a staff member limited to those shops."""

    def make(role, *shop_uuids):
        client = _client_for(make_staff, role)
        for uuid in shop_uuids:
            StaffShop.objects.create(user=client.user, shop_uuid=uuid, shop_name=f"Shop {uuid[:8]}")
        return client

    return make


@pytest.fixture
def agent(make_staff):
    """Logged-in client of a customer-service agent."""
    return _client_for(make_staff, "Customer service")


@pytest.fixture
def manager(make_staff):
    return _client_for(make_staff, "Shop manager")


@pytest.fixture
def supervisor(make_staff):
    return _client_for(make_staff, "Supervisor")


HTMX = {"HTTP_HX_REQUEST": "true"}


def pytest_sessionstart(session):
    """The Dutch pages need the compiled catalog (not committed): compile it when
    it is missing or older than the .po, once, before any worker starts."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller did it
    from pathlib import Path

    from django.core.management import call_command

    locale = Path(__file__).resolve().parent.parent / "locale"
    if any(not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime for po in locale.glob("*/LC_MESSAGES/*.po")):
        call_command("compile_translations", verbosity=0)


def pytest_collection_modifyitems(items):
    """The smoke test first: it runs for half a minute beside the others
    instead of alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("smoke") is None)
