"""Shops, for pickers. Leat's shop list is not paginated."""

from __future__ import annotations

from .errors import BadResponse
from .models import Shop
from .resource import Resource, segment


class Shops(Resource):
    def list(self) -> list[Shop]:
        data = self.client.data("GET", "shops")
        if not isinstance(data, list):
            raise BadResponse("Leat sent no shop list.")
        return [Shop.from_api(item) for item in data]

    def get(self, uuid: str) -> Shop:
        return Shop.from_api(self.client.data("GET", f"shops/{segment(uuid)}"))
