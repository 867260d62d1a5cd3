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
