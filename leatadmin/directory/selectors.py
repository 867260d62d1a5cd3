"""Searching the contact directory, ranked: exact email, then loyalty card
or whole phone number, then exact name (full, then first or last), then
partial matches; most recently changed first within each. Every word of a
partial match must match (in any field); a phone number matches whatever
its spacing or +31/0 prefix.

Each exact kind is one indexed equality walked newest first (see the
model's indexes), so a common name costs its first twenty rows. Partial
matches use the database's text index (see migrations/0002): trigram GIN
on PostgreSQL (`search LIKE '%word%'`), FTS5 trigram on SQLite
(`directory_fts MATCH '"word"'`); for a word found in many rows the
planner may walk the newest-first index instead and stop at twenty.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .folding import looks_like_phone, looks_like_postcode, phone_key, postcode_key, words
from .models import NEWEST_FIRST, DirectoryBackfill, DirectoryContact

RESULTS = 20
#: Pages of results a search shows: past them staff narrow the search down (each page asks for all before it).
MAX_PAGES = 10
#: The FTS5 trigram tokenizer indexes three characters: shorter words are matched on the row itself.
TRIGRAM = 3
EXACT_EMAIL, CARD, FULL_NAME, NAME, PARTIAL = range(5)


def search_words(query: str) -> list[str]:
    """What the search looks for: the folded words, or one phone number, or one postcode."""
    if looks_like_phone(query):
        return [phone_key(query)]
    if looks_like_postcode(query):
        return [postcode_key(query)]
    return words(query)


def _matching(terms: list[str]) -> QuerySet[DirectoryContact]:
    rows = DirectoryContact.objects.all()
    if connection.vendor == "sqlite":
        indexed = [term for term in terms if len(term) >= TRIGRAM]
        if indexed:
            expression = " AND ".join('"' + term.replace('"', '""') + '"' for term in indexed)
            rows = rows.filter(id__in=RawSQL("SELECT rowid FROM directory_fts WHERE directory_fts MATCH %s", (expression,)))
        terms = [term for term in terms if len(term) < TRIGRAM]
    for term in terms:
        rows = rows.filter(search__contains=term)
    return rows


def _tiers(query: str, terms: list[str]) -> list[tuple[int, list[QuerySet[DirectoryContact]]]]:
    rows = DirectoryContact.objects.all()
    folded = " ".join(words(query))
    text = query.strip()
    exact_ids = [rows.filter(cards=text)]
    if looks_like_phone(query):
        exact_ids.append(rows.filter(phone_key=terms[0]))
    return [
        (EXACT_EMAIL, [rows.filter(email=text.lower())] if "@" in text else []),
        (CARD, exact_ids),
        (FULL_NAME, [rows.filter(name_key=folded)] if " " in folded else []),
        (NAME, [rows.filter(first_key=folded), rows.filter(last_key=folded)]),
        (PARTIAL, [_matching(terms)]),
    ]


def directory_search(*, query: str, limit: int = RESULTS) -> list[DirectoryContact]:
    """At most `limit` contacts, best first; each has `rank` (EXACT_EMAIL ... PARTIAL)."""
    terms = search_words(query)
    if not terms:
        return []
    found: dict[int, DirectoryContact] = {}
    for rank, querysets in _tiers(query, terms):
        candidates = [row for queryset in querysets for row in queryset.order_by(NEWEST_FIRST, "-id")[: limit + len(found)]]
        candidates.sort(key=lambda row: (row.last_changed, row.id), reverse=True)
        for row in candidates:
            if row.pk not in found:
                row.rank = rank
                found[row.pk] = row
                if len(found) == limit:
                    return list(found.values())
    return list(found.values())


def directory_page(*, query: str, page: int = 1, per_page: int = RESULTS) -> tuple[list[DirectoryContact], bool]:
    """One page of `directory_search`'s ranking and whether more follow. The
    ranking merges tiers, so a page is the slice of the first `page` pages
    (one row more tells whether there are more): the same rows in the same
    order as page 1 of any search, whatever page is asked."""
    page = min(max(page, 1), MAX_PAGES)
    rows = directory_search(query=query, limit=page * per_page + 1)
    return rows[(page - 1) * per_page : page * per_page], len(rows) > page * per_page


def directory_card_holder(*, value: str) -> DirectoryContact | None:
    """The contact whose loyalty card this is, as the directory last heard (Leat's `default_contact_identifier`)."""
    return DirectoryContact.objects.filter(cards=value).order_by(NEWEST_FIRST, "-id").first() if value else None


def directory_contact(*, uuid: str) -> DirectoryContact | None:
    return DirectoryContact.objects.filter(uuid=uuid).first()


def exact_hit(results: list[DirectoryContact]) -> DirectoryContact | None:
    """The one result to go straight to: the only result, and an exact one."""
    if len(results) == 1 and results[0].rank < PARTIAL:
        return results[0]
    return None


def directory_size() -> int:
    return DirectoryContact.objects.count()


def backfill_latest() -> DirectoryBackfill | None:
    return DirectoryBackfill.objects.first()
