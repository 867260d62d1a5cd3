"""The role matrix's rows for the agenda (#26), added to tests/security/test_permissions.py:
(name, method, url builder taking the targets dict, permission needed).

The day is the matrix's shop's: a manager of another shop is refused it
(`ITS_SHOPS_OWN`), as page and as the htmx partial it redraws itself with."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone


def _day(t: dict) -> str:
    return reverse("agenda:day", args=[t["shop"], timezone.localdate().isoformat()])


ENDPOINTS: list[tuple] = [
    ("agenda", "get", lambda t: reverse("agenda:home"), "view_bookings"),
    ("agenda today", "get", lambda t: reverse("agenda:today", args=[t["shop"]]), "view_bookings"),
    ("agenda day", "get", _day, "view_bookings"),
    ("agenda day panel", "get", _day, "view_bookings"),
]
#: The matrix's shop's agenda: another shop's manager gets "This shop is not one of yours".
ITS_SHOPS_OWN = {"agenda today", "agenda day", "agenda day panel"}
