from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from leatadmin.core.dates import within_days
from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Page, Visit

from .models import VisitRecord

#: The shop filter's choice for visits whose shop nobody told leatadmin.
UNKNOWN_SHOP = "unknown"


def visit_search(
    *, contact_uuid: str | None = None, shop_uuid: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None, shops: frozenset[str] | None = None
) -> QuerySet[VisitRecord]:
    """The index's visits, newest start first (models.NEWEST_START), filtered
    by contact, by shop (or "shop unknown") and by the days they start on;
    only at `shops` for a staff member limited to them (staff/scoping.py)."""
    visits = VisitRecord.objects.filter(synced_at__isnull=False)
    if shops is not None:
        visits = visits.filter(shop_uuid__in=shops)
    if contact_uuid:
        visits = visits.filter(contact_uuid=contact_uuid)
    if shop_uuid == UNKNOWN_SHOP:
        visits = visits.filter(shop_uuid="")
    elif shop_uuid:
        visits = visits.filter(shop_uuid=shop_uuid)
    return within_days(visits, "starts_at", date_from, date_to)


def visit_shop_choices() -> list[tuple[str, str]]:
    """The shops the index knows visits at (no Leat call for a filter)."""
    rows = VisitRecord.objects.exclude(shop_uuid="").values_list("shop_uuid", "shop_name").distinct().order_by("shop_name", "shop_uuid")
    return list({uuid: name or uuid for uuid, name in rows}.items())


def visit_index_size(*, contact_uuid: str | None = None) -> int:
    visits = VisitRecord.objects.filter(synced_at__isnull=False)
    return (visits.filter(contact_uuid=contact_uuid) if contact_uuid else visits).count()


def visit_get(*, uuid: str) -> Visit:
    return leat().visits.get(uuid)


def visit_find(*, contact_uuid: str, external_id: str) -> Visit | None:
    """A contact's visit by its external id, among its newest (Leat cannot
    filter visits by external id; a lost create is looked for within minutes)."""
    try:
        page = leat().visits.list(contact_uuid=contact_uuid, limit=100)
    except LeatError:
        return None
    return next((visit for visit in page.items if visit.external_id == external_id), None)


def visit_values(visit: Visit) -> dict:
    """A visit's editable values, to compare with what a form says."""
    return {"external_id": visit.external_id, "source": visit.source, "starts_at": visit.starts_at, "ends_at": visit.ends_at}


@dataclass(frozen=True)
class KnownShop:
    """Where a visit was, as far as leatadmin knows: Leat's word if it gave
    one, else what leatadmin remembered when it made the visit, else nothing."""

    uuid: str = ""
    name: str = ""

    @property
    def known(self) -> bool:
        return bool(self.uuid or self.name)


def visit_shops(visits: list[Visit]) -> dict[str, KnownShop]:
    """The known shop of each visit, in one query for a whole page."""
    remembered = {row.uuid: row for row in VisitRecord.objects.filter(uuid__in=[visit.uuid for visit in visits if not visit.shop]).exclude(shop_uuid="")}
    shops = {}
    for visit in visits:
        if visit.shop:
            shops[visit.uuid] = KnownShop(visit.shop.uuid, visit.shop.name)
        elif visit.uuid in remembered:
            row = remembered[visit.uuid]
            shops[visit.uuid] = KnownShop(row.shop_uuid, row.shop_name or row.shop_uuid)
        else:
            shops[visit.uuid] = KnownShop()
    return shops


def contact_visits(*, uuid: str, page: int, per_page: int) -> Page[Visit]:
    return leat().visits.list(contact_uuid=uuid, page=page, limit=per_page)
