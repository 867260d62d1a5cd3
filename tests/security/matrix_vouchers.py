"""The role matrix's rows for the vouchers pages (#29), added to tests/security/test_permissions.py:
(name, method, url builder taking the targets dict, permission needed)."""

from __future__ import annotations

from django.urls import reverse

ENDPOINTS: list[tuple] = [
    ("voucher page", "get", lambda t: reverse("vouchers:detail", args=[t["voucher"]]), "redeem_vouchers"),
    ("redeem voucher", "post", lambda t: reverse("vouchers:redeem", args=[t["voucher"]]), "redeem_vouchers"),
    ("deactivate voucher", "post", lambda t: reverse("vouchers:deactivate", args=[t["voucher"]]), "manage_vouchers"),
    ("activate voucher", "post", lambda t: reverse("vouchers:activate", args=[t["voucher"]]), "manage_vouchers"),
    ("vouchers panel", "get", lambda t: reverse("vouchers:panel", args=[t["anna"]]), "view_contacts"),
    ("give a voucher", "post", lambda t: reverse("vouchers:give", args=[t["anna"]]), "manage_vouchers"),
]
