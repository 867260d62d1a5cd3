"""Reading contacts from Leat."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from leatadmin.audit.models import AuditEntry
from leatadmin.core.leat import leat
from leatadmin.directory.selectors import directory_card_holder, directory_contact
from leatadmin.directory.services import directory_forget
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, ContactSummary

from .models import RecentContact

# A contact found by the lookup is handed to the contact page's profile panel
# through the cache, so looking someone up costs one call, not two.
HANDOFF_SECONDS = 60


def _handoff_key(uuid: str) -> str:
    return f"contact-handoff:{uuid}"


def contact_hand_over(contact: Contact) -> None:
    """A service that just received the contact from Leat passes it on the same way."""
    cache.set(_handoff_key(contact.uuid), contact, HANDOFF_SECONDS)


def contact_handed_over(*, uuid: str) -> Contact | None:
    """The contact the lookup just received, if any (used once)."""
    key = _handoff_key(uuid)
    contact = cache.get(key)
    if contact is not None:
        cache.delete(key)
    return contact


def contact_get(*, uuid: str) -> Contact:
    """The contact, from the lookup's handoff if there is one, else from Leat."""
    contact = contact_handed_over(uuid=uuid)
    if contact is not None:
        return contact
    try:
        return leat().contacts.get(uuid)
    except errors.ContactNotFound:
        directory_forget(uuid=uuid)  # Leat no longer knows it: neither does the directory
        raise


def contact_pending_deletion(*, uuid: str) -> AuditEntry | None:
    """The deletion leatadmin asked Leat for, if any: Leat only schedules a
    removal, so for a few minutes the contact can still be found."""
    return AuditEntry.objects.filter(target_type=AuditEntry.Target.CONTACT, target_id=uuid, action__startswith="contact.delete_", succeeded=True).first()


def recent_contacts(*, user) -> list[RecentContact]:
    return list(RecentContact.objects.filter(user=user)[: RecentContact.KEEP])


def contact_resolve(*, reference: str) -> ContactSummary:
    """The contact a visit or booking form names: an email costs one lookup;
    an identifier is taken as it is (Leat refuses an unknown one with 55031)."""
    if "@" in reference:
        contact = leat().contacts.find_by_email(reference.strip().lower())
        return ContactSummary(uuid=contact.uuid, email=contact.email)
    return ContactSummary(uuid=reference.strip(), email="")


# --- Whose a blocked card was (the lookup) -----------------------------------------

#: The audited card writes that name the card (`target_label`) and its contact.
CARD_WRITES = ("card.block", "card.link")


@dataclass(frozen=True)
class CardOwner:
    uuid: str
    email: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.email})" if self.name and self.email else self.name or self.email


def blocked_card_owner(*, value: str, told: ContactSummary | None = None) -> CardOwner | None:
    """Whose a blocked (inactive) loyalty card is. Leat's `contact-identifiers/find`
    refuses a blocked card (60004) without naming its contact, so leatadmin asks
    what it knows itself: the directory (Leat's `default_contact_identifier`,
    a customer's only card is often the lost one), then its own audit log (a
    card blocked or linked through leatadmin). None when nobody is known, or
    the contact is gone."""
    if told is not None:
        row = directory_contact(uuid=told.uuid)
        return CardOwner(uuid=told.uuid, email=told.email or (row.email if row else ""), name=row.name if row else "")
    holder = directory_card_holder(value=value)
    if holder is not None:
        return CardOwner(uuid=holder.uuid, email=holder.email, name=holder.name)
    entry = AuditEntry.objects.filter(action__in=CARD_WRITES, succeeded=True, target_label=value).exclude(contact_uuid="").first()
    if entry is None:
        return None
    row = directory_contact(uuid=entry.contact_uuid)
    if row is not None:
        return CardOwner(uuid=row.uuid, email=row.email, name=row.name)
    try:
        contact = leat().contacts.get(entry.contact_uuid)
    except errors.ContactNotFound:
        return None  # deleted since: nobody to go to
    except errors.LeatError:
        return CardOwner(uuid=entry.contact_uuid)  # Leat is unavailable: the link is still worth giving
    return CardOwner(uuid=contact.uuid, email=contact.email, name=contact.name)


def contact_by_email(*, email: str) -> Contact:
    """The contact with this email, as Leat has it now."""
    return leat().contacts.find_by_email(email.strip().lower())


def contact_now(*, uuid: str) -> Contact:
    """The contact as Leat has it now (no handoff): to check what a write did."""
    return leat().contacts.get(uuid)
