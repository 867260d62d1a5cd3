"""Reading a contact's prepaid money from Leat (amounts in cents)."""

from __future__ import annotations

from collections.abc import Callable

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.settlement import the_unaccounted_one, written_since
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


def booked_since(*, contact_uuid: str, entry: AuditEntry, matches: Callable[[PrepaidTransaction], bool]) -> PrepaidTransaction | None:
    """The transaction a write recorded in `entry` made, if the newest page of
    history shows exactly one that `matches` it, booked after the write was
    sent, that no other audit entry accounts for (audit.settlement.the_unaccounted_one)."""
    since = written_since(entry)
    page = prepaid_history(contact_uuid=contact_uuid, page=1, per_page=SEARCH_LIMIT)
    return the_unaccounted_one(item for item in page.items if item.created_at is not None and item.created_at >= since and matches(item))
