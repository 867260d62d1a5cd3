"""The demo's addresses as the app reads them (the environment, then .env), for scripts/demo.sh.

Prints APP_ADDR, SANDBOX_ADDR, LEAT_API_URL and LEAT_WEBHOOK_URL as shell
assignments. Refuses (exit 1, saying why) an address that is not HOST:PORT,
and a LEAT_API_URL set to anything but the sandbox the demo starts: the demo
writes demo bookings and webhook subscriptions through it, which must never
reach a real Leat account.
"""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "leatadmin.settings"

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

try:
    settings.APP_ADDR  # noqa: B018 - reads the settings
except ImproperlyConfigured as error:
    sys.exit(f"{error} (make demo writes a .env with DEBUG=true: scripts/write_env.py)")


def _checked(name: str) -> str:
    value = getattr(settings, name)
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        sys.exit(f"{name} is {value!r}: give it as HOST:PORT, for example 127.0.0.1:8100.")
    return value


app, sandbox = _checked("APP_ADDR"), _checked("SANDBOX_ADDR")
if app == sandbox:
    sys.exit(f"APP_ADDR and SANDBOX_ADDR are both {app}: give them different ports.")
if settings.LEAT_API_URL.rstrip("/") != f"http://{sandbox}":
    sys.exit(
        f"make demo starts the sandbox Leat at http://{sandbox}, but LEAT_API_URL is set to {settings.LEAT_API_URL}"
        " (in the environment or .env). The demo makes bookings and webhook subscriptions through it, so it only runs"
        " against its sandbox: remove LEAT_API_URL (it follows SANDBOX_ADDR), or, for a real Leat, start the app on its own"
        " (README, \"Pointing the app at the real Leat\")."
    )
for name in ("APP_ADDR", "SANDBOX_ADDR", "LEAT_API_URL", "LEAT_WEBHOOK_URL"):
    print(f"{name}={shlex.quote(getattr(settings, name))}")
