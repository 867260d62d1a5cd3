"""What can be wrong with a row of a batch, kept as a code and its values and
said in words in the reader's language when shown.

The file reader's own problems (no contact, credits not a whole number, a
formula in a cell, …) come in words already: they are kept as text, in the
language of who uploaded the file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.leat_words import said
from leatadmin.core.templatetags.leat_format import count, euros

TEXT = "text"
NO_WHO = "no_who"
NOT_FOUND_EMAIL = "not_found_email"
NOT_FOUND_UUID = "not_found_uuid"
CARD_NOT_FOUND = "card_not_found"
CARD_BLOCKED = "card_blocked"
CARD_NOT_LINKED = "card_not_linked"
NO_SHOP = "no_shop"
UNKNOWN_SHOP = "unknown_shop"
SHOP_TWICE = "shop_twice"
NO_REASON = "no_reason"
ZERO = "zero"
TOO_MANY = "too_many"
PURCHASE_ZERO = "purchase_zero"
BELOW_ZERO = "below_zero"
TWICE = "twice"
LEAT_REFUSED = "leat_refused"

WORDS = {
    NO_WHO: gettext_lazy("No contact: give an email, a card number or a contact UUID."),
    NOT_FOUND_EMAIL: gettext_lazy("Leat has no contact with this email."),
    NOT_FOUND_UUID: gettext_lazy("Leat has no contact with this UUID."),
    CARD_NOT_FOUND: gettext_lazy("Leat has no loyalty card with this number."),
    CARD_BLOCKED: gettext_lazy("This loyalty card is blocked."),
    CARD_NOT_LINKED: gettext_lazy("This loyalty card is not linked to a contact."),
    NO_SHOP: gettext_lazy("No shop: give one in the file or one for the whole file."),
    UNKNOWN_SHOP: gettext_lazy("Leat has no shop “%(shop)s”."),
    SHOP_TWICE: gettext_lazy("More than one shop is called “%(shop)s”: use its UUID."),
    NO_REASON: gettext_lazy("No reason: give one in the file or one for the whole file."),
    ZERO: gettext_lazy("Zero credits: there is nothing to give."),
    TOO_MANY: gettext_lazy("%(credits)s credits: at most %(most)s in one correction."),
    PURCHASE_ZERO: gettext_lazy("A purchase of %(amount)s gives no credits under the loyalty rules."),
    BELOW_ZERO: gettext_lazy("Takes back %(credits)s credits, but the balance is %(balance)s."),
    TWICE: gettext_lazy("The same contact as row %(row)s."),
    LEAT_REFUSED: gettext_lazy("Leat refused to look this up: %(message)s"),
}


def problem(code: str, **values: Any) -> dict[str, Any]:
    return {"code": code, **values}


def in_each_language(words: Any) -> dict[str, str]:
    """Words put in every language leatadmin speaks (the file reader's come
    lazy, to be said when shown: a batch is read on the worker, shown later)."""
    said = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said[code] = str(words)
    return said


def in_reader_language(said: dict[str, str]) -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return said.get(language) or said.get(settings.LANGUAGE_CODE) or next(iter(said.values()), "")


def text(words: Any) -> dict[str, Any]:
    return {"code": TEXT, "text": in_each_language(words)}


def in_words(found: dict[str, Any]) -> str:
    """One problem, in the reader's language."""
    code = found.get("code", "")
    if code == TEXT:
        words = found.get("text", "")
        return in_reader_language(words) if isinstance(words, dict) else str(words)
    if code not in WORDS:
        return code
    values = dict(found)
    for name in ("credits", "most", "balance"):
        if isinstance(values.get(name), int):
            values[name] = count(values[name])
    if "message" in values:
        values["message"] = said(str(values["message"]))
    if "amount" in values:
        values["amount"] = euros(values["amount"])
    try:
        return str(WORDS[code]) % values
    except (KeyError, TypeError, ValueError):
        return str(WORDS[code])


def all_in_words(problems: list[dict[str, Any]]) -> list[str]:
    return [in_words(found) for found in problems]


def said_together(problems: list[dict[str, Any]]) -> str:
    """Every problem of a row in one line (the CSV's)."""
    return " ".join(all_in_words(problems)) or _("none")
