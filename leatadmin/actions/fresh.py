"""The fresh check, as a staff action sees it.

A dangerous action (`fresh_check = True` on a StaffAction, or its
`needs_fresh_check()`) asks for the second factor again when it was not given
in the last FRESH_CHECK_SECONDS. The check itself belongs to the sign-in app
(leatadmin/signin/fresh.py), which registers it here from its AppConfig.ready(),
so this layer imports no domain app. With nothing registered nothing is asked.
"""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest, HttpResponse, QueryDict


class Gate(Protocol):
    def require(self, request: HttpRequest) -> HttpResponse | None:
        """None when the second factor was given recently; else the answer
        that asks for it, keeping what was posted for `restore`."""

    def restore(self, request: HttpRequest) -> QueryDict | None:
        """What was posted before the check, once, on the form's page after it."""


_gate: Gate | None = None


def register(gate: Gate) -> None:
    global _gate
    _gate = gate


def require(request: HttpRequest) -> HttpResponse | None:
    return _gate.require(request) if _gate is not None else None


def restore(request: HttpRequest) -> QueryDict | None:
    return _gate.restore(request) if _gate is not None else None
