"""A second factor, required (MFA_REQUIRED): a member of staff without one is
taken to set one up right after their password, and can do nothing else until
they have. And the Django admin (staff and their roles) asks for the fresh check
before any change.

Cheap on every request: once a session is known to belong to someone with a
factor (or whose identity provider gave one), the session says so and nothing
is asked of the database again. An administrator's reset of a factor ends the
person's sessions (staff_admin.py), so the mark goes with them.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from . import fresh, sso

HAS_FACTOR = "signin.has_factor"  # session: the user's pk, once they are known to have one

#: Pages a member of staff without a factor may still open: setting one up, and leaving.
SETUP_PAGES = frozenset(
    {
        "signin:setup", "mfa_index", "mfa_activate_totp", "mfa_add_webauthn", "mfa_list_webauthn", "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes", "mfa_download_recovery_codes", "account_reauthenticate", "logout", "account_logout",
        "language", "health", "alive", "metrics", "login", "account_login",
    }
)


def has_factor(request: HttpRequest) -> bool:
    user = request.user
    if request.session.get(HAS_FACTOR) == user.pk:
        return True
    found = sso.idp_factor_at(request) is not None or Authenticator.objects.filter(user_id=user.pk, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)).exists()
    if found:
        request.session[HAS_FACTOR] = user.pk
    return found


class SecondFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if settings.MFA_REQUIRED and name not in SETUP_PAGES and not has_factor(request):
            url = reverse("signin:setup")
            return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else HttpResponseRedirect(url)
        if match is not None and match.namespace == "admin" and name != "admin:logout":
            return fresh.require_for_any_view(request)
        return None
