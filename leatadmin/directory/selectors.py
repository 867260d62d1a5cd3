"""Searching the contact directory, ranked: exact email, then loyalty card
or whole phone number, then exact name (full, then first or last), then partial matches, most
recently changed first within each. Every word must match (in any field);
a phone number matches whatever its spacing or +31/0 prefix.

The match runs on the database's text index (see migrations/0002): trigram
GIN on PostgreSQL (`search LIKE '%word%'`), FTS5 trigram on SQLite
(`directory_fts MATCH '"word"'`), so a million rows answer in milliseconds.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from .folding import looks_like_phone, phone_key, words
from .models import DirectoryBackfill, DirectoryContact

RESULTS = 20
#: The FTS5 trigram tokenizer indexes three characters: shorter words are matched on the row itself.
TRIGRAM = 3
EXACT_EMAIL, CARD, FULL_NAME, NAME, PARTIAL = range(5)
RANKS = {EXACT_EMAIL: "email", CARD: "card", FULL_NAME: "name", NAME: "name", PARTIAL: "partial"}


def search_words(query: str) -> list[str]:
    """What the search looks for: the folded words, or one phone number."""
    if looks_like_phone(query):
        return [phone_key(query)]
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


def directory_search(*, query: str, limit: int = RESULTS) -> list[DirectoryContact]:
    terms = search_words(query)
    if not terms:
        return []
    phone = terms[0] if looks_like_phone(query) else None
    folded = " ".join(words(query))
    email = query.strip().lower()
    card = query.strip()
    rank = Case(
        When(email=email, then=Value(EXACT_EMAIL)),
        When(Q(cards__iexact=card) | Q(cards__istartswith=f"{card} ") | Q(cards__iendswith=f" {card}") | Q(phone_key=phone or "-"), then=Value(CARD)),
        When(name_key=folded, then=Value(FULL_NAME)),
        When(Q(name_key__startswith=f"{folded} ") | Q(name_key__endswith=f" {folded}"), then=Value(NAME)),
        default=Value(PARTIAL),
        output_field=IntegerField(),
    )
    found = _matching(terms).annotate(rank=rank).order_by("rank", "-last_changed", "id")[:limit]
    return list(found)


def exact_hit(results: list[DirectoryContact]) -> DirectoryContact | None:
    """The one result to go straight to: the only result, and an exact one."""
    if len(results) == 1 and results[0].rank < PARTIAL:
        return results[0]
    return None


def directory_size() -> int:
    return DirectoryContact.objects.count()


def backfill_latest() -> DirectoryBackfill | None:
    return DirectoryBackfill.objects.first()


def directory_knows(*, uuid: str) -> bool:
    return DirectoryContact.objects.filter(uuid=uuid).exists()

