from urllib.parse import urlsplit

from django.conf import settings


def leat(request):
    """Which Leat this instance talks to (host only; never the key)."""
    host = urlsplit(settings.LEAT_API_URL).hostname or ""
    return {"leat_host": host, "leat_is_sandbox": host in {"127.0.0.1", "localhost", "::1"}}
