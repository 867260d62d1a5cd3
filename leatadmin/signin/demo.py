"""The demo's second factors: each demo member of staff gets an authenticator-app
secret derived from their username, so `make demo` signs in the same way every
time and `manage.py demo_totp <username>` prints the current code.

For the demo only: a derived secret is no secret. Real staff set up their own.
"""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt


def demo_secret(username: str) -> str:
    return base64.b32encode(hashlib.sha256(f"leatadmin-demo-totp:{username}".encode()).digest()[:20]).decode()


def give_demo_factor(user) -> None:
    """An authenticator app for a demo member of staff (replacing any factor they had)."""
    Authenticator.objects.filter(user=user).delete()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(demo_secret(user.get_username()))})


def totp_secret(user) -> str | None:
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(found.data["secret"]) if found is not None else None
