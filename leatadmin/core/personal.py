"""A contact's personal data, and removing it from what leatadmin keeps.

After a GDPR deletion Leat forgets the person; leatadmin's audit log and
booking ledger must too, while still saying who did what and when. The
contact's UUID stays (it identifies nobody once Leat has deleted the
contact); their email, name, city, phone and the like are replaced.
"""

from __future__ import annotations

import re
from typing import Any

from leatadmin.leat.models import Contact

REMOVED = "(removed)"
#: What a label that named the person reads afterwards.
DELETED_CONTACT = "(deleted contact)"
#: Attribute and field names whose values are about the person.
PERSONAL_NAMES = frozenset(
    {
        "email",
        "contact_email",
        "name",
        "firstname",
        "lastname",
        "first_name",
        "last_name",
        "city",
        "phone",
        "phone_number",
        "phonenumber",
        "mobile",
        "telephone",
        "address",
        "street",
        "housenumber",
        "house_number",
        "zipcode",
        "postal_code",
        "postalcode",
        "birthdate",
        "gender",
        "contact_identifier_value",
    }
)


class PersonalData:
    """The values that identify one contact, and how to take them out of a value."""

    def __init__(self, contact: Contact) -> None:
        self.uuid = contact.uuid
        self.email = contact.email.strip().lower()
        values = {contact.email, contact.name, *(value for name, value in contact.current_values.items() if name in PERSONAL_NAMES and isinstance(value, (str, int)))}
        self.values = {str(value).strip().lower() for value in values if str(value).strip()}
        # Inside longer text (an error message, a reason typed by staff) each
        # value is replaced where it stands as a whole word ("Anna" but not "Annapolis").
        phrases = sorted((value for value in self.values if len(value) >= 3), key=len, reverse=True)
        self.pattern = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in phrases), re.IGNORECASE) if phrases else None

    def text(self, value: str) -> str:
        if value.strip().lower() in self.values:
            return REMOVED
        return self.pattern.sub(REMOVED, value) if self.pattern else value

    def label(self, value: str) -> str:
        cleaned = self.text(value)
        return DELETED_CONTACT if cleaned == REMOVED else cleaned

    def scrub(self, value: Any) -> Any:
        """`value` (text, or JSON: dicts and lists) without this person's data."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: (REMOVED if key in PERSONAL_NAMES and item not in (None, "") else self.scrub(item)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        return value
