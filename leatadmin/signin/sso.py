"""Single sign-on (OpenID Connect): what the company's identity provider says
about a staff member, and what leatadmin makes of it.

- The role follows the company's groups (the claim OIDC_GROUPS_CLAIM, mapped by
  SSO_GROUP_ROLES), read at every sign-in: someone moved out of a group loses
  its role at their next sign-in. Only the roles the mapping gives are managed;
  a role no mapping names is left as an administrator set it.
- The identity provider's own second factor counts when its ID token says so:
  an `amr` value in OIDC_MFA_AMR (RFC 8176) or an `acr` in OIDC_MFA_ACR.
"""

from __future__ import annotations

import time

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib.auth.models import Group
from django.dispatch import receiver
from django.http import HttpRequest

IDP_FACTOR = "signin.idp_factor"  # session: {"user": pk, "at": time}
KEPT = "leatadmin_kept"  # a social login's state: what the session held before signing in again


def claims(sociallogin) -> dict:
    """The ID token's claims over the userinfo's (both kept by allauth's OpenID Connect provider)."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


def groups(said: dict) -> list[str]:
    value = said.get(settings.OIDC_GROUPS_CLAIM)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return []


def roles_for(said: dict) -> list[str]:
    """The leatadmin roles (group names) the company's groups give, that exist here."""
    wanted = {settings.SSO_GROUP_ROLES[name] for name in groups(said) if name in settings.SSO_GROUP_ROLES}
    return sorted(Group.objects.filter(name__in=wanted).values_list("name", flat=True))


def apply_roles(user, roles: list[str]) -> None:
    """Give `roles` and take away the other roles the mapping manages."""
    managed = set(settings.SSO_GROUP_ROLES.values())
    user.groups.remove(*Group.objects.filter(name__in=managed - set(roles)))
    user.groups.add(*Group.objects.filter(name__in=roles))


def did_second_factor(said: dict) -> bool:
    amr = said.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    acr = str(said.get("acr") or "")
    return bool(set(amr) & set(settings.OIDC_MFA_AMR)) or (bool(acr) and acr in settings.OIDC_MFA_ACR)


def idp_factor_at(request: HttpRequest) -> float | None:
    """When the identity provider last did its second factor for this session's staff member."""
    given = request.session.get(IDP_FACTOR) if hasattr(request, "session") else None
    if not given or not request.user.is_authenticated or given.get("user") != request.user.pk:
        return None
    return given.get("at")


@receiver(user_logged_in)
def _remember_idp_factor(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is None:
        return
    if did_second_factor(claims(sociallogin)):
        request.session[IDP_FACTOR] = {"user": user.pk, "at": time.time()}
    request.session.update(sociallogin.state.get(KEPT) or {})
