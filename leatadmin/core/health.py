"""What /healthz asks of Leat (the view reads it here, never through the client itself)."""

from __future__ import annotations

from .leat import leat


def leat_health(*, timeout: float) -> str:
    """Whether Leat answers, in one word (LeatClient.health)."""
    return leat().health(timeout=timeout)
