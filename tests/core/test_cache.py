"""The cache all processes share: CACHE_URL=redis://... is Django's own Redis
cache, as django-environ configures it, and serves the read threads at once.
(Production refusing a per-process cache: tests/security/test_security.py.)"""

from __future__ import annotations

from tests.security.test_security import PRODUCTION, run_django

# Four threads writing and reading their own keys, as the contact page's read
# threads and the request's thread use the cache together.
THREADS = """
import threading
from django.conf import settings
from django.core.cache import cache
failures = []
def worker(n):
    for i in range(50):
        cache.set(f"k{n}", i)
        if cache.get(f"k{n}") != i:
            failures.append((n, i))
threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
cache.delete_many([f"k{n}" for n in range(4)])
print(settings.CACHES["default"]["BACKEND"], len(failures))
"""


def test_a_redis_cache_url_is_djangos_redis_cache_and_serves_threads_at_once():
    result = run_django({**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/15"}, "shell", "--no-imports", "-c", THREADS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "0"]
