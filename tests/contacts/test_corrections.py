"""What every correction on the contact page (points, rewards, cards, subscriptions, prepaid)
shares: opened while Leat is down it says so instead of failing, and nothing
is sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.contact_actions import SLOT

pytestmark = pytest.mark.django_db

ACTIONS = {
    "link card": lambda c, t, p: reverse("cards:link", args=[c]),
    "replace card": lambda c, t, p: reverse("cards:replace", args=[c]),
    "subscribe": lambda c, t, p: reverse("subscriptions:change", args=[c, t, "subscribe"]),
    "top up": lambda c, t, p: reverse("prepaid:book", args=[c]),
    "reverse": lambda c, t, p: reverse("prepaid:reverse", args=[c, p]),
    "give points": lambda c, t, p: reverse("loyalty:points", args=[c]),
    "give a reward": lambda c, t, p: reverse("loyalty:reward", args=[c]),
    "undo a reception": lambda c, t, p: reverse("loyalty:reverse", args=[c, "tx-1", "credits"]),
}


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("headers", [{}, SLOT], ids=["page", "slot"])
def test_a_correction_opened_while_leat_is_down_says_so_and_is_never_a_500(supervisor, leat, sandbox, settings, anna, name, headers):
    kind = next(kind for kind in leat.subscription_types.list() if kind.uuid)
    transaction = leat.prepaid.list(contact_uuid=anna.uuid).items[0]
    url = ACTIONS[name](anna.uuid, kind.uuid, transaction.uuid)
    settings.LEAT_RETRIES = 0  # the answer is the same however often it is asked
    sandbox.faults.update({"maintenance": True})
    response = supervisor.get(url, **headers)
    assert response.status_code == 503, response.content.decode()[:300]
    assert "maintenance" in response.content.decode().lower()
    posted = supervisor.post(url, {"reason": "x", "value": "CARD-1", "amount": "5", "new": "CARD-2"}, **headers)
    assert posted.status_code == 503 and "Your input is kept below" in posted.content.decode()
