"""The role matrix's rows for the giftcards pages (#29), added to tests/security/test_permissions.py:
(name, method, url builder taking the targets dict, permission needed)."""

from __future__ import annotations

from django.urls import reverse

ENDPOINTS: list[tuple] = [
    ("gift card page", "get", lambda t: reverse("giftcards:detail", args=[t["giftcard"]]), "giftcard_transactions"),
    ("gift card transactions panel", "get", lambda t: reverse("giftcards:transactions", args=[t["giftcard"]]), "giftcard_transactions"),
    ("pay with or top up a gift card", "post", lambda t: reverse("giftcards:pay_or_top_up", args=[t["giftcard"]]), "giftcard_transactions"),
    ("undo a gift card's last transaction", "post", lambda t: reverse("giftcards:undo", args=[t["giftcard"]]), "manage_giftcards"),
    ("send a gift card by email", "post", lambda t: reverse("giftcards:send", args=[t["giftcard"]]), "giftcard_transactions"),
    ("new digital gift card", "post", lambda t: reverse("giftcards:new"), "manage_giftcards"),
]
