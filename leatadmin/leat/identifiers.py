"""Contact identifiers (loyalty cards), named by their value: a contact's
cards, creating one, finding one, linking one to a contact, renaming and
(de)activating."""

from __future__ import annotations

from typing import Any

from .models import ContactIdentifier
from .resource import Resource, items, segment


class ContactIdentifiers(Resource):
    def for_contact(self, contact_uuid: str) -> list[ContactIdentifier]:
        data = self.client.data("GET", f"contacts/{segment(contact_uuid)}/contact-identifiers")
        return items(data, ContactIdentifier.from_api, "contact identifier")

    def create(self, value: str, *, contact_uuid: str | None = None, name: str | None = None) -> ContactIdentifier:
        """A new card of this value, for a contact if given (else unlinked,
        to link later); without `name` Leat chooses one. A value another card
        has is `IdentifierAlreadyExists` (60006)."""
        payload = {"contact_identifier_value": value}
        if contact_uuid:
            payload["contact_uuid"] = contact_uuid
        if name:
            payload["contact_identifier_name"] = name
        return ContactIdentifier.from_api(self.client.data("POST", "contact-identifiers", json=payload))

    def find(self, value: str) -> ContactIdentifier:
        """Raises `IdentifierNotFound`, or `IdentifierInactive` for a blocked card."""
        return ContactIdentifier.from_api(self.client.data("GET", "contact-identifiers/find", params={"contact_identifier_value": value}))

    def link(self, value: str, *, contact_uuid: str) -> ContactIdentifier:
        payload = {"contact_identifier_value": value, "contact_uuid": contact_uuid}
        return ContactIdentifier.from_api(self.client.data("PUT", "contact-identifiers/link", json=payload))

    def update(self, value: str, *, name: str | None = None, active: bool | None = None) -> ContactIdentifier:
        """Only the name and the active state can change (the value cannot)."""
        if name is None and active is None:
            raise ValueError("Give a name or an active state.")
        payload: dict[str, Any] = {"contact_identifier_value": value}
        if name is not None:
            payload["contact_identifier_name"] = name
        if active is not None:
            payload["contact_identifier_active"] = bool(active)
        return ContactIdentifier.from_api(self.client.data("PUT", "contact-identifiers", json=payload))
