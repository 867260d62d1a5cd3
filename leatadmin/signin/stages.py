"""The second factor's step of signing in, as allauth's, except that a single
sign-on whose identity provider did its own second factor (sso.py) is not
asked for leatadmin's too."""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage

from . import sso


class SecondFactorStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and sso.did_second_factor(sso.claims(sociallogin)):
            return False
        return super()._should_handle(request)
