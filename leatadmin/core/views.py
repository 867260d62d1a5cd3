import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from leatadmin.core.health import leat_health


def home(request: HttpRequest) -> HttpResponse:
    """The start page: customer service starts from the lookup."""
    if request.user.has_perm("staff.view_contacts"):
        return redirect("contacts:lookup")
    return render(request, "core/home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 as a page, or as a small panel for htmx, so a panel never swaps in a whole page."""
    template = "core/denied_panel.html" if getattr(request, "htmx", False) else "403.html"
    # A refusal with its own words (`title`, `explanation`: staff/scoping.py's) says them.
    return render(request, template, {"exception": exception}, status=403)


@login_not_required
def alive(request: HttpRequest) -> HttpResponse:
    """The process answers: no Leat, no database (the benchmark's trivial page)."""
    return JsonResponse({"ok": True})


HEALTH_LEAT_SECONDS = 10  # how long one Leat check answers for every process


@login_not_required
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For the platform's health checks: the app, its database, its cache and
    Leat answer. No login, no personal data, no key; cheap (Leat is asked at
    most once per HEALTH_LEAT_SECONDS, through the shared cache)."""
    checks = {"app": "ok", "database": _check_database(), "cache": _check_cache()}
    leat_state = cache.get("healthz:leat") if checks["cache"] == "ok" else None
    if leat_state is None:
        leat_state = leat_health(timeout=2.0)
        if checks["cache"] == "ok":
            cache.set("healthz:leat", leat_state, HEALTH_LEAT_SECONDS)
    checks["leat"] = leat_state
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"ok": healthy, "checks": checks}, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unavailable"


def _check_cache() -> str:
    token = secrets.token_hex(8)
    try:
        cache.set("healthz:probe", token, 30)
        return "ok" if cache.get("healthz:probe") is not None else "unavailable"
    except Exception:  # any backend's own connection error
        return "unavailable"
