"""Visits: list (paged by Leat), show, create, update."""

from __future__ import annotations

from typing import Any

from .errors import InvalidInput, VisitNotFound
from .models import Page, Visit
from .resource import Resource, body, segment

MAX_LIMIT = 500
CREATE_FIELDS = frozenset({"shop_uuid", "contact_uuid", "external_id", "source", "starts_at", "ends_at"})
# Leat does not let shop or contact change after creation.
UPDATE_FIELDS = CREATE_FIELDS - {"shop_uuid", "contact_uuid"}


class Visits(Resource):
    def list(self, *, page: int = 1, limit: int = 30, contact_uuid: str | None = None) -> Page[Visit]:
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {"page": max(1, int(page)), "limit": limit, "contact_uuid": contact_uuid}
        return Page.from_api(
            self.client.request("GET", "visits", params=params), Visit.from_api, requested_page=page, requested_limit=limit
        )

    def get(self, uuid: str) -> Visit:
        try:
            return Visit.from_api(self.client.data("GET", f"visits/{segment(uuid)}"))
        except InvalidInput as error:
            # Leat says "no such visit" as a 1003 about the `uuid` it was given.
            # Its words for staff are in core (leat_words), not here: no Django in this package.
            if "uuid" in error.field_errors:
                raise VisitNotFound(status=error.status, code=error.code, body=error.body) from None
            raise

    def create(self, *, shop_uuid: str, contact_uuid: str, **fields: Any) -> Visit:
        payload = body({"shop_uuid": shop_uuid, "contact_uuid": contact_uuid, **fields}, CREATE_FIELDS)
        return Visit.from_api(self.client.data("POST", "visits", json=payload))

    def update(self, uuid: str, **fields: Any) -> Visit:
        return Visit.from_api(self.client.data("PUT", f"visits/{segment(uuid)}", json=body(fields, UPDATE_FIELDS)))
