"""Leat's shops, for pickers. The list changes rarely, so it is cached:
opening a visit or booking form costs no Leat call while the cache is warm."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import pgettext_lazy

from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Shop

CACHE_KEY = "leat-shops"
LAST_KNOWN_KEY = "leat-shops-last-known"
#: Leat's shop types in words (one Leat adds later shows as Leat writes it).
SHOP_TYPES = {
    "physical": pgettext_lazy("shop type", "physical"),
    "on_site": pgettext_lazy("shop type", "on site"),
    "web": pgettext_lazy("shop type", "web"),
}


def shop_type(value: str) -> str:
    return str(SHOP_TYPES.get(value, value.replace("_", " ")))


def shop_list() -> list[Shop]:
    """Leat's shops, by name. While Leat cannot be asked, the last list it
    gave stands in (shops change rarely), so a form keeps its shop picker."""
    shops = cache.get(CACHE_KEY)
    if shops is not None:
        return shops
    try:
        return _from_leat()
    except LeatError:
        shops = cache.get(LAST_KNOWN_KEY)
        if shops is None:
            raise
        return shops


def shop_refresh() -> list[Shop]:
    """Asked of Leat now (a failure is raised, not hidden by the last list)."""
    return _from_leat()


def _from_leat() -> list[Shop]:
    shops = sorted(leat().shops.list(), key=lambda shop: shop.name.lower())
    cache.set(CACHE_KEY, shops, settings.LEAT_SHOPS_CACHE_SECONDS)
    cache.set(LAST_KNOWN_KEY, shops, None)
    return shops


def shop_names() -> dict[str, str]:
    return {shop.uuid: shop.name for shop in shop_list()}


def shop_choices() -> list[tuple[str, str]]:
    return choices_of(shop_list())


def choices_of(shops: list[Shop]) -> list[tuple[str, str]]:
    return [(shop.uuid, f"{shop.name} ({shop_type(shop.type)})" if shop.type else shop.name) for shop in shops]


def cached_shop_name(uuid: str) -> str | None:
    """A shop's name from the last list Leat gave, without asking Leat (for histories)."""
    shops = cache.get(CACHE_KEY) or cache.get(LAST_KNOWN_KEY) or ()
    return next((shop.name for shop in shops if shop.uuid == uuid), None)
