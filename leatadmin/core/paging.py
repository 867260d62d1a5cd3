"""Paging: page numbers from a request, and Leat's pages fetched in order."""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.http import HttpRequest

from leatadmin.leat.models import Page

MAX_PAGE = 1_000_000


def page_number(request: HttpRequest, name: str) -> int:
    """A page number from the query string; nonsense means page 1, never an error."""
    try:
        return min(max(int(request.GET.get(name, 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def pages_in_order[T](fetch: Callable[[int], Page[T]], *, threads: int, name: str) -> Iterator[Page[T]]:
    """Every page of a Leat list, in order, for background work over a whole
    list (exports, the directory backfill): `threads` requests in flight, and
    twice that many queued, so a slow page at the head does not idle the
    others. Memory stays bounded by the window, whatever the list's size."""
    first = fetch(1)
    yield first
    # Each page in a copy of the caller's context: its log lines name the task's request id (core/observability.py).
    fetch = _in_context(fetch)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name) as pool:
        window: deque[Future[Page[T]]] = deque()
        upcoming = iter(range(2, first.last_page + 1))
        for number in upcoming:
            window.append(pool.submit(fetch, number))
            if len(window) >= threads * 2:
                break
        while window:
            yield window.popleft().result()
            following = next(upcoming, None)
            if following is not None:
                window.append(pool.submit(fetch, following))


def _in_context[T](fetch: Callable[[int], T]) -> Callable[[int], T]:
    context = contextvars.copy_context()
    return lambda number: context.copy().run(fetch, number)
