"""What the figures app does when another app tells it something (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from leatadmin.leat.models import Contact

from .mirror import mirror_forget_contact


def mirror_contact_deleted(sender: Any, *, contact: Contact, forget_person: bool, **kwargs: Any) -> None:
    """A contact was deleted (contacts.signals): their identifier leaves the mirror at once."""
    mirror_forget_contact(contact_uuid=contact.uuid)
