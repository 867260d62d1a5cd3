"""Text as search compares it: no accents, no case (`José` is `jose`,
`De Vries` is `de vries`), and phone numbers reduced to their national
digits whatever their spacing or prefix (`+31 6 1234 5678`, `0031612345678`
and `06-12345678` are all `612345678`). Done in Python, so PostgreSQL and
SQLite search exactly the same text."""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose into a base letter and an accent.
SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"})
SEPARATORS = re.compile(r"[\s,;]+")
PHONE = re.compile(r"^\+?[\d\s\-./()]{6,24}$")
POSTCODE = re.compile(r"^\d{4}\s?[a-zA-Z]{2}$")  # a Dutch postcode, `2011 AB` or `2011ab`
COUNTRY = "31"  # the account's country: +31 and 0 mean the same number


def fold(text: str) -> str:
    text = text or ""
    if text.isascii():  # most names and every email: nothing to decompose (a backfill folds 7 values a contact)
        return text.lower().replace("\x00", "")
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\x00", "")


def words(text: str) -> list[str]:
    """The query's words, folded; commas and semicolons separate like spaces."""
    return [word for word in SEPARATORS.split(fold(text)) if word]


def phone_key(text: str) -> str:
    """The national significant number: the digits without 00/+ country code or trunk 0."""
    digits = re.sub(r"\D", "", text or "")
    if (text or "").strip().startswith("+") and digits.startswith(COUNTRY):
        digits = digits[len(COUNTRY) :]
    elif digits.startswith("00" + COUNTRY):
        digits = digits[2 + len(COUNTRY) :]
    elif digits.startswith("0"):
        digits = digits[1:]
    return digits


def looks_like_phone(text: str) -> bool:
    return bool(PHONE.match(text.strip())) and len(re.sub(r"\D", "", text)) >= 6


def looks_like_postcode(text: str) -> bool:
    return bool(POSTCODE.match(text.strip()))


def postcode_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
