"""Test settings: the real settings, made fast and independent of any .env."""

import hashlib
import os

os.environ["LEATADMIN_TESTING"] = "1"

from leatadmin.settings import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "tests-only-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The database and cache come from DATABASE_URL and CACHE_URL when set (make
# test runs the suite once on PostgreSQL + Redis and once on SQLite + locmem).
# pytest-django gives each xdist worker its own test database (suffix _gw0,
# _gw1...); the checkout's path is in the name and in the cache's key prefix so
# two checkouts testing on one PostgreSQL or Redis never share data.
_CHECKOUT = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# Each pytest process its own test database too: two runs in one checkout at
# once (two developers' shells, an editor's test runner) never share one.
_RUN = f"{_CHECKOUT}_{os.getpid()}"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": env.db("DATABASE_URL")}  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_leatadmin_{_RUN}"}
else:
    # A file, not :memory:: the live server for browser tests serves panels from
    # several threads at once, and an in-memory SQLite cannot be shared by them.
    _TEST_DB = str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _TEST_DB,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
            "TEST": {"NAME": _TEST_DB},
        }
    }
if os.environ.get("CACHE_URL"):
    # cache.clear() is Redis' FLUSHDB, whatever the key prefix: each xdist worker gets a database
    # of its own (the URL's, + 1 + the worker's number), or one worker's clear() would wipe
    # another's throttle counters in the middle of a test.
    _base, _, _db = CACHES["default"]["LOCATION"].rpartition("/")  # noqa: F405 (the app's, from CACHE_URL)
    _offset = int(_WORKER[2:]) + 1 if _WORKER.startswith("gw") else 0
    _location = f"{_base}/{(int(_db or 0) + _offset) % 16}" if _db.isdigit() and _base.startswith("redis") else CACHES["default"]["LOCATION"]  # noqa: F405
    CACHES = {"default": {**CACHES["default"], "LOCATION": _location, "KEY_PREFIX": f"test-{_CHECKOUT}-{_WORKER}"}}  # noqa: F405
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Set per test session by the sandbox fixture (tests/conftest.py).
LEAT_API_URL = "http://127.0.0.1:9"
LEAT_API_KEY = "set-by-the-sandbox-fixture"
LEAT_TIMEOUT = 5.0
LEAT_RETRIES = 2
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    # Nothing on local disk: what works here works on any storage.
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks (exports) run at once inside enqueue(), so they see the test's transaction.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
