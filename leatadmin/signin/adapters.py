"""How leatadmin tells allauth to behave (settings.ACCOUNT_ADAPTER, MFA_ADAPTER,
SOCIALACCOUNT_ADAPTER)."""

from __future__ import annotations

import ipaddress
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from leatadmin.core.addresses import client_address

from . import audit, fresh, sso

#: allauth's messages leatadmin does not show (signing in and out say enough by the page they lead to).
QUIET = ("account/messages/logged_in.txt", "account/messages/logged_out.txt")
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _invalid_login() -> str:
    # Django's own words (and translation), as the log-in always said.
    return AuthenticationForm.error_messages["invalid_login"] % {"username": get_user_model()._meta.get_field("username").verbose_name}


class AccountAdapter(DefaultAccountAdapter):
    def validation_error(self, code, *args):
        if code == "username_password_mismatch":
            return forms.ValidationError(_invalid_login(), code="invalid_login")
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request) -> bool:
        return False  # staff are made by an administrator, or by single sign-on (SocialAccountAdapter)

    def get_client_ip(self, request) -> str:
        """The address as the log-in throttle sees it (core.addresses: TRUSTED_PROXY_HOPS)."""
        address = client_address(request)
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            return "0.0.0.0"  # no address (an internal request): never refused for it

    def get_login_stages(self) -> list[str]:
        # The second factor's stage, which lets an identity provider's own second factor count.
        return [("leatadmin.signin.stages.SecondFactorStage" if path == "allauth.mfa.stages.AuthenticateStage" else path) for path in super().get_login_stages()]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up or changing one's own factors right after signing in (any step within
        FRESH_CHECK_SECONDS) needs no second check: a new member of staff sets up their
        first factor straight after their password."""
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            steps = get_authentication_records(request, request.user)
            if any(time.time() - step["at"] < settings.FRESH_CHECK_SECONDS for step in steps):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """The second factor first; the password only for someone who has none."""
        methods = super().get_reauthentication_methods(user)
        factors = [method for method in methods if method["id"].startswith("mfa_")]
        return factors or methods

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None) -> None:
        if message_template in QUIET:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy("This is your last second factor. Add another one (an authenticator app or a key) before you remove it."),
    }

    def get_totp_label(self, user) -> str:
        return user.get_username()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Never the last second factor while one is required."""
        if not settings.MFA_REQUIRED or authenticator.type not in SECOND_FACTORS:
            return True
        return Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS).exclude(pk=authenticator.pk).exists()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True  # a member of staff the company's groups give a role (pre_social_login)

    def pre_social_login(self, request, sociallogin) -> None:
        said = sso.claims(sociallogin)
        roles = sso.roles_for(said)
        user = sociallogin.user if sociallogin.is_existing else None
        if not roles:
            audit.record("signin.refused", about=user, request=request, succeeded=False, username=str(said.get("preferred_username") or said.get("email") or said.get("sub") or ""), groups=sso.groups(said)[:20])
            raise ImmediateHttpResponse(render(request, "signin/no_role.html", status=403))
        sociallogin.state["leatadmin_roles"] = roles
        if user is not None and request.user.is_authenticated and request.user.pk == user.pk:
            # Signing in again (the fresh check): allauth starts a new session; what waits in this one goes along (sso.py).
            sociallogin.state[sso.KEPT] = {key: request.session[key] for key in (fresh.STASH,) if key in request.session}
        if user is not None:
            sso.apply_roles(user, roles)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        sso.apply_roles(user, sociallogin.state.get("leatadmin_roles") or sso.roles_for(sso.claims(sociallogin)))
        return user
