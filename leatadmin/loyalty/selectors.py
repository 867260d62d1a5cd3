"""Reading rewards, a contact's transactions and what leatadmin knows of
reversals; a contact's rewards to collect and the ones leatadmin marked collected.
The program's own settings (what credits are called) are read in contacts/program.py,
since a contact's page shows its balance in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leatadmin.audit.models import SETTLED, AuditEntry
from leatadmin.audit.settlement import booked_from, the_unaccounted_one, written_since
from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import CollectableReward, LoyaltyTransaction, Page, Reward
from leatadmin.leat.transactions import MAX_LIMIT

REVERSE_ACTIONS = ("loyalty.reverse_credits", "loyalty.reverse_reward")
SETTLED_REVERSE_ACTIONS = tuple(action + SETTLED for action in REVERSE_ACTIONS)
#: How many pages of a contact's newest transactions are looked through for one without its date.
SEARCH_PAGES = 3


def credits_for_purchase(*, shop_uuid: str, purchase: Decimal, contact_uuid: str) -> int:
    """What a purchase of this amount gives under the loyalty rules now (nothing is booked)."""
    return leat().credit_receptions.calculate(shop_uuid=shop_uuid, unit_value=purchase, contact_uuid=contact_uuid)


def rewards_for(*, contact_uuid: str) -> list[Reward]:
    """The rewards this contact can be given now (active, in stock, under their limit), cheapest first."""
    return sorted(leat().rewards.list(contact_uuid=contact_uuid), key=lambda reward: (reward.required_credits, reward.title.lower()))


def reversals(*, transaction_uuids: list[str]) -> dict[str, AuditEntry]:
    """The receptions among these that leatadmin reversed (Leat's list does not
    mark them), with who did it and when; an unknown outcome counts too."""
    return reversal_marks(transaction_uuids=transaction_uuids)[0]


def reversal_marks(*, transaction_uuids: list[str]) -> tuple[dict[str, AuditEntry], dict[str, AuditEntry]]:
    """In one query: the receptions among these that leatadmin reversed, and
    those that *are* a reversal leatadmin booked (its audit entry holds the
    reversal's uuid), each with its audit entry. Neither can be undone."""
    entries = AuditEntry.objects.filter(Q(target_id__in=transaction_uuids) | Q(result_id__in=transaction_uuids), action__in=REVERSE_ACTIONS + SETTLED_REVERSE_ACTIONS)
    reversed_, reversals_ = {}, {}
    for entry in entries.exclude(outcome=AuditEntry.Outcome.FAILED).order_by("created_at"):
        if entry.target_id in transaction_uuids and entry.action in REVERSE_ACTIONS:
            reversed_.setdefault(entry.target_id, entry)
        if entry.result_id in transaction_uuids:
            reversals_.setdefault(entry.result_id, entry)
    return reversed_, reversals_


def reception_of(*, contact_uuid: str, uuid: str, at: dt.datetime | None) -> LoyaltyTransaction | None:
    """One of this contact's receptions (Leat has no route for one
    transaction). Leat's list filtered by the contact is what proves it is
    theirs; `at` (when it was booked, from the row it was opened from) finds
    it in one call, else the newest pages are looked through."""
    if at is not None:
        page = leat().transactions.list(contact_uuid=contact_uuid, created_from=at, created_until=at, limit=MAX_LIMIT)
        found = next((item for item in page.items if item.uuid == uuid), None)
        if found is not None:
            return found
    for number in range(1, SEARCH_PAGES + 1):
        page = leat().transactions.list(contact_uuid=contact_uuid, page=number, limit=MAX_LIMIT)
        found = next((item for item in page.items if item.uuid == uuid), None)
        if found is not None or number >= page.last_page:
            return found
    return None


def booked_since(*, contact_uuid: str, entry: AuditEntry, matches: Callable[[LoyaltyTransaction], bool]) -> LoyaltyTransaction | None:
    """The transaction a write recorded in `entry` made, if Leat shows exactly
    one that `matches` it, was booked after the write was sent, and no other
    audit entry accounts for (see audit.settlement.the_unaccounted_one)."""
    page = leat().transactions.list(contact_uuid=contact_uuid, created_from=written_since(entry), limit=MAX_LIMIT)
    return the_unaccounted_one(item for item in page.items if matches(item))


def reversal_booked(*, contact_uuid: str, reception: LoyaltyTransaction, since: dt.datetime) -> str:
    """The uuid of the credit reception Leat just booked to reverse `reception`
    (the opposite credits, the same shop, booked since the reversal was sent),
    or "" if Leat does not show exactly one such, or cannot be asked now."""
    shop = reception.shop.uuid if reception.shop else None

    def is_it(item: LoyaltyTransaction) -> bool:
        return item.type == "credit_reception" and item.credits == -reception.credits and (item.shop.uuid if item.shop else None) == shop

    try:
        page = leat().transactions.list(contact_uuid=contact_uuid, created_from=booked_from(since), limit=MAX_LIMIT)
    except LeatError:
        return ""
    found = the_unaccounted_one(item for item in page.items if is_it(item) and item.uuid != reception.uuid)
    return found.uuid if found is not None else ""


def contact_transactions(
    *,
    uuid: str,
    type: str | None,
    page: int,
    per_page: int,
    shop_uuid: str | None = None,
    created_from: dt.datetime | None = None,
    created_until: dt.datetime | None = None,
) -> Page[LoyaltyTransaction]:
    return leat().transactions.list(
        contact_uuid=uuid, type=type, shop_uuid=shop_uuid, created_from=created_from, created_until=created_until, page=page, limit=per_page
    )


# --- Rewards to collect (#29) -------------------------------------------------------

COLLECT, UNCOLLECT = "loyalty.collect", "loyalty.uncollect"
#: How long a reward leatadmin marked collected stays on the panel, with its Undo.
COLLECTED_SHOWN_DAYS = 30


def contact_collectable_rewards(*, contact_uuid: str) -> list[CollectableReward]:
    """What the contact claimed and has not picked up yet (Leat lists no collected ones)."""
    return leat().collectable_rewards.list(contact_uuid)


def listed(rewards: list[CollectableReward], uuid: str) -> CollectableReward | None:
    return next((reward for reward in rewards if reward.uuid == uuid), None)


def collections(*, contact_uuid: str, reward_uuids: list[str] | None = None, days: int | None = COLLECTED_SHOWN_DAYS) -> dict[str, AuditEntry]:
    """The rewards of this contact that leatadmin marked collected and did not
    undo since (Leat's list shows no collected ones: the audit log knows
    them), each with the audit entry of its collection.

    A collection whose answer was lost counts (Leat's list says whether the
    reward waits after all); an undo counts once Leat confirmed it, or its
    lost answer was settled."""
    entries = AuditEntry.objects.filter(contact_uuid=contact_uuid, action__in=(COLLECT, UNCOLLECT, UNCOLLECT + SETTLED))
    if reward_uuids is not None:
        entries = entries.filter(target_id__in=reward_uuids)
    if days is not None:
        entries = entries.filter(created_at__gte=timezone.now() - dt.timedelta(days=days))
    latest: dict[str, AuditEntry] = {}
    for entry in entries.exclude(outcome=AuditEntry.Outcome.FAILED).order_by("created_at", "id"):
        if entry.action == UNCOLLECT and entry.outcome != AuditEntry.Outcome.SUCCEEDED:
            continue  # a lost undo: the collection stands until Leat shows otherwise (or it is settled)
        latest[entry.target_id] = entry
    return {uuid: entry for uuid, entry in latest.items() if entry.action == COLLECT}


def last_undo(*, reward_uuid: str) -> int | None:
    """The audit entry of the latest undo of this reward's collection: a collection after it is a new one."""
    return AuditEntry.objects.filter(target_id=reward_uuid, action__in=(UNCOLLECT, UNCOLLECT + SETTLED)).order_by("-id").values_list("pk", flat=True).first()


def redemption_of(entry: AuditEntry) -> str:
    """What Leat's undo takes: the uuid Leat answered the collection with (in
    the captured answers, the reward reception's own, which is what a
    collection whose answer was lost falls back on)."""
    return str(entry.after.get("redemption_uuid") or entry.target_id)


@dataclass(frozen=True)
class RewardRow:
    """One line of the Rewards to collect panel: a reward Leat lists, or one
    leatadmin marked collected (`collected_by`, its audit entry)."""

    uuid: str
    title: str
    claimed_at: dt.datetime | None
    expires_at: dt.datetime | None
    state: str  # WAITING, EXPIRED or COLLECTED
    collected_by: AuditEntry | None = None


WAITING, EXPIRED, COLLECTED = "waiting", "expired", "collected"


def reward_rows(*, contact_uuid: str, listed: list[CollectableReward], now: dt.datetime) -> list[RewardRow]:
    """Leat's list, waiting ones first and expired ones after, then what
    leatadmin marked collected lately that Leat no longer lists as waiting."""
    marks = collections(contact_uuid=contact_uuid)
    rows = []
    for reward in listed:
        if reward.has_been_collected:
            state = COLLECTED
        else:
            state = EXPIRED if reward.is_expired(now) else WAITING
        rows.append(RewardRow(reward.uuid, reward.title, reward.created_at, reward.expires_at, state, marks.get(reward.uuid) if state == COLLECTED else None))
    rows.sort(key=lambda row: row.state == EXPIRED)
    listed_uuids = {row.uuid for row in rows}
    for uuid, entry in sorted(marks.items(), key=lambda item: item[1].created_at, reverse=True):
        if uuid not in listed_uuids:
            rows.append(RewardRow(uuid, str(entry.before.get("reward") or ""), parsed_at(entry.before.get("claimed_at")), parsed_at(entry.before.get("expires_at")), COLLECTED, entry))
    return rows


def parsed_at(value: object) -> dt.datetime | None:
    """A date-time kept in an audit entry (as text), or None."""
    return parse_datetime(value) if isinstance(value, str) else None
