"""#24: `make demo` keeps a one-command demo: the demo staff have an authenticator
app already, `manage.py demo_totp <username>` prints its current code, and the
printed logins say so."""

from __future__ import annotations

import io
import re

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from leatadmin.signin.demo import demo_secret

pytestmark = pytest.mark.django_db


def test_the_demo_staff_sign_in_with_the_code_demo_totp_prints(client):
    printed = io.StringIO()
    call_command("create_demo_staff", stdout=printed)
    said = printed.getvalue()
    assert "demo_totp <username>" in said
    password = re.search(r"^\s+supervisor\s+(\S+)\s", said, re.MULTILINE).group(1)
    code = io.StringIO()
    call_command("demo_totp", "supervisor", stdout=code, stderr=io.StringIO())
    assert code.getvalue().strip() == pyotp.TOTP(demo_secret("supervisor")).now()
    client.post(reverse("login"), {"username": "supervisor", "password": password})
    assert client.post(reverse("mfa_authenticate"), {"code": code.getvalue().strip()}).status_code == 302
    assert client.get(reverse("audit:list")).status_code == 200


def test_demo_totp_is_for_the_demo_only(settings):
    call_command("create_demo_staff", stdout=io.StringIO())
    settings.LEAT_API_URL = "https://api.piggy.eu"
    with pytest.raises(CommandError, match="demo only"):
        call_command("demo_totp", "agent", stdout=io.StringIO())
