"""Error reports to Sentry, when SENTRY_DSN is set (settings.py calls `init`).

sentry-sdk's Django integration reports what a request fails on (a 500) and
its logging integration what is logged as an error (a panel that failed, a
run that failed). Each report says the release (SENTRY_RELEASE, else the
SDK's own guess: the git revision), the environment, the staff member's id
and role (never their name or email), the request id and the Leat route of
the latest call.

No customer data and no Leat key leave: the SDK is told to collect no
request bodies, cookies, query strings, local variables or database
parameters (`data_collection`); an exception's message is withheld unless it
is about code or Leat's (`CODE_MESSAGES`: a bug's message may hold a name,
which no pattern recognises); and `scrub` goes over every text of an event, a
breadcrumb, a log and a span before it is sent (core/redact.py: emails, phone
and card numbers, the key, bearer tokens).
"""

from __future__ import annotations

import logging
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from .redact import redact
from .request_context import current

#: Request headers an event keeps (allow-list: never Cookie, Authorization or a forwarded address).
HEADERS = ["user-agent", "accept-language", "hx-request", "hx-target", "content-type", "content-length", "referer"]

#: Exceptions whose message is about code, never data: theirs is kept. Every other
#: message is withheld (a bug's f-string may hold a customer's name, which no
#: pattern recognises); Leat's errors keep Leat's words.
CODE_MESSAGES = frozenset({"AttributeError", "NameError", "ImportError", "ModuleNotFoundError", "NotImplementedError", "ZeroDivisionError", "RecursionError", "TemplateDoesNotExist", "TemplateSyntaxError", "NoReverseMatch"})
WITHHELD = "(message withheld: it may hold customer data)"

DATA_COLLECTION = {
    "user_info": False,  # the staff member's id and role are set by `_with_context`, nothing else
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": HEADERS}},
    "http_bodies": [],  # a form holds a customer's data
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,  # a frame's locals hold contacts
    "gen_ai": {"inputs": False, "outputs": False},
}


def init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float | None, leat_api_key: str, transport: Any = None) -> None:
    secrets = tuple(value for value in (leat_api_key,) if value)

    def before_send(event: dict[str, Any], hint: Any) -> dict[str, Any]:
        return scrub(_with_context(event), secrets)

    def before_send_other(item: Any, hint: Any) -> Any:
        return scrub(item, secrets)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,  # None: the SDK's own (SENTRY_RELEASE, the git revision, the platform's)
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), LoggingIntegration(level=logging.WARNING, event_level=logging.ERROR)],
        data_collection=DATA_COLLECTION,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=lambda crumb, hint: _crumb(crumb, secrets),
        before_send_log=before_send_other,
        before_send_span=before_send_other,
        transport=transport,
    )


def _with_context(event: dict[str, Any]) -> dict[str, Any]:
    """Who and what: the staff member (id and role), the request id, the view, the Leat route."""
    context = current()
    tags = event.setdefault("tags", {})
    event["user"] = {}
    if context is not None:
        tags["request_id"] = context.request_id
        if context.view:
            tags["view"] = context.view
        if context.leat_route:
            tags["leat.route"] = context.leat_route
        if context.task_id:
            tags["task_id"] = context.task_id
        if context.staff_id is not None:
            event["user"] = {"id": str(context.staff_id)}
            tags["staff.role"] = _role(context.user)
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("type") not in CODE_MESSAGES and not str(exception.get("module") or "").startswith("leatadmin.leat"):
            exception["value"] = WITHHELD
    request = event.get("request")
    if isinstance(request, dict):
        # The page, without its query string; no body, no cookies, no environment.
        event["request"] = {key: request[key] for key in ("method", "url", "headers") if key in request}
        if isinstance(event["request"].get("url"), str):
            event["request"]["url"] = event["request"]["url"].split("?", 1)[0]
    return event


def _role(user: Any) -> str:
    """The staff member's roles (their groups: Customer service, Shop manager, Supervisor)."""
    try:
        return ", ".join(sorted(user.groups.values_list("name", flat=True))) or "none"
    except Exception:  # the database is what failed: the report still goes
        return "unknown"


def _crumb(crumb: dict[str, Any], secrets: tuple[str, ...]) -> dict[str, Any]:
    data = crumb.get("data")
    if isinstance(data, dict):
        # An HTTP call's URL without its query (Leat's find-one-by takes an email there); SQL without parameters.
        crumb["data"] = {key: (value.split("?", 1)[0] if isinstance(value, str) and key in ("url", "http.url") else value) for key, value in data.items() if key not in ("http.query", "params", "db.params")}
    return scrub(crumb, secrets)


def scrub(value: Any, secrets: tuple[str, ...] = ()) -> Any:
    """Every text in `value` (dicts, lists, tuples, nested) through `redact`."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {key: scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub(item, secrets) for item in value)
    return value
