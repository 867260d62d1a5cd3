"""`{% contact_link uuid email %}` and `{% page_link "visit" uuid text %}`: see core/links.py."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from leatadmin.core import links

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def contact_link(context, uuid: str, email: str = "") -> SafeString:
    return links.contact_link(uuid or "", email or "", allowed=links.may_open(_user(context), "contact"))


@register.simple_tag(takes_context=True)
def page_link(context, kind: str, identifier: str, text: object) -> SafeString:
    return links.link(kind, identifier or "", text, allowed=links.may_open(_user(context), kind))
