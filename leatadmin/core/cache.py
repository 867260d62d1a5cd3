"""Django's Redis cache, with one Redis client per connection pool.

Django's backend makes a new `redis.Redis` client for every cache operation;
making one costs ~160 us of CPU (redis-py builds its table of response
handlers), about a third of a cache read. A contact page view reads the cache
seven times. A client is safe to share between threads: each command takes a
connection from the pool. (Django keeps a cache object per thread anyway.)
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
