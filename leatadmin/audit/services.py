"""Recording writes to Leat. Every service that writes to Leat goes through
`audited`, so a write without an audit entry cannot happen by accident."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from leatadmin.leat.errors import LeatError

from .models import AuditEntry

#: The entry the last write in this request recorded (read by the staff-action
#: mechanism to reconcile a write whose answer was lost).
last_entry: ContextVar[AuditEntry | None] = ContextVar("last_audit_entry", default=None)


@dataclass
class Write:
    """Filled in by the service while the write runs."""

    target_id: str = ""
    target_label: str = ""
    after: dict[str, Any] = field(default_factory=dict)
    entry: AuditEntry | None = None


@contextmanager
def audited(
    *,
    user: Any,
    action: str,
    target_type: str,
    target_id: str = "",
    target_label: str = "",
    before: dict[str, Any] | None = None,
    sent: dict[str, Any] | None = None,
    reason: str = "",
) -> Iterator[Write]:
    """Run one write to Leat and record it, whether it succeeds or fails."""
    write = Write(target_id=target_id, target_label=target_label)
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
        write.entry = AuditEntry.objects.create(
            user=user if getattr(user, "pk", None) else None,
            username=getattr(user, "username", "") or "(system)",
            action=action,
            target_type=target_type,
            target_id=write.target_id,
            target_label=write.target_label,
            reason=reason,
            before=before or {},
            after=write.after if error is None else {},
            sent=sent or {},
            succeeded=error is None,
            outcome=outcome,
            error_status=status,
            error_code=code,
            error_message=message,
        )
        last_entry.set(write.entry)
