"""The browser's request timeout, from the same setting as Leat calls' deadline."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def browser_timeout_ms() -> int:
    return int(settings.REQUEST_DEADLINE_SECONDS * 1000)
