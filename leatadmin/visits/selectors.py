from __future__ import annotations

from leatadmin.core.leat import leat
from leatadmin.leat.models import Page, Visit


def visit_list(*, page: int, per_page: int, contact_uuid: str | None = None) -> Page[Visit]:
    return leat().visits.list(page=page, limit=per_page, contact_uuid=contact_uuid)


def visit_get(*, uuid: str) -> Visit:
    return leat().visits.get(uuid)


def visit_values(visit: Visit) -> dict:
    """A visit's editable values, to compare with what a form says."""
    return {"external_id": visit.external_id, "source": visit.source, "starts_at": visit.starts_at, "ends_at": visit.ends_at}
