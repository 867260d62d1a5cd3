"""Template filters for shops ({% load shop_words %})."""

from django import template

from leatadmin.core.templatetags.leat_format import NOTHING
from leatadmin.shops.selectors import shop_type as words

register = template.Library()


@register.filter
def shop_type(value: str | None) -> str:
    """Leat's type of a shop (physical, on_site, web) in words."""
    return words(value) if value else NOTHING
