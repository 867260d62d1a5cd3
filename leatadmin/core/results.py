"""What a write service did, said by the service instead of guessed by a view."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Did(StrEnum):
    CREATED = "created"
    FOUND = "found"  # find-or-create found an existing one
    CHANGED = "changed"
    UNCHANGED = "unchanged"  # nothing differed: nothing was sent


@dataclass(frozen=True)
class Done(Generic[T]):
    did: Did
    obj: T
    #: The fields sent to Leat (for CHANGED).
    fields: tuple[str, ...] = field(default=())
    #: Anything the caller may want to say (e.g. a merge on claim).
    note: Any = None

    @property
    def sent(self) -> bool:
        return self.did is not Did.UNCHANGED


@dataclass(frozen=True)
class Settled:
    """What a write whose answer was lost turned out to have done in Leat,
    found by the action's `reconcile` (see README, "Every write exactly once")."""

    #: Where staff see the result.
    url: str
    #: The Leat record the write made, when it made one: from now on no other
    #: lost write can be settled against it.
    result_id: str = ""
    #: What the write turned out to have done, for the audit entry.
    after: dict[str, Any] = field(default_factory=dict)
