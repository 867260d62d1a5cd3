"""The address a request really comes from.

Behind a proxy, REMOTE_ADDR is the proxy's address for everyone. Each proxy
appends the address it received the request from to X-Forwarded-For, so with
TRUSTED_PROXY_HOPS proxies in front of the app the client is that many entries
from the right; entries further left were sent by the client and prove nothing.
With no trusted hops (the default), the header is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    hops = settings.TRUSTED_PROXY_HOPS
    direct = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return direct
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return direct  # did not come through every trusted proxy
    return forwarded[-hops]
