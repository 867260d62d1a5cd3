"""Writing contacts to Leat. Every function records an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from leatadmin.audit.services import audit_pseudonymise_contact, audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.core.stored import fitted
from leatadmin.core.values import changed_values, without_empty
from leatadmin.directory.services import directory_forget
from leatadmin.leat import errors
from leatadmin.leat.models import Contact, ContactRef

from .models import RecentContact
from .signals import contact_deleted

CONTACT = "contact"


def contact_create(*, user: Any, email: str, referral_code: str = "", asynchronous: bool = False, names: dict[str, str] | None = None) -> Done[ContactRef]:
    """Create a contact; with `names` (its `firstname` and `lastname`), set them too.

    Leat creates a contact from its email alone and takes attributes only in
    an update, so the names are a second write, audited on its own. The
    contact exists once the first succeeds: if the second fails (or its
    answer is lost), the result is still CREATED, with that error as its
    `note`, so staff are told the name is missing rather than that nothing
    happened (and a form sent again would only meet "already exists").
    """
    sent = {"email": email, **({"referral_code": referral_code} if referral_code else {})}
    action = "contact.create_async" if asynchronous else "contact.create"
    with audited(user=user, action=action, target_type=CONTACT, target_label=email, sent=sent) as write:
        create = leat().contacts.create_async if asynchronous else leat().contacts.create
        ref = create(email, referral_code=referral_code or None)
        write.target_id, write.result_id, write.after = ref.uuid, ref.uuid, {"uuid": ref.uuid, "email": email}
    names = without_empty(names or {})
    if not names:
        return Done(Did.CREATED, ref)
    try:
        with audited(user=user, action="contact.update", target_type=CONTACT, target_id=ref.uuid, target_label=email, before=dict.fromkeys(names), sent=names) as write:
            updated = leat().contacts.update(ref.uuid, attributes=names)
            write.after = {name: updated.current_values.get(name) for name in names}
    except errors.LeatError as error:
        return Done(Did.CREATED, ref, ("email",), note=error)
    return Done(Did.CREATED, ref, ("email", *names))


def contact_find_or_create(*, user: Any, email: str) -> Done[Contact]:
    """Leat's find-or-create does not say which it did, so leatadmin looks
    first (a read) and only asks Leat to create when there is no such contact."""
    try:
        return Done(Did.FOUND, leat().contacts.find_by_email(email))
    except errors.ContactNotFound:
        pass
    with audited(user=user, action="contact.find_or_create", target_type=CONTACT, target_label=email, sent={"email": email}) as write:
        contact = leat().contacts.find_or_create(email)
        write.target_id, write.result_id, write.after = contact.uuid, contact.uuid, {"uuid": contact.uuid, "email": contact.email}
    return Done(Did.CREATED, contact)


def contact_create_anonymous(*, user: Any, identifier: str = "") -> Done[ContactRef]:
    sent = {"contact_identifier_value": identifier} if identifier else {}
    with audited(user=user, action="contact.create_anonymous", target_type=CONTACT, target_label=identifier or "(anonymous)", sent=sent) as write:
        ref = leat().contacts.create_anonymous(contact_identifier_value=identifier or None)
        write.target_id, write.result_id, write.after = ref.uuid, ref.uuid, {"uuid": ref.uuid, **sent}
    return Done(Did.CREATED, ref)


def contact_claim(*, user: Any, contact: Contact, email: str) -> Done[Contact]:
    """Give an anonymous contact a real email. If Leat merges it into an
    existing contact, the answer is that contact (a different uuid): the
    result's `note` is True then."""
    before = {"uuid": contact.uuid, "email": contact.email, "is_anonymous": True}
    with audited(user=user, action="contact.claim", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before=before, sent={"email": email}) as write:
        claimed = leat().contacts.claim_anonymous(contact.uuid, email=email)
        write.target_label = claimed.email
        write.after = {"uuid": claimed.uuid, "email": claimed.email, "is_anonymous": claimed.is_anonymous, "merged": claimed.uuid != contact.uuid}
    merged = claimed.uuid != contact.uuid
    if merged:
        RecentContact.objects.filter(contact_uuid=contact.uuid).delete()
    return Done(Did.CHANGED, claimed, ("email",), note=merged)


def contact_update_attributes(*, user: Any, contact: Contact, attributes: dict[str, Any]) -> Done[Contact]:
    """Send only the attributes that changed; nothing changed sends nothing."""
    changed = changed_values(contact.current_values, attributes)
    if not changed:
        return Done(Did.UNCHANGED, contact)
    before = {name: contact.current_values.get(name) for name in changed}
    with audited(user=user, action="contact.update", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before=before, sent=changed) as write:
        updated = leat().contacts.update(contact.uuid, attributes=changed)
        write.after = {name: updated.current_values.get(name) for name in changed}
    RecentContact.objects.filter(contact_uuid=contact.uuid).update(**fitted(RecentContact, {"name": updated.name}))
    return Done(Did.CHANGED, updated, tuple(changed))


def contact_delete(*, user: Any, contact: Contact, type: str) -> Done[Contact]:
    """Ask Leat to delete the contact; Leat only schedules the removal."""
    before = {"uuid": contact.uuid, "email": contact.email, "name": contact.name}
    with audited(user=user, action=f"contact.delete_{type.lower()}", target_type=CONTACT, target_id=contact.uuid, target_label=contact.email, before=before, sent={"type": type}) as write:
        leat().contacts.delete(contact.uuid, type=type)
        write.after = {"deletion": "scheduled", "type": type}
    RecentContact.objects.filter(contact_uuid=contact.uuid).delete()
    directory_forget(uuid=contact.uuid)  # the directory forgets at once, whichever the deletion type
    # GDPR: Leat forgets the person; leatadmin's records of them (this deletion's entry too) keep only who did what.
    forget_person = type == "GDPR"
    with transaction.atomic():
        if forget_person:
            audit_pseudonymise_contact(contact=contact)
        contact_deleted.send(sender=Contact, contact=contact, forget_person=forget_person)  # the visit index, the booking ledger
    return Done(Did.CHANGED, contact, ("deletion",))


def recent_contact_record(*, user: Any, contact: Contact) -> None:
    """Remember that this staff member opened this contact; keep only the last few."""
    # Leat's text, fitted to the columns (a long name or a NUL must not break the contact page).
    row = fitted(RecentContact, {"contact_uuid": contact.uuid, "email": contact.email, "name": contact.name})
    latest = RecentContact.objects.filter(user=user).first()
    if latest is not None and (latest.contact_uuid, latest.email, latest.name) == (row["contact_uuid"], row["email"], row["name"]):
        return  # already first in the list, unchanged: a reload or a page flip writes nothing
    with transaction.atomic():
        RecentContact.objects.update_or_create(user=user, contact_uuid=row.pop("contact_uuid"), defaults=row)
        stale = RecentContact.objects.filter(user=user).values_list("pk", flat=True)[RecentContact.KEEP :]
        RecentContact.objects.filter(pk__in=list(stale)).delete()

