"""The provider's own pages: a log-in (username and password), the claims it
gives (groups, amr), and a control endpoint the tests use to set its users and
to make it misbehave (expired ID tokens, altered ID tokens)."""

from __future__ import annotations

import base64
import json

from django.contrib.auth import authenticate, login
from django.contrib.auth.models import User
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings

#: What each user's ID token says beyond the standard: {"username": {"groups": [...], "amr": [...]}}.
PROFILES: dict[str, dict] = {}
#: How the provider misbehaves, set by the tests: {"expired": bool, "tamper": bool}.
FAULTS = {"expired": False, "tamper": False}


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        profile = PROFILES.get(request.user.username, {})
        claims = {"preferred_username": request.user.username, "email": request.user.email, "name": request.user.get_full_name(), "groups": profile.get("groups", [])}
        if profile.get("amr"):
            claims["amr"] = profile["amr"]
        return claims


@csrf_exempt
def login_page(request):
    if request.method == "POST":
        user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
        if user is None:
            return HttpResponse("wrong", status=403)
        login(request, user)
        return HttpResponse(status=302, headers={"Location": request.GET.get("next", "/")})
    return HttpResponse('<form method="post"><input name="username"><input name="password" type="password"></form>')


@csrf_exempt
def control(request):
    """POST {"users": {...}, "faults": {...}}: the users (created or changed) and the faults."""
    said = json.loads(request.body or b"{}")
    for username, profile in said.get("users", {}).items():
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@company.example"})
        user.set_password("pw")
        user.save()
        PROFILES[username] = profile
    FAULTS.update(said.get("faults", {}))
    oauth2_settings.ID_TOKEN_EXPIRE_SECONDS = -3600 if FAULTS["expired"] else 36000
    return JsonResponse({"ok": True})


def _tampered(id_token: str) -> str:
    """The same token with its payload changed (a group added) and the signature left as it was."""
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["groups"] = [*claims.get("groups", []), "leatadmin-supervisors"]
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


class TamperingMiddleware:
    """With the "tamper" fault on, the token endpoint's ID token is altered on its way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if FAULTS["tamper"] and request.path.endswith("/token/") and response.status_code == 200:
            body = json.loads(response.content)
            if "id_token" in body:
                body["id_token"] = _tampered(body["id_token"])
                response.content = json.dumps(body).encode()
                response["Content-Length"] = str(len(response.content))
        return response
