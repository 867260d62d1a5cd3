"""Listing contacts (`GET contacts`: paged, sorted by creation, filtered by
creation date). Finding a loyalty card is in `identifiers`.

`GET contacts` is what a directory backfill pages through; each item is a
full contact, as `GET contacts/{uuid}` answers it (about 19 kB each, so a
page of 100 is near 2 MB: built with a handful of queries and serialised
with the parts all contacts share written once, see `contact_answers.answers_text`).
"""

from __future__ import annotations

import json
from typing import Any

from . import contact_answers
from .checks import last_page, page_args
from .db import Store
from .errors import invalid
from .routes import JsonText, route
from .transactions import _date_filters

SORTS = {"created_at": "created_at ASC, id ASC", "-created_at": "created_at DESC, id DESC"}


def listed(store: Store, params: dict[str, Any]) -> tuple[list[Any], int, int, int]:
    page, limit = page_args(params, default_limit=30, max_limit=100)
    errors: dict[str, str] = {}
    sort = str(params.get("sort") or "created_at")
    if sort not in SORTS:
        errors["sort"] = "The selected sort is invalid."
    filters = _date_filters(params, errors)
    if errors:
        raise invalid(errors)
    where = " AND ".join(f"created_at {operator} ?" for operator, _ in filters) or "1"
    values = tuple(moment for _, moment in filters)
    # Leat counts the list for every page; counting 100,000 contacts costs the
    # sandbox 7 ms, so it counts again only once the data has changed.
    total = store.remembered(("contacts", where, values), lambda conn: conn.execute(f"SELECT count(*) FROM contacts WHERE {where}", values).fetchone()[0])
    # The page's ids first, from the index alone: an OFFSET over `SELECT *` reads every skipped row.
    rows = store.all(
        f"SELECT * FROM contacts WHERE id IN (SELECT id FROM contacts WHERE {where} ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?) ORDER BY {SORTS[sort]}",
        (*values, limit, (page - 1) * limit),
    )
    return rows, page, limit, total


@route("GET", "contacts")
def list_contacts(store, data, args):
    rows, page, limit, total = listed(store, data)
    start = (page - 1) * limit + 1 if rows else 0
    meta = {
        "page": page,
        "limit": str(limit),  # Leat echoes the parameter, as text
        "viewing_from": start,
        "viewing_to": start + len(rows) - 1 if rows else 0,
        "last_page": last_page(total, limit),
        "total": total,
    }
    items = ",".join(contact_answers.answers_text(store, rows))
    return 200, JsonText(f'{{"data":[{items}],"meta":{json.dumps(meta, separators=(",", ":"))}}}')
