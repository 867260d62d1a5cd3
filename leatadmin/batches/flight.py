"""Leat calls in flight, as many as the account's rate allows, for a batch's runs.

A batch is thousands of calls of ~50 ms that wait on Leat, not on the CPU:
N of them at once (BATCH_CALLS_IN_FLIGHT, default 4) take 1/N of the time.
`Flight.run` hands each item to `work` on a pool of threads and each answer
to `done` on the calling thread, in the order they come back.

The N are Leat calls, held by slots: `work` runs in one (`overlap=False`), or
holds one only around its Leat call (`overlap=True`, with `flight.slot()`):
then N more threads do each row's database work while the N calls fly, so
Leat always has N calls to answer. A few items wait queued ahead of the
threads, so a caller busy writing answers never leaves a slot empty.

Leat's 429 (`RateLimited`, after the client waited out short Retry-Afters
itself) is never a failure here: the item goes back in line, no slot is
taken before Leat's Retry-After has passed, and fewer slots are open (half as
many, then one more after each run of answers without a 429) until Leat
keeps up again. A 429 means Leat did not act, so sending the item again is safe.

Any other exception from `work`, `done` or the items ends the run: nothing
new is started (what waited queued is dropped), the calls in flight are
waited for (their `work` finishes what it started, such as a row's write and
its record) and the exception is raised.

`database=True`: `work` uses the database; each thread closes its connection
when the run ends. With one call in flight the work runs on the calling thread.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connections

from leatadmin.leat.errors import RateLimited

logger = logging.getLogger(__name__)

#: When Leat says 429 without a Retry-After.
DEFAULT_WAIT_SECONDS = 2.0
#: The longest a run waits for an answer without a heartbeat (see `Flight.run`).
TICK_SECONDS = 5.0
_STOP = object()
_END = object()


def wait_of(error: RateLimited) -> float:
    return float(error.retry_after) if error.retry_after else DEFAULT_WAIT_SECONDS


def patiently[R](call: Callable[[], R], *, name: str) -> R:
    """One call on its own (a batch's shop list), waiting out Leat's 429 as the flight does."""
    while True:
        try:
            return call()
        except RateLimited as error:
            logger.info("%s: Leat asked to slow down (429); waiting %s s", name, wait_of(error))
            time.sleep(wait_of(error))  # before the run's rows exist: the caller's heartbeat follows at once


class Slots:
    """The Leat calls that may fly at once: `allowed` of them, none before `resume_at`."""

    def __init__(self, limit: int) -> None:
        self.limit = self.allowed = limit
        self.busy = self.calm = 0
        self.resume_at = 0.0
        self.ready = threading.Condition()

    @contextmanager
    def held(self) -> Iterator[None]:
        with self.ready:
            while True:
                wait = self.resume_at - time.monotonic()
                if wait <= 0 and self.busy < self.allowed:
                    break
                self.ready.wait(timeout=wait if wait > 0 else None)
            self.busy += 1
        try:
            yield
        finally:
            with self.ready:
                self.busy -= 1
                self.ready.notify_all()

    def slow_down(self, seconds: float) -> None:
        with self.ready:
            self.resume_at = max(self.resume_at, time.monotonic() + seconds)
            self.allowed, self.calm = max(1, self.allowed // 2), 0
            self.ready.notify_all()

    def answered(self) -> None:
        """An answer without a 429: after as many as are open, one more slot opens."""
        with self.ready:
            self.calm += 1
            if self.allowed < self.limit and self.calm >= self.allowed:
                self.allowed, self.calm = self.allowed + 1, 0
                self.ready.notify_all()


class Flight:
    def __init__(self, limit: int, *, name: str, database: bool = False, overlap: bool = False) -> None:
        self.limit = max(1, int(limit))
        self.name = name
        self.database = database
        self.overlap = overlap
        self.slots = Slots(self.limit)
        self._threaded_run = False
        #: How many 429s were waited out (for the run's log and the tests).
        self.rate_limited = 0

    def slot(self):
        """Around `work`'s Leat call when the flight overlaps: one of the N calls in flight."""
        return self.slots.held() if self._threaded_run and self.overlap else nullcontext()

    def run[T, R](self, items: Iterable[T], work: Callable[[T], R], done: Callable[[T, R], None], *, tick: Callable[[], None] = lambda: None) -> None:
        """`tick` is called at least every TICK_SECONDS while nothing comes back (a long
        Retry-After): the run's heartbeat, so nobody takes a patient run for a dead one."""
        self.tick = tick
        if self.limit == 1:
            self._inline(items, work, done)
        else:
            self._threaded(items, work, done)

    def _inline[T, R](self, items: Iterable[T], work: Callable[[T], R], done: Callable[[T, R], None]) -> None:
        for item in items:
            while True:
                try:
                    outcome = work(item)
                except RateLimited as error:
                    self._waited(error)
                    self._sleep(wait_of(error))
                    continue
                done(item, outcome)
                break

    def _sleep(self, seconds: float) -> None:
        ends_at = time.monotonic() + seconds
        while (left := ends_at - time.monotonic()) > 0:
            time.sleep(min(left, TICK_SECONDS))
            self.tick()

    def _waited(self, error: RateLimited) -> None:
        self.rate_limited += 1
        logger.info("%s: Leat asked to slow down (429); waiting %s s", self.name, wait_of(error))

    def _threaded[T, R](self, items: Iterable[T], work: Callable[[T], R], done: Callable[[T, R], None]) -> None:
        self._threaded_run = True
        threads = self.limit * (2 if self.overlap else 1)
        ahead = threads + self.limit  # started or queued, not answered yet
        inbox: queue.Queue = queue.Queue()
        outbox: queue.Queue = queue.Queue()
        serve = self._serve_overlapping if self.overlap else self._serve_in_slot
        pool = [
            threading.Thread(target=contextvars.copy_context().run, args=(serve, inbox, outbox, work), name=f"{self.name}-{number}", daemon=True)
            for number in range(threads)
        ]
        for thread in pool:
            thread.start()
        feed = iter(items)
        again: deque = deque()  # items Leat said 429 to: sent first, once the wait is over
        out = 0
        error: BaseException | None = None
        exhausted = False
        try:
            while True:
                while error is None and out < ahead and (again or not exhausted):
                    if again:
                        item = again.popleft()
                    else:
                        try:
                            item = next(feed, _END)
                        except BaseException as exc:  # the items' own source stopped (a run taken over)
                            error = exc
                            break
                        if item is _END:
                            exhausted = True
                            break
                    inbox.put(item)
                    out += 1
                if error is not None:
                    out -= _drop_queued(inbox)
                if out == 0:
                    break
                try:
                    item, outcome, exc = outbox.get(timeout=TICK_SECONDS)
                except queue.Empty:
                    if error is None:
                        try:
                            self.tick()
                        except BaseException as exc:
                            error = exc
                    continue
                out -= 1
                if isinstance(exc, RateLimited):
                    self._waited(exc)
                    self.slots.slow_down(wait_of(exc))
                    again.append(item)
                    continue
                if exc is not None:
                    error = error or exc
                    continue
                self.slots.answered()
                if error is not None:
                    continue  # stopping: what the work did stands, nothing more is recorded here
                try:
                    done(item, outcome)
                except BaseException as exc:
                    error = exc
        finally:
            _drop_queued(inbox)
            for _thread in pool:
                inbox.put(_STOP)
            for thread in pool:
                thread.join()
            self._threaded_run = False
        if error is not None:
            raise error

    def _serve_in_slot(self, inbox: queue.Queue, outbox: queue.Queue, work: Callable[[Any], Any]) -> None:
        def in_slot(item: Any) -> Any:
            with self.slots.held():
                return work(item)

        self._serve(inbox, outbox, in_slot)

    def _serve_overlapping(self, inbox: queue.Queue, outbox: queue.Queue, work: Callable[[Any], Any]) -> None:
        self._serve(inbox, outbox, work)

    def _serve(self, inbox: queue.Queue, outbox: queue.Queue, work: Callable[[Any], Any]) -> None:
        try:
            while (item := inbox.get()) is not _STOP:
                try:
                    outbox.put((item, work(item), None))
                except BaseException as exc:
                    outbox.put((item, None, exc))
        finally:
            if self.database:
                connections.close_all()


def _drop_queued(inbox: queue.Queue) -> int:
    """Items queued and not started yet are not started (the run is stopping): how many."""
    dropped = 0
    while True:
        try:
            item = inbox.get_nowait()
        except queue.Empty:
            return dropped
        if item is _STOP:
            inbox.put(item)
            return dropped
        dropped += 1
