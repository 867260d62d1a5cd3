"""Which column of a file of corrections is which: header names in Dutch or
English, in any order and case, with spaces, hyphens, accents or a hint in
brackets around them ("E-mail ", "Klant (e-mail, kaartnummer of UUID)",
"Punten (+ of -)").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .files_refused import COLUMN_TWICE, NO_AMOUNT_COLUMN, NO_WHO_COLUMN, refused

#: Our fields, in the template's order.
FIELDS = ("who", "credits", "purchase", "shop", "reason")

#: The header names each field is known by, as `normalized()` leaves them.
NAMES: dict[str, frozenset[str]] = {
    "who": frozenset(
        "who wie customer customeremail klant klantemail contact contactemail contactuuid contactid uuid email emailadres emailaddress mail mailadres"
        " card cardnumber loyaltycard loyaltycardnumber kaart kaartnummer klantenkaart spaarkaart pas pasnummer spaarpas".split()
    ),
    "credits": frozenset({"credits", "credit", "points", "punten", "aantalpunten", "spaarpunten"}),
    "purchase": frozenset({"purchase", "purchaseamount", "amount", "aankoop", "aankoopbedrag", "bedrag", "besteding", "bestedingsbedrag"}),
    "shop": frozenset({"shop", "shopuuid", "store", "location", "winkel", "vestiging", "filiaal", "locatie"}),
    "reason": frozenset({"reason", "why", "reden", "waarom", "toelichting", "motivatie"}),
}
FIELD_OF = {name: field for field, names in NAMES.items() for name in names}

#: How many rows with something in them are looked at for the header (a title above it is fine).
HEADER_WITHIN = 10
#: How many columns are looked at for the header.
HEADER_WIDTH = 200

_HINT = re.compile(r"[(\[].*")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def normalized(header: object) -> str:
    """`" E-mail (verplicht) "` -> `email`: no case, accents, hint or punctuation."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_LETTERS.sub("", _HINT.sub("", text))


def field_of(header: object) -> str | None:
    return FIELD_OF.get(normalized(header)) if header else None


def recognised(cells: Sequence[object]) -> int:
    """How many of `cells` name one of our fields (a header row has at least one)."""
    return sum(1 for cell in cells[:HEADER_WIDTH] if field_of(cell))


@dataclass(frozen=True)
class Header:
    number: int  #: its row number in the file
    index: dict[str, int]  #: our field -> the column's index (0-based)
    written: dict[str, str]  #: our field -> the header as written in the file
    width: int  #: the columns up to the last one we read


def header_of(number: int, cells: Sequence[object], name: str) -> Header:
    """The header in `cells` (row `number` of file `name`); FileRefused if a
    column we need is missing or two columns name the same field."""
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    for position, cell in enumerate(cells[:HEADER_WIDTH]):
        field = field_of(cell)
        if field is None:
            continue
        text = str(cell).strip()
        if field in index:
            raise refused(COLUMN_TWICE, name=name, first=written[field], second=text)
        index[field], written[field] = position, text
    if "who" not in index:
        raise refused(NO_WHO_COLUMN, name=name)
    if "credits" not in index and "purchase" not in index:
        raise refused(NO_AMOUNT_COLUMN, name=name)
    return Header(number=number, index=index, written=written, width=max(index.values()) + 1)


def is_blank(cells: Sequence[object]) -> bool:
    return not any(cell not in ("", None) and str(cell).strip() for cell in cells)


def find_header(rows: Iterator[tuple[int, Sequence[object]]], name: str) -> Header | None:
    """Read `rows` up to and including the header: the first of the first
    HEADER_WITHIN rows with something in them that names one of our fields.
    None if there is none (not a table, or not ours)."""
    seen = 0
    for number, cells in rows:
        if is_blank(cells):
            continue
        if recognised(cells):
            return header_of(number, cells, name)
        seen += 1
        if seen >= HEADER_WITHIN:
            return None
    return None
