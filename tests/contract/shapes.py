"""Structural comparison of a JSON answer with Leat's example of it.

The rules (the contract):

1. Same JSON types: object, array, string, boolean, number (int and float are
   both numbers), null. Values may differ.
2. Objects have the same keys as the example: every missing and every extra
   key is a difference, except where `Rules` says otherwise (each exception
   is a named allowlist with its reason, in the contract test).
3. Where the example has null, any type is accepted (the example does not say
   what the value is when set). Where the example has a value, the answer may
   be null only at a path listed in `Rules.nullable`.
4. Arrays: every item of the answer is compared with the example's items and
   must match one of them; the differences reported are those of the closest.
   With `Rules.discriminator` the example item is picked by that key (e.g. a
   transaction's `type`). An empty example array takes its item examples from
   the same path elsewhere in the example (e.g. one attribute's `options`
   from another's); with none anywhere, any array is accepted.
5. A string that is an ISO 8601 date-time with `T` and an offset in the
   example must be one in the answer too.

Paths are written `data.attributes[].attribute.name`; `[]` stands for any index.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_ITEMS = re.compile(r" \(items [^)]*\)$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")

#: (path pattern, key) -> an error message, or None when the extra key is fine.
ExtraCheck = Callable[[str, Any], str | None]


@dataclass
class Rules:
    nullable: frozenset[str] = frozenset()  # path patterns (`*` is a wildcard) where null is allowed
    discriminator: dict[str, str] = field(default_factory=dict)  # array path -> item key
    #: object path pattern -> example keys the answer need not have (account-specific)
    ignored_example_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    #: object path pattern -> check for keys the answer has beyond the example
    extra_keys: dict[str, ExtraCheck] = field(default_factory=dict)
    #: key patterns compared by pattern, not by name (one key per account-specific id)
    key_patterns: tuple[re.Pattern[str], ...] = ()


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """Path patterns are literal (`[]` included) except `*`, which matches anything."""
    return re.compile(re.escape(pattern).replace(r"\*", ".*"))


def _matches(path: str, patterns: Any) -> bool:
    return any(_pattern(pattern).fullmatch(path) for pattern in patterns)


def _lookup(path: str, table: dict[str, Any]) -> Any:
    for pattern, value in table.items():
        if _pattern(pattern).fullmatch(path):
            return value
    return None


class Comparison:
    def __init__(self, example: Any, rules: Rules) -> None:
        self.example = example
        self.rules = rules
        self.pool: dict[str, list[Any]] = {}
        self._index(example, "")

    def _index(self, value: Any, path: str) -> None:
        self.pool.setdefault(path, []).append(value)
        if isinstance(value, dict):
            for key, item in value.items():
                self._index(item, self._child(path, self._canonical(key)))
        elif isinstance(value, list):
            for item in value:
                self._index(item, path + "[]")

    def _canonical(self, key: str) -> str:
        for pattern in self.rules.key_patterns:
            if pattern.fullmatch(key):
                return pattern.pattern
        return key

    @staticmethod
    def _child(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def diff(self, actual: Any) -> list[str]:
        return self._diff(actual, self.example, "")

    def _diff(self, actual: Any, example: Any, path: str) -> list[str]:
        where = path or "(top)"
        if example is None:
            return []
        if actual is None:
            return [] if _matches(path, self.rules.nullable) else [f"{where}: null, Leat sends {json_type(example)}"]
        if json_type(actual) != json_type(example):
            return [f"{where}: {json_type(actual)}, Leat sends {json_type(example)}"]
        if isinstance(example, str):
            if ISO_DATETIME.match(example) and not ISO_DATETIME.match(actual):
                return [f"{where}: {actual!r} is not an ISO 8601 date-time like Leat's {example!r}"]
            return []
        if isinstance(example, dict):
            return self._diff_object(actual, example, path)
        if isinstance(example, list):
            return self._diff_array(actual, example, path)
        return []

    def _closest(self, item: Any, options: list[Any], path: str) -> list[str]:
        return _first_match_or_closest(self._diff(item, option, path) for option in options)

    def _diff_object(self, actual: dict, example: dict, path: str) -> list[str]:
        problems = []
        ignored = _lookup(path, self.rules.ignored_example_keys) or frozenset()
        extra_check = _lookup(path, self.rules.extra_keys)
        expected = {self._canonical(k): v for k, v in example.items() if k not in ignored}
        seen = set()
        for key, value in actual.items():
            canonical = self._canonical(key)
            child = self._child(path, canonical if canonical in expected else key)
            if canonical in expected:
                seen.add(canonical)
                problems += self._diff(value, expected[canonical], child)
            elif extra_check is not None and (problem := extra_check(key, value)) is None:
                continue
            else:
                problems.append(f"{child}: not in Leat's answer" + (f" ({problem})" if extra_check is not None else ""))
        for key in expected.keys() - seen:
            problems.append(f"{self._child(path, key)}: missing (Leat sends {json_type(expected[key])})")
        return problems

    def _diff_array(self, actual: list, example: list, path: str) -> list[str]:
        item_path = path + "[]"
        candidates = list(example) or [item for item in self.pool.get(item_path, []) if item is not None]
        if not candidates:
            return []
        key = self.rules.discriminator.get(path)
        problems: dict[str, list[int]] = {}
        for index, item in enumerate(actual):
            options = candidates
            if key is not None and isinstance(item, dict):
                options = [c for c in candidates if isinstance(c, dict) and c.get(key) == item.get(key)]
                if not options:
                    problems.setdefault(f"{item_path}: no Leat example with {key} {item.get(key)!r}", []).append(index)
                    continue
            best = self._closest(item, options, item_path)
            for problem in best:
                # Inner arrays' item numbers give way to this array's: one number per level is enough.
                problems.setdefault(_ITEMS.sub("", problem), []).append(index)
        return [f"{problem} (items {_indexes(found)})" for problem, found in problems.items()]


def _first_match_or_closest(differences) -> list[str]:
    best = None
    for found in differences:
        if not found:
            return found
        if best is None or len(found) < len(best):
            best = found
    return best or []


def shape_differences(actual: Any, examples: list[Any], rules: Rules | None = None) -> list[str]:
    """The differences to the closest of Leat's examples; [] when the answer matches one."""
    rules = rules or Rules()
    return _first_match_or_closest(Comparison(example, rules).diff(actual) for example in examples)


def _indexes(found: list[int]) -> str:
    return ", ".join(map(str, found[:5])) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
