"""Writing visits to Leat. Every function records an audit entry."""

from __future__ import annotations

from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.values import changed_values, without_empty
from leatadmin.leat.models import Visit

from .selectors import visit_values


def visit_create(*, user: Any, shop_uuid: str, contact_uuid: str, contact_label: str, fields: dict[str, Any]) -> Visit:
    sent = {"shop_uuid": shop_uuid, "contact_uuid": contact_uuid, **without_empty(fields)}
    with audited(user=user, action="visit.create", target_type="visit", target_label=contact_label, sent=sent) as write:
        visit = leat().visits.create(**sent)
        write.target_id, write.after = visit.uuid, {**visit_values(visit), "uuid": visit.uuid}
        if visit.contact:
            write.target_label = visit.contact.email or contact_label
    return visit


def visit_update(*, user: Any, visit: Visit, fields: dict[str, Any]) -> Visit:
    """Send only what changed; nothing changed sends nothing."""
    before_all = visit_values(visit)
    changed = changed_values(before_all, fields)
    if not changed:
        return visit
    label = visit.contact.email if visit.contact else visit.uuid
    with audited(user=user, action="visit.update", target_type="visit", target_id=visit.uuid, target_label=label, before={k: before_all[k] for k in changed}, sent=changed) as write:
        updated = leat().visits.update(visit.uuid, **changed)
        write.after = {k: visit_values(updated)[k] for k in changed}
    return updated
