"""Leat calls in flight for a batch (leatadmin/batches/flight.py): N at once,
fewer after Leat's 429 and each item sent again, a failure ending the run after what is in flight."""

from __future__ import annotations

import threading
import time

import pytest

from leatadmin.batches import flight
from leatadmin.batches.flight import Flight
from leatadmin.leat.errors import RateLimited, ServerError


class Watch:
    """What the work saw: how many ran at once, at most, and in which order they were done."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.done: list[int] = []

    def work(self, item: int, *, seconds: float = 0.02) -> int:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(seconds)
        with self.lock:
            self.now -= 1
        return item * 10


def test_n_calls_fly_at_once_and_every_answer_comes_back_to_the_caller():
    watch, answers = Watch(), {}
    Flight(4, name="test").run(range(40), watch.work, lambda item, answer: answers.__setitem__(item, (answer, threading.current_thread())))
    assert watch.most == 4
    assert {item: answer for item, (answer, _thread) in answers.items()} == {item: item * 10 for item in range(40)}
    assert {thread for _answer, thread in answers.values()} == {threading.current_thread()}  # `done` runs on the caller's thread


def test_one_in_flight_runs_on_the_callers_thread():
    seen = []
    Flight(1, name="test").run(range(3), lambda item: seen.append(threading.current_thread()) or item, lambda item, answer: None)
    assert seen == [threading.current_thread()] * 3


def test_a_429_sends_the_item_again_after_leats_wait_with_fewer_in_flight(monkeypatch):
    monkeypatch.setattr(flight, "DEFAULT_WAIT_SECONDS", 0.05)
    watch, answers, refused = Watch(), {}, set()
    after_429: list[int] = []

    def work(item: int) -> int:
        if item in (3, 4) and item not in refused:
            refused.add(item)
            raise RateLimited()  # no Retry-After: the default wait
        if refused:
            after_429.append(watch.now)
        return watch.work(item)

    runner = Flight(4, name="test")
    runner.run(range(30), work, lambda item, answer: answers.__setitem__(item, answer))
    assert answers == {item: item * 10 for item in range(30)} and runner.rate_limited == 2
    assert min(after_429) < 3  # fewer flew after Leat said 429


def test_a_failure_stops_sending_waits_for_what_flies_and_is_raised():
    watch, started = Watch(), []

    def work(item: int) -> int:
        started.append(item)
        if item == 5:
            raise ServerError()
        return watch.work(item, seconds=0.05)

    with pytest.raises(ServerError):
        Flight(3, name="test").run(range(100), work, lambda item, answer: None)
    assert len(started) < 12 and watch.now == 0  # nothing more was sent, and nothing was left flying


@pytest.mark.parametrize("limit", [1, 3])
def test_a_long_wait_keeps_the_run_s_heartbeat(monkeypatch, limit):
    """Leat's Retry-After can outlast the time a silent run is taken for dead: the flight ticks while it waits."""
    monkeypatch.setattr(flight, "DEFAULT_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(flight, "TICK_SECONDS", 0.05)
    ticks, refused = [], set()

    def work(item: int) -> int:
        if item not in refused:
            refused.add(item)
            raise RateLimited()
        return item

    Flight(limit, name="test").run(range(2), work, lambda item, answer: None, tick=lambda: ticks.append(time.monotonic()))
    assert len(ticks) >= 3
