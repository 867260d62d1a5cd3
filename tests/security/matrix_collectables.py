"""The role matrix's rows for the collectables pages (#29), added to tests/security/test_permissions.py:
(name, method, url builder taking the targets dict, permission needed)."""

from __future__ import annotations

from django.urls import reverse

ENDPOINTS: list[tuple] = [
    ("rewards to collect panel", "get", lambda t: reverse("loyalty:collectables", args=[t["anna"]]), "view_contacts"),
    # Opened, not posted: an empty post would mark one of anna's seeded rewards collected (its note is optional),
    # and the session's other tests read them. The permission is checked the same way for both methods.
    ("mark a reward collected", "get", lambda t: reverse("loyalty:collect", args=[t["anna"], t["collectable"]]), "redeem_vouchers"),
    ("undo a collection", "post", lambda t: reverse("loyalty:uncollect", args=[t["anna"], t["collectable"]]), "redeem_vouchers"),
]
