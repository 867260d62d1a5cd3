"""What the tests need of the sign-in: staff with an authenticator app (as
MFA_REQUIRED asks), their current code, and a test client's session marked as
signed in with that factor (as allauth's log-in records it) at a given time."""

from __future__ import annotations

import time

import pyotp
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt

#: allauth's key for whose the records are (allauth.account.internal.flows.login).
RECORDS_USER = "account_authentication_methods_user"


def give_factor(user) -> Authenticator:
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(pyotp.random_base32())})


def code_for(user, *, at: float | None = None) -> str:
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    return pyotp.TOTP(secret).at(at if at is not None else time.time())


def signed_in(client, user, *, seconds_ago: float = 0) -> None:
    """The client's session as allauth leaves it after a password and a code, `seconds_ago`."""
    at = time.time() - seconds_ago
    session = client.session
    factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    steps = [{"method": "password", "at": at, "username": user.get_username()}]
    if factor is not None:
        steps.append({"method": "mfa", "at": at, "id": factor.pk, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = steps
    session[RECORDS_USER] = str(user.pk)
    session.save()
