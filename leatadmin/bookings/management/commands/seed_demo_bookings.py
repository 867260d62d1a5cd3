"""Give the demo's booking ledger some history, made through the real services.

Leat cannot list bookings, so a fresh ledger is empty. For the demo, the
"manager" account makes a few bookings in the sandbox and corrects some, the
way staff would: every write goes to Leat and into the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leatadmin.bookings import services
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.leat import leat
from leatadmin.leat.errors import LeatError

EMAILS = ["anna.devries@example.com", "few.transactions@example.com"]


class Command(BaseCommand):
    help = "Make a few bookings (and corrections) through leatadmin, if the ledger is empty."

    def handle(self, *args, **options):
        if BookingRecord.objects.exists():
            self.stdout.write("The booking ledger already has bookings; leaving it.")
            return
        manager = get_user_model().objects.filter(username="manager").first()
        if manager is None:
            raise CommandError("There is no demo account 'manager' to make the bookings: run `manage.py create_demo_staff` first.")
        try:
            self.make(manager)
        except LeatError as error:
            # Said in one line, not a traceback: most often the sandbox is not where LEAT_API_URL points.
            raise CommandError(f"Leat at {settings.LEAT_API_URL} did not take the demo bookings: {error.message} Is the sandbox running there (SANDBOX_ADDR)?") from None
        self.stdout.write(f"Made {BookingRecord.objects.count()} demo bookings through leatadmin.")

    def make(self, manager) -> None:
        shops = leat().shops.list()
        contacts = [leat().contacts.find_by_email(email) for email in EMAILS]
        start = timezone.localtime().replace(hour=18, minute=30, second=0, microsecond=0)
        for n in range(8):
            contact = contacts[n % len(contacts)]
            begins = start + dt.timedelta(days=n - 2)
            fields = {"starts_at": begins, "ends_at": begins + dt.timedelta(hours=2), "number_of_people": 2 + n % 5, "status": "created", "source": "Phone", "external_id": f"DEMO-{n + 1:03d}"}
            if n % 3 == 0:
                fields.update(company_name="Acme BV", prepaid_amount=2500)
            record = services.booking_create(user=manager, shop_uuid=shops[n % len(shops)].uuid, contact_uuid=contact.uuid, contact_email=contact.email, fields=fields).obj
            if n == 0:
                services.booking_correct(user=manager, record=record, fields={"number_of_people": 4}, reason="Customer phoned: two more guests")
                services.booking_check_in(user=manager, record=record)
            elif n == 1:
                services.booking_complete(user=manager, record=record)
            elif n == 5:
                services.booking_cancel(user=manager, record=record)
