"""What the visits app does when another app tells it something (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from leatadmin.leat.models import Contact

from .index import visit_index_forget_contact


def visit_index_contact_deleted(sender: Any, *, contact: Contact, forget_person: bool, **kwargs: Any) -> None:
    """A contact was deleted (contacts.signals): their visits leave the index at
    once, whichever the deletion type (they hold the email)."""
    visit_index_forget_contact(contact_uuid=contact.uuid)
