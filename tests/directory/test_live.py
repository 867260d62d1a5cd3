"""End to end: `leat_webhooks register` subscribes the app to the sandbox,
and a change in Leat reaches the directory through a signed webhook."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command

from leatadmin.directory.models import DirectoryContact, WebhookSubscription

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_register_then_a_change_in_leat_reaches_the_directory(live_server, sandbox, leat, unique_email):
    url = live_server.url + "/webhooks/leat/"
    out = io.StringIO()
    call_command("leat_webhooks", "register", "--url", url, stdout=out)
    try:
        assert "contact_created: subscribed" in out.getvalue() and "contact_updated: subscribed" in out.getvalue()
        assert set(WebhookSubscription.objects.values_list("event_type", flat=True)) == {"contact_created", "contact_updated"}
        again = io.StringIO()
        call_command("leat_webhooks", "register", "--url", url, stdout=again)
        assert again.getvalue().count("already subscribed") == 2 and WebhookSubscription.objects.count() == 2
        call_command("leat_webhooks", stdout=again)
        assert "leatadmin's (secret known)" in again.getvalue()

        uuid = leat.contacts.create(unique_email).uuid
        assert wait_until(lambda: DirectoryContact.objects.filter(uuid=uuid).exists()), "contact_created arrived"
        leat.contacts.update(uuid, attributes={"firstname": "Zebedeüs", "phonenumber": "+31 6 9999 0000"})
        assert wait_until(lambda: DirectoryContact.objects.filter(uuid=uuid, first_name="Zebedeüs").exists()), "contact_updated arrived"
        row = DirectoryContact.objects.get(uuid=uuid)
        assert "zebedeus" in row.search and row.phone_key == "699990000"
    finally:
        # The sandbox is shared by the session: no subscription outlives the test.
        with sandbox.store.write() as conn:
            conn.execute("DELETE FROM webhook_subscriptions WHERE url = ?", (url,))
