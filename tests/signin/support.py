"""What the tests need of the sign-in: staff with an authenticator app (as
MFA_REQUIRED asks), their current code, and a test client's session marked as
signed in with that factor (as allauth's log-in records it) at a given time."""

from __future__ import annotations

import hashlib
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


def give_key(user, name: str = "Desk key", *, rp_id: str = "testserver"):
    """A security key registered for `user` as allauth keeps one (the browser's
    registration answer, "none" attestation); its private key, to sign with."""
    import base64
    import json
    import secrets

    from cryptography.hazmat.primitives.asymmetric import ec
    from fido2.cose import ES256
    from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    private = ec.generate_private_key(ec.SECP256R1())
    credential_id = secrets.token_bytes(32)
    attested = AttestedCredentialData.create(bytes(16), credential_id, ES256.from_cryptography_key(private.public_key()))
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, 0, attested)
    client_data = {"type": "webauthn.create", "challenge": b64(secrets.token_bytes(16)), "origin": f"http://{rp_id}"}
    registered = {
        "id": b64(credential_id), "rawId": b64(credential_id), "type": "public-key", "clientExtensionResults": {},
        "response": {"clientDataJSON": b64(json.dumps(client_data).encode()), "attestationObject": b64(bytes(AttestationObject.create("none", auth_data, {})))},
    }
    key = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": registered})
    return key, private, credential_id
