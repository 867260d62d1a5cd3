"""Contact attribute definitions: the account's attributes, their types,
options, groups and read-only flags (`GET contact-attributes`)."""

from __future__ import annotations

from .errors import BadResponse
from .models import AttributeDefinition
from .resource import Resource


class ContactAttributes(Resource):
    def list(self) -> list[AttributeDefinition]:
        data = self.client.data("GET", "contact-attributes")
        if not isinstance(data, list):
            raise BadResponse("Leat sent no list of contact attributes.")
        return [AttributeDefinition.from_api(item) for item in data]
