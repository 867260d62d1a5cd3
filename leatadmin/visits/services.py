"""Writing visits to Leat. Every function records an audit entry."""

from __future__ import annotations

from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.references import new_external_id
from leatadmin.core.results import Did, Done
from leatadmin.core.values import changed_values, without_empty
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Visit
from leatadmin.shops.selectors import shop_names

from .index import visit_remember_shop, visit_store
from .selectors import visit_values


def visit_create(*, user: Any, shop_uuid: str, contact_uuid: str, contact_label: str, fields: dict[str, Any]) -> Done[Visit]:
    sent = {"shop_uuid": shop_uuid, "contact_uuid": contact_uuid, **without_empty(fields)}
    sent.setdefault("external_id", new_external_id())
    with audited(user=user, action="visit.create", target_type="visit", target_label=contact_label, sent=sent) as write:
        visit = leat().visits.create(**sent)
        write.target_id, write.result_id, write.after = visit.uuid, visit.uuid, {**visit_values(visit), "uuid": visit.uuid}
        if visit.contact:
            write.target_label = visit.contact.email or contact_label
    # Leat's answer says nothing of the shop; remember it for the visit's pages.
    _remember_shop(visit, shop_uuid)
    return Done(Did.CREATED, visit)


def _remember_shop(visit: Visit, shop_uuid: str) -> None:
    try:
        name = shop_names().get(shop_uuid, "")
    except LeatError:  # the visit is made; its shop's name can wait for the next time shops load
        name = ""
    visit_remember_shop(visit=visit, shop_uuid=shop_uuid, shop_name=name)


def visit_found(*, visit: Visit, shop_uuid: str) -> None:
    """A create whose answer was lost turned out to have been made (the staff
    action records that in the audit log): remember its shop, as a create does."""
    _remember_shop(visit, shop_uuid)


def visit_update(*, user: Any, visit: Visit, fields: dict[str, Any]) -> Done[Visit]:
    """Send only what changed; nothing changed sends nothing."""
    before_all = visit_values(visit)
    changed = changed_values(before_all, fields)
    if not changed:
        return Done(Did.UNCHANGED, visit)
    label = visit.contact.email if visit.contact else visit.uuid
    with audited(user=user, action="visit.update", target_type="visit", target_id=visit.uuid, target_label=label, contact_uuid=visit.contact.uuid if visit.contact else "", before={k: before_all[k] for k in changed}, sent=changed) as write:
        updated = leat().visits.update(visit.uuid, **changed)
        write.after = {k: visit_values(updated)[k] for k in changed}
    visit_store([updated])
    return Done(Did.CHANGED, updated, tuple(changed))
