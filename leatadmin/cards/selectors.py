"""Reading a contact's loyalty cards (contact identifiers) from Leat."""

from __future__ import annotations

from leatadmin.core.leat import leat
from leatadmin.leat.models import ContactIdentifier


def card_list(*, contact_uuid: str) -> list[ContactIdentifier]:
    return leat().identifiers.for_contact(contact_uuid)


def card_find(*, value: str) -> ContactIdentifier:
    """Raises IdentifierNotFound, or IdentifierInactive for a blocked card."""
    return leat().identifiers.find(value)
