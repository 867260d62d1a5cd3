"""Fault injection: how the sandbox misbehaves on purpose.

Set at start from the environment (`SANDBOX_*`) or command options, and
changed at run time through `PUT /__sandbox/faults`, so one running sandbox
can serve a test that needs Leat slow, down, rate limiting or talking garbage.
"""

from __future__ import annotations

import os
import random
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Faults:
    latency_ms: float = 0.0  # added to every API request
    error_rate: float = 0.0  # share of API requests answered with HTTP 500
    drop_rate: float = 0.0  # share of API requests whose connection is dropped unanswered
    maintenance: bool = False  # every API request gets HTTP 503
    rate_limited: bool = False  # every API request gets HTTP 429
    retry_after: int = 30  # the Retry-After sent with a 429
    rate_limit: int = 5000  # requests per minute before Laravel-style 429s
    fail_next: int = 0  # the next N API requests fail with `fail_status`
    fail_status: int = 500
    drop_next: int = 0  # the next N API requests are dropped unanswered
    drop_writes_next: int = 0  # the next N writes (not GETs) are dropped unanswered, before the sandbox acts
    garbage_next: int = 0  # the next N API requests get HTTP 200 with an HTML body
    # The next N writes (not GETs) are carried out, then their answer is lost:
    # "drop" (connection closed), "timeout" (answered after `lose_answer_delay_ms`,
    # when the client has given up) or "garbage" (HTTP 200 with an HTML body).
    lose_answer_next: int = 0
    lose_answer_as: str = "drop"
    lose_answer_delay_ms: float = 3000.0
    # Per-route faults: {"substring of the path": value}; e.g. make only
    # loyalty transactions slow ({"loyalty-transactions": 3000}) or failing.
    path_latency_ms: dict[str, float] = field(default_factory=dict)
    path_status: dict[str, int] = field(default_factory=dict)
    contact_limit: int | None = None  # beyond this many contacts: 60000 Usage limit reached

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Faults:
        env = os.environ if environ is None else environ
        faults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"SANDBOX_{f.name.upper()}")
            if raw not in (None, ""):
                values[f.name] = raw
        faults.update(values)
        return faults

    def update(self, values: dict[str, Any]) -> None:
        known = {f.name: f for f in fields(self)}
        with self._lock:
            for name, raw in values.items():
                if name not in known:
                    raise ValueError(f"unknown fault {name!r}")
                current = getattr(self, name)
                setattr(self, name, _coerce(raw, current, name))

    def reset(self) -> None:
        with self._lock:
            defaults = Faults()
            for f in fields(self):
                setattr(self, f.name, getattr(defaults, f.name))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def take(self, counter: str) -> bool:
        """Use up one of the `*_next` counters, atomically."""
        with self._lock:
            left = getattr(self, counter)
            if left > 0:
                setattr(self, counter, left - 1)
                return True
            return False

    def chance(self, rate: float) -> bool:
        return rate > 0 and random.random() < rate


LOST_ANSWERS = ("drop", "timeout", "garbage")


def _coerce(raw: Any, current: Any, name: str) -> Any:
    if name == "lose_answer_as":
        if raw not in LOST_ANSWERS:
            raise ValueError(f"lose_answer_as must be one of {LOST_ANSWERS}")
        return raw
    if name == "contact_limit":
        return None if raw in (None, "", "none") else int(raw)
    if isinstance(current, bool):
        return raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    if isinstance(current, dict):
        if not isinstance(raw, dict):
            raise ValueError(f"{name} must be an object")
        return dict(raw)
    return raw
