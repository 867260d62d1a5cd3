"""Recording writes to Leat. Every service that writes to Leat goes through
`audited`, so a write without an audit entry cannot happen by accident."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_noop

from leatadmin.core import metrics
from leatadmin.core.personal import PersonalData
from leatadmin.core.stored import fitted
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Contact

from .models import SETTLED, AuditEntry


@dataclass
class Write:
    """Filled in by the service while the write runs."""

    target_id: str = ""
    target_label: str = ""
    contact_uuid: str = ""
    after: dict[str, Any] = field(default_factory=dict)
    #: The Leat record the write made (see AuditEntry.result_id).
    result_id: str = ""
    entry: AuditEntry | None = None


@contextmanager
def audited(
    *,
    user: Any,
    action: str,
    target_type: str,
    target_id: str = "",
    target_label: str = "",
    contact_uuid: str = "",
    before: dict[str, Any] | None = None,
    sent: dict[str, Any] | None = None,
    reason: str = "",
) -> Iterator[Write]:
    """Run one write to Leat and record it, whether it succeeds or fails.

    `contact_uuid` is the contact the write is about; it may be left out
    when the target is the contact, or the contact is sent to Leat. A
    LeatError leaves with its entry (`error.record`), so a lost answer can be
    settled against it."""
    write = Write(target_id=target_id, target_label=target_label, contact_uuid=contact_uuid)
    sent_at = timezone.now()
    error: BaseException | None = None
    try:
        yield write
    except BaseException as exc:
        error = exc
        raise
    finally:
        status = code = None
        message = ""
        if isinstance(error, LeatError):
            status, code, message = error.status, error.code, error.message
            if error.field_errors:
                message += " " + "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.field_errors.items())
        elif error is not None:
            message = f"leatadmin error before Leat answered: {type(error).__name__}"
        if error is None:
            outcome = AuditEntry.Outcome.SUCCEEDED
        elif getattr(error, "outcome_unknown", False):
            outcome = AuditEntry.Outcome.UNKNOWN
        else:
            outcome = AuditEntry.Outcome.FAILED
        # Every write to Leat passes here: its outcome counted for the operator (docs/operations.md).
        if error is None and action.endswith(SETTLED):  # a lost answer settled by a record of its own (bookings)
            metrics.write_ended(action.removesuffix(SETTLED), "settled")
        else:
            metrics.write_ended(action, "done" if error is None else "unknown" if outcome == AuditEntry.Outcome.UNKNOWN else "refused" if isinstance(error, LeatError) else "error")
        contact = write.contact_uuid or (write.target_id if target_type == AuditEntry.Target.CONTACT else "") or str((sent or {}).get("contact_uuid") or "")
        # Labels, values and messages come from Leat too: fitted, so the entry is always stored.
        write.entry = AuditEntry.objects.create(
            **fitted(
                AuditEntry,
                {
                    "user": user if getattr(user, "pk", None) else None,
                    "username": getattr(user, "username", "") or "(system)",
                    "action": action,
                    "target_type": target_type,
                    "target_id": write.target_id,
                    "target_label": write.target_label,
                    "contact_uuid": contact,
                    "reason": reason,
                    "before": before or {},
                    "after": write.after if error is None else {},
                    "sent": sent or {},
                    "sent_at": sent_at,
                    "result_id": write.result_id if error is None else "",
                    "succeeded": error is None,
                    "outcome": outcome,
                    "error_status": status,
                    "error_code": code,
                    "error_message": message,
                },
            )
        )
        if isinstance(error, LeatError):
            error.record = write.entry


def audit_settled(*, user: Any, entry: AuditEntry, result_id: str = "", after: dict[str, Any] | None = None) -> AuditEntry:
    """Record that a write whose answer was lost (`entry`, outcome unknown)
    was found in Leat: a new entry `<action>_settled` pointing at it (entries
    are never changed), holding the record it made."""
    metrics.write_ended(entry.action, "settled")
    return AuditEntry.objects.create(
        **fitted(
            AuditEntry,
            {
                "user": user if getattr(user, "pk", None) else None,
                "username": getattr(user, "username", "") or "(system)",
                "action": entry.action + SETTLED,
                "target_type": entry.target_type,
                "target_id": entry.target_id or result_id,
                "target_label": entry.target_label,
                "contact_uuid": entry.contact_uuid,
                "reason": gettext_noop("Leat's answer was lost; leatadmin checked Leat and found what the write did."),
                "sent": {"audit_entry": entry.pk},
                "after": after or {},
                "sent_at": timezone.now(),
                "result_id": result_id,
                "succeeded": True,
                "outcome": AuditEntry.Outcome.SUCCEEDED,
            },
        )
    )


def audit_pseudonymise_contact(*, contact: Contact) -> int:
    """After a GDPR deletion: take the contact's personal data out of every
    entry about them (labels, values before, sent and after, messages),
    keeping who did what, when, and the contact's UUID. Returns how many
    entries changed."""
    person = PersonalData(contact)
    about = Q(target_id=person.uuid) | Q(contact_uuid=person.uuid) | (Q(target_label__iexact=person.email) if person.email else Q(pk__in=[]))
    for column in ("sent", "before", "after"):
        # JSON as text: where the contact's UUID or email appears (a booking's
        # contact_uuid, a claimed email), on SQLite and PostgreSQL alike.
        about |= Q(**{f"{column}_text__contains": person.uuid})
        if person.email:  # an anonymous contact has none: "" would match every entry
            about |= Q(**{f"{column}_text__icontains": person.email})
    entries = AuditEntry.objects.annotate(**{f"{column}_text": Cast(column, TextField()) for column in ("sent", "before", "after")}).filter(about)
    changed = 0
    for entry in entries.only("pk", "target_label", "reason", "error_message", "before", "after", "sent").iterator(chunk_size=200):
        values = {
            "target_label": person.label(entry.target_label),
            "reason": person.text(entry.reason),
            "error_message": person.text(entry.error_message),
            **{column: person.scrub(getattr(entry, column)) for column in ("before", "after", "sent")},
        }
        if any(getattr(entry, name) != value for name, value in values.items()):
            # The one sanctioned change to an audit entry (AuditEntry.save refuses
            # changes): the law requires the person's data to go, and the entry
            # keeps everything else. A queryset update bypasses save() on purpose.
            AuditEntry.objects.filter(pk=entry.pk).update(**fitted(AuditEntry, values))
            changed += 1
    return changed
