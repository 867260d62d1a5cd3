"""Read all of Leat's visits into leatadmin's visit index, resuming an unfinished read.

    manage.py visit_index            # queue it for the task worker
    manage.py visit_index --now      # run it here and wait
    manage.py visit_index --restart  # a fresh read, not a resumption
    manage.py visit_index --status   # the last read and the index's size
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leatadmin.visits.index import visit_index_last, visit_index_start
from leatadmin.visits.models import VisitRecord


class Command(BaseCommand):
    help = "Read Leat's visits into leatadmin's visit index (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run in this process instead of the task worker.")
        parser.add_argument("--restart", action="store_true", help="Start afresh instead of resuming an unfinished read.")
        parser.add_argument("--status", action="store_true", help="Say how the last read went, and do nothing.")

    def handle(self, *args, now: bool, restart: bool, status: bool, **options):
        if status:
            run = visit_index_last()
            listed = VisitRecord.objects.filter(synced_at__isnull=False).count()
            said = f"last read {run.get_status_display().lower()}, {run.done:,} of {run.total or 0:,} read. {run.failure}".strip() if run else "never read in full"
            self.stdout.write(f"The visit index lists {listed:,} visits; {said}")
            return
        run = visit_index_start(resume=not restart, here=now)
        if now:
            self.stdout.write(f"Visit index read {run.get_status_display().lower()}: {run.done:,} visits read, {run.forgotten:,} forgotten. {run.failure}".strip())
        else:
            self.stdout.write(f"Visit index read {run.pk} queued for the task worker ({run.get_status_display().lower()}).")
