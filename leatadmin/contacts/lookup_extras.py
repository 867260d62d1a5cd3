"""What else a code typed in the search box can be: a voucher, a gift card.

The lookup (contacts/views.py) finds contacts. What else a customer shows at
the counter belongs to other apps, which register it here from their
AppConfig.ready() (vouchers, giftcards): the contacts app imports none of
them (they import contacts).

Each extra says which forms of what was typed are worth asking Leat about
(`codes`: none when the query cannot be one, and Leat is not asked), and finds
one (`find`: one Leat read, run in a read thread beside the others, so every
extra costs the lookup the time of one call, not one call each).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from leatadmin.core.failures import describe
from leatadmin.core.reads import Reads
from leatadmin.leat import errors


@dataclass(frozen=True)
class Hit:
    """What a code was found to be, and the page to open."""

    url: str
    #: In words, for a list of several hits ("Voucher VQ7HM2KXP").
    label: str
    #: Run in the request's thread before the page opens: hands what was
    #: found to the page (through the cache), so the page need not ask Leat again.
    hand_over: Callable[[], None] | None = None


@dataclass(frozen=True)
class Extra:
    name: str
    #: What it finds, in words ("vouchers"), for "Leat could not be asked about …".
    noun: Any
    #: What the query was looked for as, in words, with the forms asked about
    #: ("a voucher with the code %(codes)s"), for "nothing found".
    tried: Any
    #: Staff without it are neither asked about it nor sent to its pages.
    permission: str
    #: The forms of the query worth asking Leat about, best first; [] when it cannot be one.
    codes: Callable[[str], list[str]]
    #: One Leat read: the hit, or None when Leat has none (a LeatError when Leat cannot be asked).
    find: Callable[[str], Hit | None]
    #: Which hit wins when a code is several things at once (lowest first).
    order: int = 0


@dataclass
class Tried:
    extra: Extra
    codes: list[str]
    #: Why Leat could not be asked, in the staff member's words ("" when it was asked).
    problem: str = ""

    @property
    def text(self) -> str:
        return str(self.extra.tried) % {"codes": ", ".join(self.codes)}


@dataclass
class Looked:
    """What the extras found for one query."""

    hits: list[Hit] = field(default_factory=list)
    tried: list[Tried] = field(default_factory=list)

    @property
    def hit(self) -> Hit | None:
        """The one page to go to: only when the code was found as exactly one thing."""
        return self.hits[0] if len(self.hits) == 1 else None

    @property
    def problems(self) -> list[str]:
        return [tried.problem for tried in self.tried if tried.problem]


_REGISTERED: dict[str, Extra] = {}


def register(extra: Extra) -> None:
    """Look for `extra` too when a code is typed (apps call this from AppConfig.ready)."""
    _REGISTERED[extra.name] = extra


def registered(user: Any) -> list[Extra]:
    """The extras this staff member may use, in order."""
    return sorted((extra for extra in _REGISTERED.values() if user.has_perm(extra.permission)), key=lambda extra: (extra.order, extra.name))


def start(query: str, *, user: Any, reads: Reads) -> list[tuple[Extra, list[str]]]:
    """Start asking Leat about every form of `query` each extra wants, all at once."""
    started = []
    for extra in registered(user):
        codes = extra.codes(query)
        for code in codes:
            reads.start(f"{extra.name}:{code}", lambda extra=extra, code=code: extra.find(code))
        if codes:
            started.append((extra, codes))
    return started


def collect(started: list[tuple[Extra, list[str]]], reads: Reads) -> Looked:
    """What Leat answered, once every read is in: the hits (one per page), and what was tried."""
    looked = Looked()
    for extra, codes in started:
        tried = Tried(extra, codes)
        for code in codes:
            try:
                hit = reads.result(f"{extra.name}:{code}")
            except errors.LeatError as error:
                tried.problem = _("Leat could not be asked about %(what)s: %(why)s") % {"what": extra.noun, "why": describe(error).title}
                continue
            if hit is not None and hit.url not in {known.url for known in looked.hits}:
                looked.hits.append(hit)
        looked.tried.append(tried)
    return looked


def looked_for(query: str, *, user: Any) -> Looked:
    """Every extra at once, for a query nothing else matched."""
    reads = Reads()
    return collect(start(query, user=user, reads=reads), reads)
