"""What a status means, as the colour of its badge: the same meaning looks
the same on every page.

Four meanings, one CSS class each (static/css/app.css, `.badge.<class>`):
done or fine, waiting or in doubt, stopped or refused, and plain facts.
Only the colour is decided here; the words stay with each page.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

OK = "ok"  # done, accepted, active, subscribed
PENDING = "warn"  # not finished yet, waiting for someone, outcome unknown
STOPPED = "bad"  # canceled, failed, blocked, reversed
NEUTRAL = "neutral"  # a fact, or a value leatadmin cannot judge

#: kind -> Leat's (or leatadmin's) value -> meaning. Values not listed are neutral.
MEANINGS: dict[str, dict[str, str]] = {
    "booking": {"created": PENDING, "in progress": PENDING, "completed": OK, "canceled": STOPPED, "unconfirmed": PENDING},
    "outcome": {"succeeded": OK, "unknown": PENDING, "failed": STOPPED},
    "contact": {"ACTIVE": OK, "INACTIVE": STOPPED},
    "card": {"active": OK, "blocked": STOPPED},
    "subscription": {"SUBSCRIBED": OK, "PENDING_CONFIRMATION": PENDING},
    "transaction": {"reversed": STOPPED},
    # Leat's voucher statuses: usable, waiting (not active yet, locked at a till), used, or stopped.
    "voucher": {"ACTIVE": OK, "INACTIVE": PENDING, "LOCKED": PENDING, "REDEEMED": NEUTRAL, "EXPIRED": STOPPED, "DEACTIVATED": STOPPED},
    "giftcard": {"active": OK, "inactive": STOPPED, "expired": STOPPED},
    "collectable": {"waiting": PENDING, "collected": OK, "expired": STOPPED},
}


def meaning(kind: str, value: object) -> str:
    """The badge class of `value` (a status of this `kind`)."""
    return MEANINGS[kind].get(str(value) if value is not None else "", NEUTRAL)


def badge(kind: str, value: object, text: object, *, title: str = "") -> SafeString:
    """`<span class="badge …">text</span>`, for tables rendered in Python."""
    if title:
        return format_html('<span class="badge {}" title="{}">{}</span>', meaning(kind, value), title, text)
    return format_html('<span class="badge {}">{}</span>', meaning(kind, value), text)
