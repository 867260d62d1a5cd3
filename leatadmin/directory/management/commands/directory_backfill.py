"""Fill the contact directory from Leat (`GET contacts`), resuming an unfinished run.

    manage.py directory_backfill            # queue it for the task worker
    manage.py directory_backfill --now      # run it here and wait
    manage.py directory_backfill --restart  # a fresh run, not a resumption
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leatadmin.directory.backfill import backfill_start


class Command(BaseCommand):
    help = "Fill the contact directory from Leat (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run in this process instead of the task worker.")
        parser.add_argument("--restart", action="store_true", help="Start afresh instead of resuming an unfinished run.")

    def handle(self, *args, now: bool, restart: bool, **options):
        run = backfill_start(resume=not restart, here=now)
        if now:
            self.stdout.write(f"Backfill {run.get_status_display().lower()}: {run.done:,} contacts, {run.forgotten:,} forgotten. {run.failure}".strip())
        else:
            self.stdout.write(f"Backfill {run.pk} queued for the task worker ({run.get_status_display().lower()}).")
