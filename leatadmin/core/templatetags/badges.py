"""Status badges in templates: `<span class="badge {{ booking.status|meaning:'booking' }}">…</span>`."""

from __future__ import annotations

from django import template

from leatadmin.core import badges

register = template.Library()


@register.filter
def meaning(value: object, kind: str) -> str:
    return badges.meaning(kind, value)
