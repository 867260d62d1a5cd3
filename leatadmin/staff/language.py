"""Each staff member's language, chosen in the header and kept per user.

Before log-in (and until a staff member chooses) the browser's language
applies (Django's LocaleMiddleware reads Accept-Language). A choice is stored
in `StaffPreference`, so it follows the staff member to any browser, and
applied by `StaffLanguageMiddleware` after authentication, over the
browser's. The shared cache keeps a copy per user (written whenever the
choice is saved), so a page view does not ask the database and a switch on
one device holds on the others at their next request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import LANGUAGE_CACHE_SECONDS, StaffPreference, language_cache_key

CODES = frozenset(code for code, _ in settings.LANGUAGES)


def preferred_language(user) -> str:
    """The staff member's own choice ('' for the browser's)."""
    key = language_cache_key(user)
    chosen = cache.get(key)
    if chosen is None:
        chosen = StaffPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""
        cache.set(key, chosen, LANGUAGE_CACHE_SECONDS)
    return chosen if chosen in CODES else ""


class StaffLanguageMiddleware:
    """After authentication: a staff member's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            chosen = preferred_language(request.user)
            if chosen:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The header's language switch: store the choice for this staff member,
    remember it in the browser too (for the log-in page), and go back."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = resolve_url("home")
    response = HttpResponseRedirect(target)
    if code not in CODES:
        return response
    StaffPreference.objects.update_or_create(user=request.user, defaults={"language": code})
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 60 * 60, path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(), httponly=True, samesite="Lax",
    )
    return response
