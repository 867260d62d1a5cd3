"""Write a local .env for the demo: debug on, the embedded sandbox, fresh keys."""

import secrets
from pathlib import Path

env = Path(__file__).resolve().parent.parent / ".env"
if env.exists():
    raise SystemExit(f"{env} exists; leaving it alone.")
env.write_text(
    "# Written by `make demo` for a local demo against the sandbox. Never commit this file.\n"
    "DEBUG=true\n"
    f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    "LEAT_API_URL=http://127.0.0.1:8001\n"
    f"LEAT_API_KEY=sandbox-{secrets.token_urlsafe(24)}\n"
)
env.chmod(0o600)
print(f"Wrote {env} with a new secret key and sandbox API key.")
