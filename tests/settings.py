"""Test settings: the real settings, made fast and independent of any .env."""

import os

os.environ["LEATADMIN_TESTING"] = "1"

from leatadmin.settings import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "tests-only-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A file, not :memory:: the live server for browser tests serves panels from
# several threads at once, and an in-memory SQLite cannot be shared by them.
# pytest-django gives each xdist worker its own copy (suffix _gw0, _gw1...).
_TEST_DB = str(BASE_DIR / "var" / "test-db.sqlite3")  # noqa: F405
(BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _TEST_DB,
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        "TEST": {"NAME": _TEST_DB},
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Set per test session by the sandbox fixture (tests/conftest.py).
LEAT_API_URL = "http://127.0.0.1:9"
LEAT_API_KEY = "set-by-the-sandbox-fixture"
LEAT_TIMEOUT = 5.0
LEAT_RETRIES = 2
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Exports run inline in tests, so they see the test's transaction.
EXPORTS_IN_BACKGROUND = False
EXPORT_DIR = str(BASE_DIR / "var" / "test-exports")  # noqa: F405
