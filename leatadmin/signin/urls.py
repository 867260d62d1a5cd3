"""allauth's pages under accounts/, with leatadmin's changes first (the first
match wins): the log-in is leatadmin's own /login/; the code pages answer 429
when locked out (a key refused at the fresh check
says so on its page); a failed passkey log-in is audited; a key is never removed while it is the last factor; single
sign-on's return checks the ID token's signature; and what leatadmin does not
offer is not there: signing up, email addresses, password reset by email,
connecting other accounts."""

from __future__ import annotations

from allauth.mfa.base import views as mfa_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import oidc, views
from .throttle import answers_429_when_locked_out

NOT_OFFERED = ["signup/", "email/", "confirm-email/", "password/set/", "password/reset/", "login/code/", "3rdparty/", "2fa/webauthn/signup/", "social/"]


@login_not_required
def not_offered(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)), name="account_login"),
    path("2fa/authenticate/", answers_429_when_locked_out(mfa_views.authenticate), name="mfa_authenticate"),
    path("2fa/reauthenticate/", answers_429_when_locked_out(mfa_views.reauthenticate), name="mfa_reauthenticate"),
    path("2fa/webauthn/reauthenticate/", answers_429_when_locked_out(views.fresh_key), name="mfa_reauthenticate_webauthn"),
    path("2fa/webauthn/keys/<int:pk>/remove/", views.remove_key, name="mfa_remove_webauthn"),
    path("2fa/webauthn/login/", views.passkey_login, name="mfa_login_webauthn"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path("sessions/", RedirectView.as_view(pattern_name="signin:security"), name="usersessions_list"),
    *[re_path(f"^{prefix}", not_offered) for prefix in NOT_OFFERED],
    path("", include("allauth.urls")),
]
