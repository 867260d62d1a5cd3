"""Leat's webhook subscriptions for the contact directory.

    manage.py leat_webhooks            # status: Leat's subscriptions, the directory, the last backfill
    manage.py leat_webhooks register [--url URL]

`register` subscribes `contact_created` and `contact_updated` to this app's
endpoint (LEAT_WEBHOOK_URL), each with a new random secret kept in the
database, unless an active subscription leatadmin knows already exists.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leatadmin.core.leat import leat
from leatadmin.directory.models import WebhookDelivery, WebhookSubscription
from leatadmin.directory.selectors import backfill_latest, directory_size
from leatadmin.directory.webhooks import EVENTS
from leatadmin.leat.errors import LeatError

#: contact_updated fires only for the attributes named (Leat requires some): those the directory holds.
WATCHED_ATTRIBUTES = ["email", "firstname", "lastname", "phonenumber", "postalcode", "city", "tier", "default_contact_identifier"]


class Command(BaseCommand):
    help = "Register Leat's contact webhooks for the directory, or show their status."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["status", "register"], default="status")
        parser.add_argument("--url", default=None, help="The URL Leat calls (default: LEAT_WEBHOOK_URL).")

    def handle(self, *args, action: str, url: str | None, **options):
        try:
            if action == "register":
                self.register(url or settings.LEAT_WEBHOOK_URL)
            self.status()
        except LeatError as error:
            raise CommandError(f"Leat: {error.message}") from None

    def register(self, url: str) -> None:
        at_leat = {(s.event_type, s.url): s for s in leat().webhooks.list() if s.status == "ACTIVE"}
        for event_type in EVENTS:
            existing = at_leat.get((event_type, url))
            if existing and WebhookSubscription.objects.filter(uuid=existing.uuid).exists():
                self.stdout.write(f"{event_type}: already subscribed ({existing.uuid})")
                continue
            secret = secrets.token_hex(32)
            made = leat().webhooks.create(
                name=f"leatadmin directory: {event_type}", event_type=event_type, url=url, secret=secret,
                attributes=WATCHED_ATTRIBUTES if event_type == "contact_updated" else None,
            )
            WebhookSubscription.objects.create(uuid=made.uuid, event_type=event_type, url=url, secret=secret)
            self.stdout.write(self.style.SUCCESS(f"{event_type}: subscribed {url} ({made.uuid})"))

    def status(self) -> None:
        ours = set(WebhookSubscription.objects.values_list("uuid", flat=True))
        self.stdout.write("Leat's webhook subscriptions:")
        listed = leat().webhooks.list()
        for sub in listed:
            mark = "leatadmin's (secret known)" if sub.uuid in ours else "not leatadmin's"
            self.stdout.write(f"  {sub.event_type:<18} {sub.status:<9} {sub.url}  {sub.uuid}  {mark}")
        if not listed:
            self.stdout.write("  none: run `manage.py leat_webhooks register`")
        last = WebhookDelivery.objects.order_by("-received_at").first()
        self.stdout.write(f"Directory: {directory_size():,} contacts; last webhook processed: {last.received_at.isoformat(timespec='seconds') if last else 'never'}")
        run = backfill_latest()
        if run is None:
            self.stdout.write("Backfill: never run (`manage.py directory_backfill`)")
        else:
            self.stdout.write(f"Backfill: {run.get_status_display()}, {run.done:,} contacts, started {run.started_at.isoformat(timespec='seconds')}" + (f": {run.failure}" if run.error else ""))
