"""Request bodies as Leat (a Laravel application) reads them: JSON, a form
or `multipart/form-data`, with Laravel's bracketed keys
(`attributes[firstname]=Ann`) nested into dicts; a body that is not a JSON
object is 1003 about `body`, and `http` answers 413 to one over `MAX_BODY`
bytes. Apart from `http` (server, auth, faults) because this is parsing
alone: a content type and bytes in, the request's data out, no socket.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from typing import Any
from urllib.parse import parse_qsl

from .errors import invalid

MAX_BODY = 1_000_000


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Laravel-style form keys: `attributes[firstname]=Ann` -> nested dicts."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key) or [key]
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {}) if isinstance(target.get(part, {}), dict) else target
        target[parts[-1]] = value
    return out


def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return _nest(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    if kind == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        pairs = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                pairs.append((name, part.get_content() if part.get_content_maintype() == "text" else part.get_payload(decode=True).decode()))
        return _nest(pairs)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise invalid({"body": "The request body is not valid JSON."}) from None
    if not isinstance(data, dict):
        raise invalid({"body": "The request body must be a JSON object."})
    return data
