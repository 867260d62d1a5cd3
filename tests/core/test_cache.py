"""core/cache.py: Django's Redis cache with one client per connection pool."""

from __future__ import annotations

import threading

from django.conf import settings

from leatadmin.core.cache import RedisCache


def test_one_client_serves_every_read_and_thread(redis_url="redis://127.0.0.1:6379/15"):
    cache = RedisCache(redis_url, {"KEY_PREFIX": "test-core-cache"})
    assert cache._cache.get_client() is cache._cache.get_client(write=True)  # one server: one pool, one client
    failures = []

    def worker(n: int) -> None:
        for i in range(50):
            cache.set(f"k{n}", i)
            if cache.get(f"k{n}") != i:
                failures.append((n, i))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    cache.delete_many([f"k{n}" for n in range(4)])


def test_a_redis_cache_url_uses_it():
    from leatadmin import settings as production

    assert production.CACHES["default"]["BACKEND"] in ("leatadmin.core.cache.RedisCache", "django.core.cache.backends.locmem.LocMemCache")
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        assert settings.CACHES["default"]["BACKEND"] == "leatadmin.core.cache.RedisCache"
