"""The security tests' fixtures."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_sign_in_throttle_left_over():
    """The sign-in throttle counts in the cache, per address, and every test client is 127.0.0.1:
    each test here starts and ends without counts, or one test's failed sign-ins would lock the
    next test's sign-in out (tests/signin/conftest.py does the same)."""
    cache.clear()
    yield
    cache.clear()
