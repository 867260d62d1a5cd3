"""Writing a contact's loyalty cards to Leat. Every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat import errors
from leatadmin.leat.models import ContactIdentifier

CONTACT = "contact"


@dataclass(frozen=True)
class Replacement:
    """What a block-and-replace did: the old card is blocked; the new one is
    linked unless `link_error` says why not (then it is not, or, when
    `link_error.outcome_unknown`, nobody knows yet)."""

    blocked: ContactIdentifier
    new_value: str = ""
    linked: ContactIdentifier | None = None
    link_error: errors.LeatError | None = None

    @property
    def complete(self) -> bool:
        return self.link_error is None


def card_link(*, user: Any, contact_uuid: str, value: str, reason: str) -> Done[ContactIdentifier]:
    sent = {"contact_identifier_value": value, "contact_uuid": contact_uuid}
    with audited(user=user, action="card.link", target_type=CONTACT, target_id=contact_uuid, target_label=value, sent=sent, reason=reason) as write:
        card = leat().identifiers.link(value, contact_uuid=contact_uuid)
        write.after = {"card": card.value, "name": card.name, "active": card.active, "contact_uuid": card.contact.uuid if card.contact else None}
    return Done(Did.CHANGED, card, ("contact",))


def card_block(*, user: Any, contact_uuid: str, card: ContactIdentifier, reason: str) -> Done[ContactIdentifier]:
    sent = {"contact_identifier_value": card.value, "contact_identifier_active": False}
    before = {"card": card.value, "active": card.active}
    with audited(user=user, action="card.block", target_type=CONTACT, target_id=contact_uuid, target_label=card.value, before=before, sent=sent, reason=reason) as write:
        blocked = leat().identifiers.update(card.value, active=False)
        write.after = {"card": blocked.value, "active": blocked.active}
    return Done(Did.CHANGED, blocked, ("active",))


def card_replace(*, user: Any, contact_uuid: str, old: ContactIdentifier, new_value: str, reason: str) -> Done[Replacement]:
    """Block the lost card, then link its replacement: two writes, two entries.

    If blocking fails, nothing happened and the error is raised. If linking
    fails after the block, the block stands (the lost card must not stay
    usable): the result says so in `link_error` instead of raising, so staff
    are told exactly what was done.
    """
    blocked = card_block(user=user, contact_uuid=contact_uuid, card=old, reason=reason).obj
    if not new_value:
        return Done(Did.CHANGED, Replacement(blocked=blocked), ("active",))
    try:
        linked = card_link(user=user, contact_uuid=contact_uuid, value=new_value, reason=reason).obj
    except errors.LeatError as error:
        return Done(Did.CHANGED, Replacement(blocked=blocked, new_value=new_value, link_error=error), ("active",))
    return Done(Did.CHANGED, Replacement(blocked=blocked, new_value=new_value, linked=linked), ("active", "contact"))
