"""Settings that would lock staff out, said at start-up (manage.py check)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register()
def sign_in_possible(app_configs, **kwargs):
    found = []
    if not settings.LOCAL_PASSWORDS and not settings.OIDC_ISSUER_URL:
        found.append(Warning("LOCAL_PASSWORDS is off and single sign-on is not set up (OIDC_ISSUER_URL): only superusers can sign in.", id="signin.W001"))
    if settings.OIDC_ISSUER_URL and not settings.SSO_GROUP_ROLES:
        found.append(Warning("Single sign-on is set up but SSO_GROUP_ROLES maps no group to a role: nobody gets in through it.", id="signin.W002"))
    return found
