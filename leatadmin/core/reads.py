"""Leat reads started together and collected when needed.

A page that needs several Leat answers starts every call as the request
arrives and waits only for the ones it is about to show: the page then takes
as long as its slowest call, not the sum of them. Each call is keyed, so a
call two parts of a page need is made once.

The calls run in a small pool of threads per process. They make HTTP calls
only: whatever touches the database or renders a template stays in the
request's own thread (a pool thread's database connection would outlive the
request, and would not see the request's transaction in tests).
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.conf import settings
from django.core.cache import cache

from leatadmin.leat import errors

logger = logging.getLogger(__name__)

# Enough for a few contact pages in flight per process (each starts six calls);
# the rest queue, which is what the process's share of Leat's rate limit wants anyway.
_pool = ThreadPoolExecutor(max_workers=settings.LEAT_READ_THREADS, thread_name_prefix="leat-read")


class Reads:
    """One page view's Leat reads, each started once, in parallel."""

    def __init__(self) -> None:
        self._futures: dict[str, Future] = {}
        self._cached: dict[str, tuple[Callable[[], Any], str, Callable[[Any], Any]]] = {}  # see start_cached
        self._expired = False  # the page's deadline passed: nothing more is waited for

    def start(self, key: str, fn: Callable[[], Any]) -> Future:
        """Start `fn` unless a read with this key was started already."""
        if key not in self._futures:
            # The request's context goes along (its language and time zone), so
            # anything the call words reads as the request would.
            self._futures[key] = _pool.submit(contextvars.copy_context().run, fn)
        return self._futures[key]

    def start_cached(self, key: str, fn: Callable[[], Any], cache_key: str, shape: Callable[[Any], Any] = lambda value: value) -> None:
        """A value leatadmin keeps in its cache for minutes (an account's
        definitions: attributes, the loyalty program, shops, subscription
        types), `shape`d; else `fn` reads it from Leat with the other calls.
        The cache is asked once for all of them, when the first is needed
        (`from_cache`): each cache read costs a round trip and ~0.3 ms of CPU."""
        if key not in self._futures:
            self._cached[key] = (fn, cache_key, shape)

    def from_cache(self) -> None:
        """Read what `start_cached` asked for, in one cache read; start the rest."""
        wanted, self._cached = self._cached, {}
        found = cache.get_many([cache_key for _, cache_key, _ in wanted.values()]) if wanted else {}
        for key, (fn, cache_key, shape) in wanted.items():
            if cache_key in found:
                self.put(key, shape(found[cache_key]))
            else:
                self.start(key, fn)

    def put(self, key: str, value: Any) -> None:
        """A value the request already has, kept as if it had been read."""
        future: Future = Future()
        future.set_result(value)
        self._futures.setdefault(key, future)

    def result(self, key: str, *, timeout: float | None = None) -> Any:
        """The read's answer, waiting for it; its exception if it failed.

        The client's own deadline ends every call before this one; this is the
        last guard, so a page never waits on a call forever."""
        if self._cached:
            self.from_cache()
        try:
            if timeout is None:
                timeout = 0 if self._expired else settings.REQUEST_DEADLINE_SECONDS
            return self._futures[key].result(timeout=timeout)
        except FutureTimeout:
            raise errors.Timeout("Leat did not answer in time.") from None

    def done(self, keys: Iterable[str]) -> bool:
        if self._cached:
            self.from_cache()
        return all(self._futures[key].done() for key in keys)

    def as_ready(self, groups: dict[str, tuple[str, ...]], *, timeout: float | None = None, lull: float | None = None) -> Iterator[str | None]:
        """Yield each group's name once all its reads are done, soonest first
        (groups ready together come in the order given). Groups still waiting
        at the timeout are yielded last, in order: they then fail with a timeout.

        With a `lull` (seconds), `None` is yielded when, after a group, no
        other was ready within that time: answers that come in together can
        be sent on together, and one that is late does not hold back the rest."""
        if self._cached:
            self.from_cache()
        waiting = dict(groups)
        deadline = time.monotonic() + (settings.REQUEST_DEADLINE_SECONDS if timeout is None else timeout)
        owed = False  # a group was yielded since the last lull
        while waiting:
            # What is still running is taken before what is ready: a call that
            # ends in between is then either seen as ready or ends the wait.
            pending = {self._futures[key] for keys in waiting.values() for key in keys if not self._futures[key].done()}
            ready = [name for name, keys in waiting.items() if self.done(keys)]
            if ready:
                for name in ready:
                    del waiting[name]
                    yield name
                owed = lull is not None
                continue
            left = max(0.0, deadline - time.monotonic())
            finished, _ = wait(pending, timeout=min(left, lull) if owed else left, return_when=FIRST_COMPLETED)
            if not finished and owed and time.monotonic() < deadline:
                owed = False
                yield None
                continue
            if not finished:
                logger.warning("Leat reads still running at the deadline: %s", ", ".join(waiting))
                self._expired = True
                yield from list(waiting)
                return
