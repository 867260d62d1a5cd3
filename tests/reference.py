"""Leat's reference material, read at test time from `../shared/leat-api-docs/reference/`
beside the clone (never copied into the project).

* `captured(method, path)`: the response examples captured from a running Leat
  in `leat-openapi.yaml`, for a path as the client writes it (`contacts/{id}`)
  or as the yaml does (`/oauth/clients/contacts/{contact_uuid}`); placeholder
  names do not matter; `[]` when none was captured.
* `documented(mdx_name, heading)`: the first JSON response example under a
  `### heading` of a docs page (the pages' JSON has trailing commas).
* `needs_reference`: a skip marker for tests that need the material.

Dates stay strings: the yaml loader does not turn ISO timestamps into datetimes.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
OAUTH_PATH_PREFIX = "/oauth/clients/"


def reference_dir() -> Path:
    """`LEAT_REFERENCE_DIR`, or `../shared/leat-api-docs/reference` beside the clone."""
    configured = os.environ.get("LEAT_REFERENCE_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "leat-api-docs" / "reference"


def reference_available() -> bool:
    return (reference_dir() / "leat-openapi.yaml").is_file()


needs_reference = pytest.mark.skipif(
    not reference_available(),
    reason=f"Leat's reference material is absent: expected {reference_dir()} "
    "(../shared/leat-api-docs/reference beside the clone, or LEAT_REFERENCE_DIR)",
)


@functools.cache
def _openapi() -> dict[str, Any]:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10x faster

    class StringDatesLoader(base):
        """A safe loader without the timestamp resolver: dates stay strings, as in JSON."""

    StringDatesLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    with open(reference_dir() / "leat-openapi.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=StringDatesLoader)


def _shape_of(path: str) -> str:
    """`/oauth/clients/contacts/{contact_uuid}/claim` and `contacts/{id}/claim` are both
    `contacts/{}/claim`: the prefix is optional and placeholders are opaque."""
    path = "/" + path.lstrip("/")
    for prefix in ("/api/v3" + OAUTH_PATH_PREFIX, OAUTH_PATH_PREFIX):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    return re.sub(r"\{[^}]*\}", "{}", path.strip("/"))


def captured(method: str, path: str) -> list[Any]:
    """Every captured response body (2xx) for `METHOD path` under the OAuth prefix."""
    wanted = _shape_of(path)
    found = []
    for yaml_path, operations in _openapi().get("paths", {}).items():
        if not yaml_path.startswith(OAUTH_PATH_PREFIX) or _shape_of(yaml_path) != wanted:
            continue
        operation = operations.get(method.lower()) or {}
        for status, response in (operation.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            for content in (response.get("content") or {}).values():
                if "example" in content:
                    found.append(content["example"])
                for example in (content.get("examples") or {}).values():
                    if isinstance(example, dict) and "value" in example:
                        found.append(example["value"])
    return [_as_json(value) for value in found]


def _as_json(value: Any) -> Any:
    """Some examples are stored as JSON text rather than as yaml structure."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def documented(mdx_name: str, heading: str) -> Any:
    """The first ```json example after `### heading` in a docs page, parsed tolerantly."""
    text = (reference_dir() / mdx_name).read_text(encoding="utf-8")
    start = re.search(rf"^#+\s*{re.escape(heading)}\s*$", text, re.MULTILINE)
    if start is None:
        raise LookupError(f"{mdx_name} has no heading {heading!r}")
    block = re.compile(r"```json\s*\n(.*?)```", re.DOTALL).search(text, start.end())
    if block is None:
        raise LookupError(f"{mdx_name} has no JSON example under {heading!r}")
    return loads_tolerantly(block.group(1))


def loads_tolerantly(text: str) -> Any:
    """JSON as docs pages write it: trailing commas before `}` or `]` are dropped."""
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
