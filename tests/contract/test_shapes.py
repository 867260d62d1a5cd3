"""The contract's comparison rules, on small examples."""

from __future__ import annotations

import re

from .shapes import Rules, shape_differences


def test_same_shape_with_other_values_matches():
    assert shape_differences({"a": 1.5, "b": "x", "c": [1], "d": {"e": True}}, [{"a": 2, "b": "y", "c": [3, 4], "d": {"e": False}}]) == []


def test_missing_and_extra_keys_and_types_are_listed_by_path():
    problems = shape_differences({"data": {"b": 1, "z": 2}, "meta": {}}, [{"data": {"a": 1, "b": "x"}, "meta": []}])
    assert sorted(problems) == [
        "data.a: missing (Leat sends number)",
        "data.b: number, Leat sends string",
        "data.z: not in Leat's answer",
        "meta: object, Leat sends array",
    ]


def test_null_only_where_nullable_and_anything_where_leat_has_null():
    example = [{"a": "x", "b": None}]
    assert shape_differences({"a": None, "b": 3}, example) == ["a: null, Leat sends string"]
    assert shape_differences({"a": None, "b": {"c": 1}}, example, Rules(nullable=frozenset({"a"}))) == []


def test_dates_keep_leats_format():
    assert shape_differences({"at": "2024-05-01 20:00:00"}, [{"at": "2024-05-01T20:00:00+00:00"}]) == [
        "at: '2024-05-01 20:00:00' is not an ISO 8601 date-time like Leat's '2024-05-01T20:00:00+00:00'"
    ]


def test_list_items_match_the_example_item_of_their_type():
    example = [{"data": [{"type": "a", "n": 1}, {"type": "b", "m": "x"}]}]
    rules = Rules(discriminator={"data": "type"})
    assert shape_differences({"data": [{"type": "b", "m": "y"}, {"type": "a", "n": 2}]}, example, rules) == []
    assert sorted(shape_differences({"data": [{"type": "a", "m": "y"}]}, example, rules)) == [
        "data[].m: not in Leat's answer (items 0)",
        "data[].n: missing (Leat sends number) (items 0)",
    ]
    assert shape_differences({"data": [{"type": "c"}]}, example, rules) == ["data[]: no Leat example with type 'c' (items 0)"]


def test_an_empty_example_list_borrows_items_from_the_same_path():
    example = [{"items": [{"options": []}, {"options": [{"value": "v", "label": "l"}]}]}]
    assert shape_differences({"items": [{"options": [{"value": "w", "label": "m"}]}]}, example) == []
    assert shape_differences({"items": [{"options": [{"value": 1}]}]}, example) != []


def test_allowlists_and_key_patterns():
    example = [{"values": {"status_7": "x", "theirs": None, "common": 1}}]
    rules = Rules(
        ignored_example_keys={"values": frozenset({"theirs"})},
        extra_keys={"values": lambda key, value: None if key == "ours" else "unknown"},
        key_patterns=(re.compile(r"status_\d+"),),
    )
    assert shape_differences({"values": {"status_1": "y", "status_2": "z", "ours": True, "common": 2}}, example, rules) == []
    assert shape_differences({"values": {"status_1": 5, "common": 2, "bogus": 1}}, example, rules) == [
        "values.status_\\d+: number, Leat sends string",
        "values.bogus: not in Leat's answer (unknown)",
    ]
