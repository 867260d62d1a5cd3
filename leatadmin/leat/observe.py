"""What the client tells whoever watches it about each call it made.

The client stays plain Python: metrics, traces and error reports are the
app's (core/observability.py), which hands the client an observer when it
builds it. The observer gets one `LeatCall` per call, after the call, with
the route rather than the path: a label per route (`vouchers/{id}/lock`), the
way the sandbox counts its calls, and never an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: A path segment that is a word of Leat's API (`contacts`, `find-one-by`); anything else is an identifier.
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*\Z")


def route_of(path: str) -> str:
    """`contacts/3f0c…/credit-balance` → `contacts/{id}/credit-balance`."""
    if path.startswith("("):  # the client's own names, e.g. "(health)"
        return path
    return "/".join(part if _WORD.match(part) else "{id}" for part in path.strip("/").split("/"))


def _header_int(headers: Mapping[str, str] | None, name: str) -> int | None:
    try:
        return int(headers[name]) if headers and name in headers else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class LeatCall:
    method: str
    route: str
    #: The HTTP status Leat answered with, or what happened instead ("timeout",
    #: "connect timeout", "connection failed", "retries exhausted", an exception's name).
    outcome: int | str
    seconds: float
    retries: int = 0
    #: Leat's X-RateLimit-Remaining and X-RateLimit-Limit, when it sent them.
    rate_limit_remaining: int | None = None
    rate_limit: int | None = None

    @classmethod
    def of(cls, method: str, path: str, outcome: int | str, seconds: float, retries: int, headers: Mapping[str, str] | None) -> LeatCall:
        return cls(method, route_of(path), outcome, seconds, retries, _header_int(headers, "X-RateLimit-Remaining"), _header_int(headers, "X-RateLimit-Limit"))


Observer = Callable[[LeatCall], None]
