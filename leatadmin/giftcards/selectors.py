"""Reading gift cards, their programs and their transactions from Leat (cents).

Leat filters a card's transactions by the card's number (`hash`), never by
its uuid, so the page of a card would have to read the card before its
transactions. A card's number never changes: leatadmin remembers it for the
card's uuid once it has seen the card (`giftcard_number`), and the page asks
for both at once from then on. The search box hands the card it found over
to the page (`giftcard_hand_over`), as the contact lookup does, so the page
does not ask Leat for it again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from leatadmin.audit.models import AuditEntry
from leatadmin.audit.settlement import the_unaccounted_one, written_since
from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Giftcard, GiftcardProgram, GiftcardTransaction, Page

HANDOFF_SECONDS = 60
#: A card's number for its uuid: it never changes, so it is kept long.
NUMBER_SECONDS = 30 * 24 * 3600
PROGRAMS_CACHE_KEY = "leat-giftcard-programs"
PROGRAMS_LAST_KNOWN_KEY = "leat-giftcard-programs-last-known"
#: How many of the newest transactions a lost write is looked for in.
SEARCH_LIMIT = 30
#: An undo, and an undo whose lost answer was settled (audit.services.audit_settled).
UNDO_ACTIONS = ("giftcard.undo", "giftcard.undo_settled")


def _handoff_key(uuid: str) -> str:
    return f"giftcard-handoff:{uuid}"


def _number_key(uuid: str) -> str:
    return f"giftcard-number:{uuid}"


# --- The card ---------------------------------------------------------------------


def giftcard_hand_over(card: Giftcard) -> None:
    """What just received the card from Leat (the search box) passes it to its page."""
    cache.set(_handoff_key(card.uuid), card, HANDOFF_SECONDS)
    if card.hash:
        cache.set(_number_key(card.uuid), card.hash, NUMBER_SECONDS)


def giftcard_handed_over(*, uuid: str) -> Giftcard | None:
    """The card the search box just received, if any (used once)."""
    key = _handoff_key(uuid)
    card = cache.get(key)
    if card is not None:
        cache.delete(key)
    return card


def giftcard_now(*, uuid: str) -> Giftcard:
    """The card as Leat has it now (to check, or to write against)."""
    card = leat().giftcards.get(uuid)
    if card.hash:
        cache.set(_number_key(uuid), card.hash, NUMBER_SECONDS)
    return card


def giftcard_number(*, uuid: str) -> str | None:
    """The card's number if leatadmin has seen the card, without asking Leat."""
    return cache.get(_number_key(uuid))


# --- Programs (cached, like the shops) ----------------------------------------------


def giftcard_programs() -> list[GiftcardProgram]:
    """Every gift card program, by name. The list changes rarely, so it is
    cached; while Leat cannot be asked, the last list it gave stands in."""
    programs = cache.get(PROGRAMS_CACHE_KEY)
    if programs is not None:
        return programs
    try:
        programs = sorted(leat().giftcard_programs.list(), key=lambda program: program.name.lower())
    except LeatError:
        programs = cache.get(PROGRAMS_LAST_KNOWN_KEY)
        if programs is None:
            raise
        return programs
    cache.set(PROGRAMS_CACHE_KEY, programs, settings.LEAT_DEFINITIONS_CACHE_SECONDS)
    cache.set(PROGRAMS_LAST_KNOWN_KEY, programs, None)
    return programs


def cached_program_name(uuid: str) -> str | None:
    """A program's name from the last list Leat gave, without asking Leat (for histories)."""
    programs = cache.get(PROGRAMS_CACHE_KEY) or cache.get(PROGRAMS_LAST_KNOWN_KEY) or ()
    return next((program.name for program in programs if program.uuid == uuid), None)


def program_choices() -> list[tuple[str, str]]:
    """The programs a new card can be made in (the active ones)."""
    return [(program.uuid, program.name) for program in giftcard_programs() if program.active and program.uuid]


def program_of(card: Giftcard, programs: list[GiftcardProgram] | None) -> GiftcardProgram | None:
    """The card's program from the list (its maximum), by uuid, else by name;
    else what the card itself says of it."""
    mine = card.program
    if mine is None:
        return None
    for program in programs or ():
        if (mine.uuid and program.uuid == mine.uuid) or (not mine.uuid and program.name == mine.name):
            return program
    return mine


# --- Transactions -------------------------------------------------------------------


def giftcard_transactions(*, number: str, page: int = 1, per_page: int = 10) -> Page[GiftcardTransaction]:
    """The card's transactions, newest first, one Leat page."""
    if not number:  # Leat would ignore an empty filter and list every card's transactions
        return Page(items=[], page=1, last_page=1, total=0, per_page=per_page)
    return leat().giftcard_transactions.list(giftcard_hash=number, sort="-created_at", page=page, limit=per_page)


def giftcard_last_transaction(*, number: str) -> GiftcardTransaction | None:
    page = giftcard_transactions(number=number, per_page=1)
    return page.items[0] if page.items else None


def transaction_ref(transaction: GiftcardTransaction) -> str:
    """How the audit log names a transaction (`result_id`): its key, by Leat's
    numeric id where Leat gives one. Leat answers a write with the new
    transaction's uuid and id, but its lists give `uuid: null` (as captured):
    the id is what both say, so a transaction leatadmin made is recognised
    in a list later (the settlement rule)."""
    return f"id:{transaction.id}" if transaction.id is not None else transaction.key


def undo_marks(*, card_uuid: str) -> tuple[dict[str, AuditEntry], dict[str, AuditEntry]]:
    """From the audit log, in two queries: the card's transactions leatadmin
    undid, and the corrections it booked doing so (each by `transaction_ref`),
    with the entry that says who and when. Leat's list says neither."""
    done = list(AuditEntry.objects.filter(target_id=card_uuid, action__in=UNDO_ACTIONS, succeeded=True).exclude(result_id="").order_by("created_at"))
    lost_ids = [entry.sent.get("audit_entry") for entry in done if entry.action != UNDO_ACTIONS[0]]
    lost = {entry.pk: entry for entry in AuditEntry.objects.filter(pk__in=[pk for pk in lost_ids if isinstance(pk, int)])}
    undone, corrections = {}, {}
    for entry in done:
        asked = entry if entry.action == UNDO_ACTIONS[0] else lost.get(entry.sent.get("audit_entry"))
        if asked is not None and asked.before.get("giftcard_transaction"):
            undone.setdefault(asked.before["giftcard_transaction"], entry)
        corrections.setdefault(entry.result_id, entry)
    return undone, corrections


def booked_since(*, number: str, entry: AuditEntry, matches: Callable[[GiftcardTransaction], bool]) -> GiftcardTransaction | None:
    """The transaction a write recorded in `entry` made, if the card's newest
    transactions show exactly one that `matches` it, booked after the write
    was sent, that no other audit entry accounts for (audit/settlement.py)."""
    since = written_since(entry)
    page = giftcard_transactions(number=number, per_page=SEARCH_LIMIT)
    found = (item for item in page.items if item.created_at is not None and item.created_at >= since and matches(item))
    return the_unaccounted_one(found, id_of=transaction_ref)
