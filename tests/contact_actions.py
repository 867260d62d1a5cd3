"""Driving an action in the contact page's action slot (`#contact-action`),
as htmx does: the form opens there and is posted from there."""

from __future__ import annotations

import json

from leatadmin.audit.models import AuditEntry
from tests.core.test_staff_actions import _FormReader

#: The headers htmx sends for a button with hx-target="#contact-action".
SLOT = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "contact-action"}
#: A form inside the slot posts itself (hx-target="this").
IN_FORM = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "action-form"}


def slot_data(client, url: str, **fields) -> dict:
    """What the browser would post from the form opened in the slot, plus `fields`."""
    response = client.get(url, **SLOT)
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    assert "<html" not in html and 'id="action-title"' in html and 'name="in_page" value="1"' in html
    reader = _FormReader()
    reader.feed(html)
    reader.data.pop("csrfmiddlewaretoken", None)
    return {**reader.data, **fields}


def post_in_slot(client, url: str, data: dict):
    return client.post(url, data, **IN_FORM)


def done_in_place(response) -> str:
    """The action finished in the slot and told the page's panels to refresh."""
    assert response.status_code == 200, response.content.decode()[:800]
    html = response.content.decode()
    assert 'class="card done"' in html, html[:800]
    assert "leat-changed" in json.loads(response["HX-Trigger"])
    return html


def entries(action_prefix: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__startswith=action_prefix).order_by("id"))
