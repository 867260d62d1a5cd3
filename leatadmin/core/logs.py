"""The log's two forms: plain text (the default, for `make demo`) and one JSON
object per line (LOG_FORMAT=json, for a log collector).

Each JSON line carries what an on-call engineer searches by: the request id
(also in the response's X-Request-ID and in the task a request started), the
staff member's id, the view, and for a Leat call its route and duration.
gunicorn's access log, configured by gunicorn.conf.py, comes through the same
formatter and gives the same fields. Both forms pass every line through
`redact` (core/redact.py): a safety net under the rule that no line holds
customer data.

No Django here: gunicorn's master process loads this module before Django is set up.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .redact import redact
from .request_context import current

#: Set on a record by whoever logs it (the Leat client: `extra=`), copied when present.
EXTRA_FIELDS = ("leat_route", "duration_ms")


class PlainFormatter(logging.Formatter):
    def __init__(self, *args: Any, secrets: tuple[str, ...] | list[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class JsonFormatter(logging.Formatter):
    def __init__(self, *args: Any, secrets: tuple[str, ...] | list[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(_access(record.args))
        else:
            entry["message"] = redact(record.getMessage(), self.secrets)
            context = current()
            if context is not None:
                entry["request_id"] = context.request_id
                for name in ("staff_id", "view", "task_id"):
                    if value := getattr(context, name):
                        entry[name] = value
            for name in EXTRA_FIELDS:
                if (value := record.__dict__.get(name)) is not None:
                    entry[name] = value
        entry["process"] = record.process
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info), self.secrets)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info), self.secrets)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's access log entry (its atoms, glogging.Logger.atoms): the
    path without its query string, the request id from the response."""
    method, path, status = atoms.get("m"), atoms.get("U"), atoms.get("s")
    fields: dict[str, Any] = {"message": f"{method} {path} {status}", "method": method, "path": path, "status": _int(status), "bytes": _int(atoms.get("B")), "duration_ms": round(_int(atoms.get("D")) / 1000, 1), "client": atoms.get("h")}
    request_id = atoms.get("{x-request-id}o")  # gunicorn keeps the response's headers lower-cased
    if request_id and request_id != "-":
        fields["request_id"] = request_id
    return fields


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
