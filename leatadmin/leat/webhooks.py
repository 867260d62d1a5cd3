"""Webhook subscriptions: which events Leat sends to which URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import parse_str, require_dict, require_id
from .resource import Resource


@dataclass(frozen=True)
class WebhookSubscription:
    uuid: str
    name: str
    event_type: str
    url: str
    status: str

    @classmethod
    def from_api(cls, data: Any) -> WebhookSubscription:
        data = require_dict(data, "webhook subscription")
        return cls(
            uuid=require_id(data, "webhook subscription"),
            name=parse_str(data.get("name")),
            event_type=parse_str(data.get("event_type")),
            url=parse_str(data.get("url")),
            status=parse_str(data.get("status")),
        )


class WebhookSubscriptions(Resource):
    def list(self) -> list[WebhookSubscription]:
        data = self.client.data("GET", "webhook-subscriptions")
        # One subscription comes back as an object (as captured from Leat), several as a list.
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) and data else []
        return [WebhookSubscription.from_api(item) for item in items]

    def create(self, *, name: str, event_type: str, url: str, secret: str, attributes: list[str] | None = None) -> WebhookSubscription:
        payload: dict[str, Any] = {"name": name, "event_type": event_type, "url": url, "secret": secret}
        if attributes:
            payload["attributes"] = attributes
        return WebhookSubscription.from_api(self.client.data("POST", "webhook-subscriptions", json=payload))
