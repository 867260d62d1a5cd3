"""Fill the sandbox with demo data: `python manage.py seed_sandbox [--large]`."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from leatadmin.sandbox.db import Store
from leatadmin.sandbox.seed import seed


class Command(BaseCommand):
    help = "Replace the sandbox's data with realistic demo data (the same every run)."

    def add_arguments(self, parser):
        parser.add_argument("--db", default=None, help="SQLite file (default: SANDBOX_DB).")
        parser.add_argument("--contacts", type=int, default=300)
        parser.add_argument("--large", action="store_true", help="Add big.account@example.com with 100,000 transactions.")
        parser.add_argument("--if-empty", action="store_true", help="Only seed a sandbox that has no contacts yet.")

    def handle(self, *args, db, contacts, large, if_empty, **options):
        started = time.monotonic()
        store = Store(db or settings.SANDBOX_DB)
        if if_empty and store.one("SELECT count(*) FROM contacts")[0]:
            self.stdout.write(f"The sandbox at {store.path} already has data; keeping it (make reseed starts afresh).")
            return
        report = seed(store, contacts=contacts, large=large)
        self.stdout.write(f"Seeded {store.path} in {time.monotonic() - started:.1f} s: {report}")
