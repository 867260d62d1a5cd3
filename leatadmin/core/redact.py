"""Customer data out of text leatadmin sends elsewhere: log lines
(core/logs.py) and error reports (core/sentry.py).

A safety net, not the rule: leatadmin logs identifiers (UUIDs, routes,
counts), never a person's data, and the log test runs the main journeys to
hold it to that. This catches what a future line or an exception's message
might still carry: email addresses, phone numbers and long numbers (card
numbers), and the Leat key. Names cannot be recognised in text; they are kept
out by never logging a contact's fields, and error reports carry no request
bodies and no local variables.
"""

from __future__ import annotations

import re

MASK = "[redacted]"

EMAIL = re.compile(r"[\w.+%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")  # URL-encoded too
# +31 6 12345678, 0612345678, 4111 1111 1111 1111: nine digits or more, spaced
# or not. Not inside a word, a UUID, a date or a time (their separators are -, : and .).
LONG_NUMBER = re.compile(r"(?<![\w.:/+-])\+?\d(?: ?\d){8,}(?![\w.:/-])")
BEARER = re.compile(r"(?i)\bbearer\s+[\w.~+/=-]+")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    if not text:
        return text
    if "earer" in text:
        text = BEARER.sub("Bearer " + MASK, text)
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    if "@" in text or "%40" in text:
        text = EMAIL.sub(MASK, text)
    return LONG_NUMBER.sub(MASK, text)
