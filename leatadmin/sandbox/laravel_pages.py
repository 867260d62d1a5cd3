"""A page of a list as Laravel's paginator answers it, links included, for the
routes whose capture shows one (`GET vouchers`): top-level `links` (first,
last, prev, next) and a `meta` with `current_page`, `from`, `last_page`, the
page `links` (Laravel's window of page numbers with "..." gaps), `path`,
`per_page`, `to` and `total`.

Leat writes `per_page` as a string ("30"), whatever was asked: the capture
does, so the sandbox does too. The URLs name the sandbox's address
(`SANDBOX_ADDR`), as Leat's name its own; the captured one was
`http://127.0.0.1:8001`, the sandbox's default.
"""

from __future__ import annotations

import os
from typing import Any

from .routes import OAUTH_PREFIX

ON_EACH_SIDE = 3  # Laravel's default


def base_url(path: str) -> str:
    return f"http://{os.environ.get('SANDBOX_ADDR') or '127.0.0.1:8001'}{OAUTH_PREFIX}{path}"


def _window(current: int, last: int) -> list[int | None]:
    """Laravel's UrlWindow: every page when there are few, else the start,
    a slider around the current page and the end, with None for "..."."""
    if last < ON_EACH_SIDE * 2 + 8:
        return list(range(1, last + 1))
    window = ON_EACH_SIDE + 4
    start, finish = [1, 2], [last - 1, last]
    if current <= window:
        return [*range(1, window + ON_EACH_SIDE + 1), None, *finish]
    if current > last - window:
        return [*start, None, *range(last - (window + ON_EACH_SIDE - 1), last + 1)]
    return [*start, None, *range(current - ON_EACH_SIDE, current + ON_EACH_SIDE + 1), None, *finish]


def page_answer(items: list[Any], path: str, *, page: int, per_page: int, total: int) -> dict:
    last = max(1, -(-total // per_page))
    url = base_url(path)

    def link(number: int | None) -> str | None:
        return None if number is None else f"{url}?page={number}"

    page_links = [{"url": link(page - 1) if page > 1 else None, "label": "pagination.previous", "active": False}]
    for number in _window(page, last):
        page_links.append({"url": link(number), "label": "..." if number is None else str(number), "active": number == page})
    page_links.append({"url": link(page + 1) if page < last else None, "label": "pagination.next", "active": False})
    first_item = (page - 1) * per_page + 1
    return {
        "data": items,
        "links": {"first": link(1), "last": link(last), "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < last else None},
        "meta": {
            "current_page": page,
            "from": first_item if items else None,
            "last_page": last,
            "links": page_links,
            "path": url,
            "per_page": str(per_page),
            "to": first_item + len(items) - 1 if items else None,
            "total": total,
        },
    }
