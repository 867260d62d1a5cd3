from __future__ import annotations

from dataclasses import dataclass

from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Page, Visit

from .models import VisitShop


def visit_list(*, page: int, per_page: int, contact_uuid: str | None = None) -> Page[Visit]:
    return leat().visits.list(page=page, limit=per_page, contact_uuid=contact_uuid)


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
    remembered = {row.visit_uuid: row for row in VisitShop.objects.filter(visit_uuid__in=[visit.uuid for visit in visits if not visit.shop])}
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
