"""The sign-in forms: allauth's, throttled (throttle.py) and audited (audit.py)."""

from __future__ import annotations

from allauth.account.forms import LoginForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, AuthenticateWebAuthnForm, ReauthenticateWebAuthnForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from . import audit
from .throttle import Attempts


class StaffLoginForm(LoginForm):
    """allauth's log-in form, throttled. Its field is posted as `username`, as
    it always was, so scripts, password managers and tests keep working."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""  # no "Forgot your password?": an administrator sets a new one

    def add_prefix(self, field_name: str) -> str:
        return "username" if field_name == "login" else super().add_prefix(field_name)

    def clean(self):
        username = self.data.get("username", "")
        attempts = Attempts(self.request, username)
        attempts.start()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if attempts.failed():
                audit.locked_out(self.request, username, kind="password")
            raise
        user = getattr(self, "user", None)
        if user is None:
            return cleaned  # a field was left empty: nothing was checked
        if not settings.LOCAL_PASSWORDS and not user.is_superuser:
            attempts.succeeded()  # the right password is not a guess, but it does not sign in here
            audit.failed(self.request, username, user=user, reason="passwords switched off")
            raise forms.ValidationError(gettext_lazy("Passwords are switched off here: sign in with your company account."), code="sso_only")
        attempts.succeeded()
        return cleaned


class KeyNameForm(AddWebAuthnForm):
    """Adding a passkey or security key: allauth's form, its name field in words."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = gettext_lazy("Name of the key")
        self.fields["name"].help_text = gettext_lazy("So you know it again in the list, e.g. “Work laptop” or “Phone”.")


class _ThrottledFactor:
    """A code or a key is counted like a password, per staff member and address (kind "code")."""

    field = "code"

    def _throttled(self, check):
        username = self.user.get_username() if self.user is not None else ""
        attempts = Attempts(context.request, username, kind="code")
        attempts.start()
        try:
            value = check()
        except forms.ValidationError:
            if attempts.failed():
                audit.locked_out(context.request, username, kind="code", user=self.user)
            raise
        attempts.succeeded()
        return value


class CodeForm(_ThrottledFactor, AuthenticateForm):
    """The code asked for after the password (an authenticator app's, or a recovery code)."""

    def clean_code(self) -> str:
        return self._throttled(super().clean_code)


class FreshCodeForm(_ThrottledFactor, ReauthenticateForm):
    """The code asked for again before a dangerous thing (the fresh check)."""

    def clean_code(self) -> str:
        return self._throttled(super().clean_code)


class KeyForm(_ThrottledFactor, AuthenticateWebAuthnForm):
    def clean_credential(self):
        return self._throttled(super().clean_credential)


class FreshKeyForm(_ThrottledFactor, ReauthenticateWebAuthnForm):
    def clean_credential(self):
        return self._throttled(super().clean_credential)
