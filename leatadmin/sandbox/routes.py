"""The route registry: each area module registers its routes with `@route`,
and `match` finds the one for a request path.

Routes live under Leat's OAuth prefix `/api/v3/oauth/clients/`; those marked
`register=True` also answer under the Register API prefix `/api/v3/register/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from .db import Store
from .errors import ApiError

OAUTH_PREFIX = "/api/v3/oauth/clients/"
REGISTER_PREFIX = "/api/v3/register/"

#: A route's handler: (store, query and body merged, path arguments) -> (status, JSON).
Handler = Callable[[Store, dict[str, Any], tuple[str, ...]], tuple[int, Any]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    name: str
    handler: Handler
    register: bool = False  # also served under the Register API prefix


ROUTES: list[Route] = []


def route(method: str, path: str, *, register: bool = False) -> Callable[[Handler], Handler]:
    """`path` uses `{id}` for one opaque path segment."""
    regex = re.compile("^" + re.escape(path).replace(r"\{id\}", "([^/]+)") + "$")

    def decorate(handler: Handler) -> Handler:
        ROUTES.append(Route(method, regex, f"{method} {path}", handler, register))
        return handler

    return decorate


@dataclass(frozen=True)
class JsonText:
    """An answer already serialised, sent as it is (see `contact_answers.answers_text`)."""

    text: str


def envelope(data: Any, meta: Any = None) -> dict:
    """Leat's envelope; `meta` is `[]` or `{}` on single objects, as each route captured it."""
    return {"data": data, "meta": [] if meta is None else meta}


def match(method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
    if path.startswith(OAUTH_PREFIX):
        rest, register = path[len(OAUTH_PREFIX) :], False
    elif path.startswith(REGISTER_PREFIX):
        rest, register = path[len(REGISTER_PREFIX) :], True
    else:
        return None
    rest = rest.strip("/")
    path_matched = False
    # Literal routes first, so `contacts/find-one-by` is never taken for `contacts/{id}`.
    for candidate in sorted(ROUTES, key=lambda r: r.pattern.groups):
        if register and not candidate.register:
            continue
        found = candidate.pattern.match(rest)
        if found:
            path_matched = True
            if candidate.method == method:
                return candidate, tuple(unquote(g) for g in found.groups())
    if path_matched:
        raise ApiError(405, "The method is not supported for this route.")
    return None


@route("GET", "")
def health(store: Store, data: dict[str, Any], args: tuple[str, ...]) -> tuple[int, Any]:
    """Leat's health route: the API prefix itself answers when Leat is up."""
    return 200, envelope([])
