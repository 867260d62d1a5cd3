"""One page of a Leat list, whatever pagination shape Leat used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar

from ..errors import BadResponse
from .values import as_dict, parse_int, require_dict

T = TypeVar("T")


class Listed(TypedDict, Generic[T], total=False):
    """A list's answer as `Page.from_api` reads it, its items of shape T (a
    TypedDict of the members wanted): for `LeatClient.request(shape=...)`."""

    data: list[T]
    meta: Any


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, whatever pagination shape Leat used."""

    items: list[T]
    page: int
    last_page: int
    total: int
    per_page: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_api(cls, body: Any, parse: Callable[[Any], T], *, requested_page: int = 1, requested_limit: int = 0) -> Page[T]:
        body = require_dict(body, "list")
        data = body.get("data")
        if not isinstance(data, list):
            raise BadResponse("Leat sent no list where one was expected.")
        meta = as_dict(body.get("meta"))
        items = [parse(item) for item in data]
        # Three shapes: {page, limit, last_page, total} (transactions),
        # {current_page, per_page, last_page, total} (visits) and Laravel's
        # full paginator (the same keys plus from/to/links/path).
        page = parse_int(meta.get("page", meta.get("current_page"))) or requested_page
        per_page = parse_int(meta.get("limit", meta.get("per_page"))) or requested_limit or len(items)
        total = parse_int(meta.get("total"))
        if total is None:
            total = (page - 1) * per_page + len(items)
        last_page = parse_int(meta.get("last_page"))
        if last_page is None:
            last_page = max(1, -(-total // per_page)) if per_page else 1
        return cls(items=items, page=page, last_page=max(1, last_page), total=total, per_page=per_page)
