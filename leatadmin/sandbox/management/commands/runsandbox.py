"""Serve the sandbox Leat API: `python manage.py runsandbox [ADDR:PORT]` (default SANDBOX_ADDR)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leatadmin.sandbox.db import Store
from leatadmin.sandbox.faults import Faults
from leatadmin.sandbox.http import Sandbox


class Command(BaseCommand):
    help = "Serve the sandbox Leat API over HTTP (default SANDBOX_ADDR, 127.0.0.1:8001)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=settings.SANDBOX_ADDR)
        parser.add_argument("--db", default=None, help="SQLite file (default: SANDBOX_DB).")
        parser.add_argument(
            "--deletion-delay", type=float, default=None,
            help="Seconds a deleted contact stays findable (default: SANDBOX_DELETION_DELAY_SECONDS or 120).",
        )
        faults = parser.add_argument_group("fault injection (also SANDBOX_* environment variables)")
        faults.add_argument("--latency-ms", type=float, help="Added latency per API request.")
        faults.add_argument("--error-rate", type=float, help="Share of API requests answered with HTTP 500 (0-1).")
        faults.add_argument("--drop-rate", type=float, help="Share of API requests whose connection is dropped (0-1).")
        faults.add_argument("--maintenance", action="store_true", default=None, help="Answer every API request with 503.")
        faults.add_argument("--rate-limited", action="store_true", default=None, help="Answer every API request with 429.")
        faults.add_argument("--retry-after", type=int, help="Seconds in Retry-After for 429 answers.")
        faults.add_argument("--rate-limit", type=int, help="Requests per minute before 429 (default 5000).")

    def handle(self, *args, addrport, db, deletion_delay, **options):
        host, _, port = addrport.rpartition(":")
        if not port.isdigit():
            raise CommandError("Give the address as ADDR:PORT or PORT.")
        api_key = settings.LEAT_API_KEY
        if not api_key:
            raise CommandError("Set LEAT_API_KEY: the sandbox accepts that key only (`make demo` writes one to .env).")
        store = Store(db or settings.SANDBOX_DB, deletion_delay=deletion_delay)
        faults = Faults.from_env()
        faults.update({name: value for name in ("latency_ms", "error_rate", "drop_rate", "maintenance", "rate_limited", "retry_after", "rate_limit") if (value := options.get(name)) is not None})
        sandbox = Sandbox(store, api_key, faults=faults, host=host or "127.0.0.1", port=int(port))
        self.stdout.write(
            f"Sandbox Leat API on {sandbox.url} (data: {store.path}; deleted contacts go after {store.deletion_delay:g} s). Faults: {_active(faults)}"
        )
        try:
            sandbox.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            sandbox.stop()


def _active(faults: Faults) -> str:
    defaults = Faults().as_dict()
    changed = {k: v for k, v in faults.as_dict().items() if v != defaults[k]}
    return ", ".join(f"{k}={v}" for k, v in changed.items()) or "none"
