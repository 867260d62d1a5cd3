"""core/reads.py: a page's Leat reads, started together, collected as they end."""

from __future__ import annotations

import threading
import time

import pytest

from leatadmin.core.reads import Reads
from leatadmin.leat import errors


def test_groups_come_as_their_reads_end_and_a_read_is_started_once():
    reads, calls, release = Reads(), [], threading.Event()
    reads.start("slow", lambda: release.wait(5) and "slow")
    reads.start("fast", lambda: calls.append(1) or "fast")
    reads.start("fast", lambda: calls.append(2) or "again")  # same key: not started twice
    reads.put("known", "already here")
    order = []
    for name in reads.as_ready({"a": ("slow",), "b": ("fast", "known")}):
        order.append(name)
        if name == "b":
            release.set()
    assert order == ["b", "a"] and calls == [1]
    assert reads.result("fast") == "fast" and reads.result("known") == "already here"


def test_with_a_lull_a_pause_after_a_group_is_said_once_then_the_rest_follows():
    reads, release = Reads(), threading.Event()
    reads.put("known", "here")
    reads.start("late", lambda: release.wait(5) and "late")
    seen = []
    for name in reads.as_ready({"a": ("known",), "b": ("late",)}, lull=0.05):
        seen.append(name)
        if name is None:
            release.set()
    assert seen == ["a", None, "b"]


def test_with_a_lull_groups_ready_within_it_come_without_a_pause():
    reads = Reads()
    reads.put("known", "here")
    reads.start("soon", lambda: time.sleep(0.01) or "soon")
    assert list(reads.as_ready({"a": ("known",), "b": ("soon",)}, lull=1)) == ["a", "b"]


def test_a_read_still_running_at_the_deadline_is_a_timeout_and_nothing_waits_longer():
    reads, release = Reads(), threading.Event()
    reads.start("stuck", lambda: release.wait(5))
    started = time.monotonic()
    assert list(reads.as_ready({"panel": ("stuck",)}, timeout=0.1)) == ["panel"]
    with pytest.raises(errors.Timeout):
        reads.result("stuck")
    assert time.monotonic() - started < 1
    release.set()


def test_a_failed_read_raises_its_own_error_where_it_is_collected():
    reads = Reads()
    reads.start("broken", lambda: (_ for _ in ()).throw(errors.ServerError("Leat had an internal error.")))
    assert list(reads.as_ready({"panel": ("broken",)})) == ["panel"]
    with pytest.raises(errors.ServerError):
        reads.result("broken")


def test_values_kept_in_the_cache_are_read_in_one_go_and_the_rest_from_leat(monkeypatch):
    from django.core.cache import cache

    cache.set("test-kept-a", [1, 2])
    asked = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(list(keys)) or real_get_many(keys))
    reads = Reads()
    reads.start_cached("a", lambda: "from Leat", "test-kept-a", shape=len)
    reads.start_cached("b", lambda: "from Leat", "test-kept-b")
    assert reads.result("a") == 2 and reads.result("b") == "from Leat"
    assert asked == [["test-kept-a", "test-kept-b"]]  # one cache read, when the first was needed
