"""leatadmin's own sign-in pages: the log-in (allauth's, answering 429 when
locked out), setting up the first factor, the fresh check's pages, and a
staff member's sessions."""

from __future__ import annotations

from allauth.account.views import LoginView
from allauth.mfa.adapter import get_adapter as mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.views import LoginWebAuthnView, ReauthenticateWebAuthnView, remove_webauthn
from allauth.socialaccount.adapter import get_adapter as social_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leatadmin.core.addresses import client_address

from . import audit, fresh, sessions, sso
from .forms import PasskeyLoginForm
from .middleware import has_factor
from .throttle import locked_out

#: allauth's passkey log-in limit (MFA_RATE_LIMITS "webauthn_login", 10 a minute per address) counts per minute.
PASSKEY_WINDOW_SECONDS = 60


class StaffLoginView(LoginView):
    template_name = "account/login.html"

    def form_invalid(self, form) -> HttpResponse:
        return locked_out(form, super().form_invalid(form))


login = login_not_required(StaffLoginView.as_view())


class FreshKeyView(ReauthenticateWebAuthnView):
    """The fresh check with a passkey or key. allauth answers a key that does not
    check out by sending the person to the log-in page, which loses the way back
    to their kept form; here the check's page says so and they try again."""

    refused = None

    def form_invalid(self, form) -> HttpResponse:
        self.refused = form
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self.refused is not None:
            context["form"] = self.refused  # with its error (not a new one, checked again)
        return context


fresh_key = FreshKeyView.as_view()


class PasskeyLoginView(LoginWebAuthnView):
    form_class = PasskeyLoginForm  # a failure audited


_passkey_login = PasskeyLoginView.as_view()


@login_not_required
def passkey_login(request: HttpRequest) -> HttpResponse:
    """Signing in with a passkey alone (allauth's, throttled by allauth per
    address): a failure is audited (forms.py), and so is the first refusal of a
    minute, once, as a lock-out; the refusal says when to come back."""
    response = _passkey_login(request)
    if response.status_code == 429:
        response["Retry-After"] = str(PASSKEY_WINDOW_SECONDS)
        if cache.add(f"signin:passkey-locked:{client_address(request)}", 1, PASSKEY_WINDOW_SECONDS):
            audit.locked_out(request, "", kind="passkey")
    return response


def setup(request: HttpRequest) -> HttpResponse:
    """Set up a second factor: where a member of staff without one is taken."""
    return render(request, "signin/setup.html", {"has_factor": has_factor(request)})


def security(request: HttpRequest) -> HttpResponse:
    """Your sign-in: the factors, and the sessions with "Sign out everywhere else"."""
    if request.method == "POST" and request.POST.get("end") == "others":
        ended = sessions.end(request.user, keep=request.session.session_key)
        audit.record("signin.sessions_ended", about=request.user, request=request, sessions=ended, which="others")
        messages.success(request, _("You are signed out everywhere else."))
        return redirect("signin:security")
    factors = Authenticator.objects.filter(user=request.user).order_by("created_at")
    return render(request, "signin/security.html", {"factors": factors, "sessions": sessions.of(request.user, current=request.session.session_key)})


@require_http_methods(["GET", "POST"])
def remove_key(request: HttpRequest, pk: int) -> HttpResponse:
    """allauth's "remove a key", never the last second factor while one is required."""
    key = Authenticator.objects.filter(pk=pk, user=request.user, type=Authenticator.Type.WEBAUTHN).first()
    if key is None:
        raise Http404(_("No such key."))
    if not mfa_adapter().can_delete_authenticator(key):
        messages.error(request, mfa_adapter().error_messages["cannot_delete_authenticator"])
        return redirect("mfa_list_webauthn")
    return remove_webauthn(request, pk=pk)


def fresh_sso(request: HttpRequest) -> HttpResponse:
    """The fresh check for someone whose company's sign-in gave their second factor: sign in there again."""
    next_url = request.GET.get("next", "")
    provider = social_adapter().get_provider(request, "sso") if sso.idp_factor_at(request) is not None else None
    if provider is None:
        raise Http404(_("Single sign-on is not set up here."))
    return render(request, "signin/fresh_sso.html", {"provider": provider, "next": next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"})


def resume(request: HttpRequest, key: str) -> HttpResponse:
    """After the fresh check: what was posted, sent on with one button."""
    kept = fresh.resume(request, key)
    if kept is None:
        messages.info(request, _("There was nothing left to send: open the page again."))
        return redirect(reverse("home"))
    fields = [(name, value) for name, values in kept["data"].items() for value in values]
    return render(request, "signin/resume.html", {"action": kept["path"], "fields": fields})
