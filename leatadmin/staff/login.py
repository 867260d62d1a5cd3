"""Logging in, throttled against guessing.

After LOGIN_FAILURES_ALLOWED failed attempts for one username from one
address (or five times that from one address, whatever the username),
further attempts are refused without checking the password until
LOGIN_LOCKOUT_SECONDS have passed since the last failure.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache


def _key(*parts: str) -> str:
    return "login-failures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


class ThrottledAuthenticationForm(AuthenticationForm):
    def _keys(self) -> list[tuple[str, int]]:
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        username = (self.data.get("username") or "").strip().lower()
        allowed = settings.LOGIN_FAILURES_ALLOWED
        return [(_key(address, username), allowed), (_key(address), allowed * 5)]

    def clean(self):
        for key, allowed in self._keys():
            if cache.get(key, 0) >= allowed:
                minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
                raise forms.ValidationError(f"Too many failed log-in attempts. Try again in {minutes} minutes.", code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            for key, _ in self._keys():
                cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
                cache.touch(key, settings.LOGIN_LOCKOUT_SECONDS)
            raise

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        cache.delete(self._keys()[0][0])


class StaffLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True
