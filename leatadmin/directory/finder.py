"""One search box that takes anything a customer gives.

* an exact email: Leat's find-one-by (as the lookup always did);
* a UUID: Leat's contact;
* a loyalty card number: Leat's `contact-identifiers/find` (an unlinked or
  inactive card says so; for an inactive one the lookup says whose it was);
* anything else (part of a name, a phone number in any notation, a postcode,
  a city, part of an email): the contact directory, ranked, a page at a time.

Quotes around what was typed are dropped (`"de vries"`), and a UUID is asked
for in lower case, as Leat writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from leatadmin.core.leat import leat
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, ContactIdentifier, ContactSummary

from .folding import unquote
from .models import DirectoryContact
from .selectors import MAX_PAGES, RESULTS, directory_page, directory_search, exact_hit
from .services import directory_forget

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# A card number is one word with a digit in it ("CARD-100000", "ABCDE12356-90"); a dot
# makes it more likely part of an email ("anna.devries12"), which Leat need not be asked about.
CARD_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9_~-]{4,128}$")


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
    card_inactive: bool = False
    card_contact: ContactSummary | None = None  # whose the inactive card is, if Leat said so
    leat_problem: str = ""
    page: int = 1
    has_more: bool = False  # more results follow this page

    @property
    def target(self) -> str:
        return self.contact.uuid if self.contact else self.uuid

    @property
    def paged(self) -> bool:
        return self.has_more or self.page > 1

    @property
    def next_page(self) -> int | None:
        """The page after this one, if there is one to show (past MAX_PAGES staff narrow the search down)."""
        return self.page + 1 if self.has_more and self.page < MAX_PAGES else None

    @property
    def first(self) -> int:
        """The position of this page's first result (1 on the first page)."""
        return (self.page - 1) * RESULTS + 1

    @property
    def last(self) -> int:
        return (self.page - 1) * RESULTS + len(self.results)


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _inactive(found: Found, contact: ContactSummary | None = None) -> Found:
    found.card_problem = _("This loyalty card is inactive.")
    found.card_inactive, found.card_contact = True, contact
    return found


def contact_find(*, query: str, page: int = 1) -> Found:
    query = unquote(query)
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
        found.query = query = query.lower()  # Leat's UUIDs are lower case; a pasted one may not be
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
        except errors.IdentifierInactive:
            return _inactive(found)  # Leat refuses a blocked card (60004) without saying whose it is
        except errors.LeatError as error:
            found.leat_problem = _("Leat could not be asked about loyalty cards: %(message)s") % {"message": error.message}
        else:
            found.card = card
            if not card.active:  # should Leat answer a blocked card instead of refusing it
                return _inactive(found, card.contact)
            if card.contact is None:
                found.card_problem = _("This loyalty card exists but is not linked to a contact yet.")
            else:
                found.uuid = card.contact.uuid
            return found
    found.page = min(max(page, 1), MAX_PAGES)
    found.results, found.has_more = directory_page(query=query, page=found.page)
    if found.page > 1 and not found.results:  # past the last page (the directory changed meanwhile): the first
        found.page = 1
        found.results, found.has_more = directory_page(query=query)
    hit = exact_hit(found.results) if found.page == 1 else None
    if hit is not None:
        found.uuid = hit.uuid
    found.not_found = not found.results
    return found
