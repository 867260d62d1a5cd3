"""Loyalty transactions, one Leat page at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .models import Listed, LoyaltyTransaction, Page
from .resource import Resource, iso

#: The list filter uses plural names; each item's own `type` is singular.
TYPES = ("credit_receptions", "reward_receptions")
MAX_LIMIT = 100
#: Leat's sorts of the list: oldest first, or newest first (Leat's own order when none is asked for).
SORTS = ("created_at", "-created_at")


class LoyaltyTransactions(Resource):
    def list[T](
        self,
        *,
        contact_uuid: str | None = None,
        type: str | None = None,
        shop_uuid: str | None = None,
        created_from: dt.datetime | None = None,
        created_until: dt.datetime | None = None,
        created_after: dt.datetime | None = None,
        sort: str | None = None,
        page: int = 1,
        limit: int = 10,
        parse: Callable[[Any], T] = LoyaltyTransaction.from_api,  # type: ignore[assignment]
        item_shape: type | None = None,
    ) -> Page[T]:
        """`created_from` and `created_until` are inclusive bounds, `created_after`
        an exclusive one (aware date-times). `sort`: one of SORTS (none: Leat's
        own order, newest first). `parse` and `item_shape` as for
        `contacts.list`: a reader of every transaction (the figures' mirror)
        reads only the members it needs."""
        if type is not None and type not in TYPES:
            raise ValueError(f"type must be one of {TYPES}")
        if sort is not None and sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {
            "contact_uuid": contact_uuid,
            "type": type,
            "shop_uuid": shop_uuid,
            "created_at[gte]": iso(created_from),
            "created_at[lte]": iso(created_until),
            "created_at[gt]": iso(created_after),
            "sort": sort,
            "page": max(1, int(page)),
            "limit": limit,
        }
        shape = Any if item_shape is None else Listed[item_shape]  # type: ignore[valid-type]
        return Page.from_api(
            self.client.request("GET", "loyalty-transactions", params=params, shape=shape),
            parse,
            requested_page=page,
            requested_limit=limit,
        )
