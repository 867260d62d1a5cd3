"""Text as search compares it: no accents, no case (`José` is `jose`,
`De Vries` is `de vries`), and phone numbers reduced to their national
digits whatever their spacing or prefix (`+31 6 1234 5678`, `0031612345678`,
`+31 (0)6 1234 5678` and `06-12345678` are all `612345678`). Done in Python,
so PostgreSQL and SQLite search exactly the same text."""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose into a base letter and an accent.
SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"})
SEPARATORS = re.compile(r"[\s,;]+")
PHONE = re.compile(r"^\+?[\d\s\-./()]{6,24}$")
POSTCODE = re.compile(r"^\d{4}\s?[a-zA-Z]{2}$")  # a Dutch postcode, `2011 AB` or `2011ab`
COUNTRY = "31"  # the account's country: +31 and 0 mean the same number
# The trunk prefix written after a country code, `+31 (0)6 …`: dropped, as dialling does.
TRUNK_IN_BRACKETS = re.compile(r"\(\s*0\s*\)")
# Quotes staff paste around a search (`"de vries"`, `“de vries”`). Double quotes
# never start or end a name; an apostrophe may (`'t Hart`), so only a pair goes.
DOUBLE_QUOTES = "\"“”„‟«»‹›〝〞＂"
SINGLE_QUOTES = "'‘’‚‛`´"


def fold(text: str) -> str:
    text = text or ""
    if text.isascii():  # most names and every email: nothing to decompose (a backfill folds 7 values a contact)
        return text.lower().replace("\x00", "")
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\x00", "")


def unquote(text: str) -> str:
    """The search without the quotes around it: `"de vries"` is `de vries`."""
    text = (text or "").strip()
    while text:
        if text[0] in DOUBLE_QUOTES or text[-1] in DOUBLE_QUOTES:
            text = text.strip(DOUBLE_QUOTES).strip()
        elif len(text) > 1 and text[0] in SINGLE_QUOTES and text[-1] in SINGLE_QUOTES:
            text = text[1:-1].strip()
        else:
            break
    return text


def words(text: str) -> list[str]:
    """The query's words, folded; commas and semicolons separate like spaces."""
    return [word for word in SEPARATORS.split(fold(text)) if word]


def phone_key(text: str) -> str:
    """The national significant number: the digits without the 00/+ and country
    code (+31) or trunk 0. `00` is `+`, and a `(0)` after a country code is the
    trunk prefix, not part of the number. Other countries keep their code, so
    `+49 (0)30 1234` and `0049 30 1234` are both `49301234`."""
    text = (text or "").strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("00"):
        digits = re.sub(r"\D", "", TRUNK_IN_BRACKETS.sub("", text))
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith(COUNTRY):
            # A Dutch number never starts with 0 after +31: `+31 06 …` is a trunk 0 kept by mistake.
            digits = digits[len(COUNTRY) :]
            digits = digits[1:] if digits.startswith("0") else digits
    elif digits.startswith("0"):
        digits = digits[1:]
    return digits


def looks_like_phone(text: str) -> bool:
    return bool(PHONE.match(text.strip())) and len(re.sub(r"\D", "", text)) >= 6


def looks_like_postcode(text: str) -> bool:
    return bool(POSTCODE.match(text.strip()))


def postcode_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
