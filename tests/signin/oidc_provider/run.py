"""Start the test OpenID Connect provider: python -m tests.signin.oidc_provider.run PORT DIRECTORY CLIENT_ID SECRET REDIRECT_URI

Makes an RSA key and a database in DIRECTORY, registers leatadmin as a client
(no consent screen), then serves on 127.0.0.1:PORT, printing READY once up."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    port, directory, client_id, secret, redirect_uri = sys.argv[1:6]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_PROVIDER_KEY"] = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    os.environ["OIDC_PROVIDER_DB"] = str(Path(directory) / "provider.sqlite3")
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.signin.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="leatadmin", client_id=client_id, client_secret=secret, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris=redirect_uri, algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
    )
    from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run

    print("READY", flush=True)
    run("127.0.0.1", int(port), get_internal_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
