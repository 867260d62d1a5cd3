"""Reading a contact's prepaid money from Leat (amounts in cents)."""

from __future__ import annotations

import datetime as dt

from leatadmin.core.leat import leat
from leatadmin.leat.models import Page, PrepaidTransaction

#: How far back a transaction is looked for (pages of Leat's largest size).
SEARCH_PAGES = 5
SEARCH_LIMIT = 30


def prepaid_history(*, contact_uuid: str, page: int, per_page: int) -> Page[PrepaidTransaction]:
    """Newest first, one Leat page."""
    return leat().prepaid.list(contact_uuid=contact_uuid, page=page, limit=per_page)


def prepaid_balance(*, contact_uuid: str) -> int:
    return leat().contacts.prepaid_balance(contact_uuid).balance_in_cents


def prepaid_transaction_find(*, contact_uuid: str, uuid: str) -> PrepaidTransaction | None:
    """One of the contact's recent prepaid transactions (Leat has no route for one)."""
    for number in range(1, SEARCH_PAGES + 1):
        page = leat().prepaid.list(contact_uuid=contact_uuid, page=number, limit=SEARCH_LIMIT)
        found = next((item for item in page.items if item.uuid == uuid), None)
        if found is not None or number >= page.last_page:
            return found
    return None


def prepaid_booked_since(*, contact_uuid: str, amount_in_cents: int, since: dt.datetime, shop_uuid: str | None = None) -> PrepaidTransaction | None:
    """A transaction of this amount booked since `since`, in the first page of
    history: how a write whose answer was lost is found."""
    for item in prepaid_history(contact_uuid=contact_uuid, page=1, per_page=SEARCH_LIMIT).items:
        same_shop = shop_uuid is None or (item.shop is not None and item.shop.uuid == shop_uuid)
        if item.amount_in_cents == amount_in_cents and same_shop and item.created_at is not None and item.created_at >= since:
            return item
    return None
