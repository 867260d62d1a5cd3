"""Middleware that keeps pages and htmx panels meaningful when things go wrong."""

from __future__ import annotations

import re
import time
import zoneinfo
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from leatadmin.leat.errors import LeatError

from .failures import describe


class IdleSessionMiddleware:
    """Log staff out after SESSION_IDLE_SECONDS without a request.

    The last-seen time is written at most once a minute, so the four panel
    requests of a contact page do not each rewrite the session.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a while without activity. Log in again to go on."))
            elif now - last_seen >= self.REFRESH_SECONDS or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An expired session inside an htmx request would swap the login page
    into a panel; send the whole browser to the login page instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "htmx", False) and not request.user.is_authenticated and getattr(view_func, "login_required", True):
            next_url = request.htmx.current_url_abs_path or "/"
            return HttpResponseClientRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
        return None


#: Django's own "not found" text (get_object_or_404), in English only and naming a model.
DJANGO_NOT_FOUND = re.compile(r"No \w+ matches the given query\.")


class LeatErrorMiddleware:
    """The last word on a Leat failure no view handled: a page (or, for htmx,
    a panel) saying what happened and whether retrying can help. Also the
    404 page of a view, saying the view's own words (which are translated)
    and never Django's English ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and not settings.DEBUG:  # (in DEBUG, Django's page says more)
            said = exception.args[0] if exception.args else None
            message = said if isinstance(said, str) and not DJANGO_NOT_FOUND.fullmatch(said) else None
            return render(request, "404.html", {"message": message}, status=404)
        if not isinstance(exception, LeatError):
            return None
        failure = describe(exception)
        template = "core/leat_error_panel.html" if getattr(request, "htmx", False) else "core/leat_error.html"
        response = render(request, template, {"failure": failure, "retry_url": request.get_full_path()}, status=failure.status)
        if failure.retry_after:
            response["Retry-After"] = str(failure.retry_after)
        return response


class StaffTimezoneMiddleware:
    """Show and read date-times in the staff member's own time zone, which
    the browser reports in the `tz` cookie (static/js/app.js)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = unquote(request.COOKIES.get("tz", ""))
        try:
            zone = zoneinfo.ZoneInfo(name) if name and len(name) < 64 else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
