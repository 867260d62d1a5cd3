"""Print the current authenticator-app code of a demo member of staff (make demo)."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from leatadmin.signin.demo import totp_secret

PERIOD = 30  # allauth's MFA_TOTP_PERIOD default, which leatadmin keeps


class Command(BaseCommand):
    help = "Print the current six-digit code of a demo staff member's authenticator app (for the demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if urlsplit(settings.LEAT_API_URL).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise CommandError("demo_totp is for the demo only (a sandbox Leat on this machine), never next to the real Leat.")
        user = get_user_model().objects.filter(username=username).first()
        secret = totp_secret(user) if user is not None else None
        if secret is None:
            raise CommandError(f"{username} has no authenticator app: run `manage.py create_demo_staff` first.")
        now = time.time()
        self.stdout.write(format_hotp_value(hotp_value(secret, int(now) // PERIOD)))
        self.stderr.write(f"(valid for {PERIOD - int(now) % PERIOD} more seconds)")
