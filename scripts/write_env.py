"""Write a local .env for the demo: debug on, fresh keys.

    scripts/write_env.py            # write .env (never over an existing one)
    scripts/write_env.py --upgrade  # bring a .env this script wrote before up to date

No URL is written: the app finds the sandbox at SANDBOX_ADDR and itself at
APP_ADDR (leatadmin/settings.py). A .env written before that pinned
LEAT_API_URL to the default sandbox, so the demo on other ports (SANDBOX_ADDR
alone) still called port 8001: `--upgrade` (scripts/demo.sh runs it) drops
that one generated line, and leaves anything else, a real Leat's URL
included, as it is. LEATADMIN_ENV_FILE names another file than .env.
"""

import os
import secrets
import sys
from pathlib import Path

HEADER = "# Written by `make demo`"
#: The line this script used to write: the sandbox's default address, nothing anyone chose.
PINNED = "LEAT_API_URL=http://127.0.0.1:8001"

env = Path(os.environ.get("LEATADMIN_ENV_FILE") or Path(__file__).resolve().parent.parent / ".env")

if "--upgrade" in sys.argv[1:]:
    if env.is_file():
        lines = env.read_text().splitlines(keepends=True)
        if lines and lines[0].startswith(HEADER) and any(line.strip() == PINNED for line in lines):
            env.write_text("".join(line for line in lines if line.strip() != PINNED))
            print(f"{env}: removed {PINNED}; the demo's sandbox URL now follows SANDBOX_ADDR.")
    raise SystemExit(0)

if env.exists():
    raise SystemExit(f"{env} exists; leaving it alone.")
env.write_text(
    f"{HEADER} for a local demo against the sandbox. Never commit this file.\n"
    "DEBUG=true\n"
    f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    f"LEAT_API_KEY=sandbox-{secrets.token_urlsafe(24)}\n"
)
env.chmod(0o600)
print(f"Wrote {env} with a new secret key and sandbox API key.")
