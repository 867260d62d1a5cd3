"""One search box that takes anything a customer gives.

* an exact email: Leat's find-one-by (as the lookup always did);
* a UUID: Leat's contact;
* a loyalty card number: Leat's `contact-identifiers/find` (an unlinked or
  inactive card says so);
* anything else (part of a name, a phone number in any notation, a postcode,
  a city, part of an email): the contact directory, ranked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from leatadmin.core.leat import leat
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, ContactIdentifier

from .models import DirectoryContact
from .selectors import directory_search, exact_hit
from .services import directory_forget

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# A card number is one word with a digit in it ("CARD-100000", "ABCDE12356-90"); a dot
# makes it more likely part of an email ("anna.devries12"), which Leat need not be asked about.
CARD_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9_~-]{4,128}$")
INACTIVE_CARD = 60004


@dataclass
class Found:
    query: str
    contact: Contact | None = None  # Leat's contact: go to it
    uuid: str = ""  # a contact to go to (from a card or a single exact hit)
    results: list[DirectoryContact] = field(default_factory=list)
    not_found: bool = False
    is_email: bool = False
    card: ContactIdentifier | None = None
    card_problem: str = ""
    leat_problem: str = ""

    @property
    def target(self) -> str:
        return self.contact.uuid if self.contact else self.uuid


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def contact_find(*, query: str) -> Found:
    query = query.strip()
    found = Found(query=query)
    if "@" in query and _is_email(query.lower()):
        found.is_email, found.query = True, query.lower()
        try:
            found.contact = leat().contacts.find_by_email(query.lower())
        except errors.ContactNotFound:
            found.not_found = True
            found.results = [row for row in directory_search(query=query) if row.email != query.lower()]
        return found
    if UUID_RE.match(query):
        try:
            found.contact = leat().contacts.get(query)
        except errors.ContactNotFound:
            directory_forget(uuid=query)  # Leat no longer knows it
            found.not_found = True
        return found
    if CARD_RE.match(query):
        try:
            card = leat().identifiers.find(query)
        except errors.IdentifierNotFound:
            pass  # not a card: search on
        except errors.LeatError as error:
            if error.code == INACTIVE_CARD:
                found.card_problem = _("This loyalty card is inactive.")
                return found
            found.leat_problem = _("Leat could not be asked about loyalty cards: %(message)s") % {"message": error.message}
        else:
            found.card = card
            if card.contact is None:
                found.card_problem = _("This loyalty card exists but is not linked to a contact yet.")
            else:
                found.uuid = card.contact.uuid
            return found
    found.results = directory_search(query=query)
    hit = exact_hit(found.results)
    if hit is not None:
        found.uuid = hit.uuid
    found.not_found = not found.results
    return found
