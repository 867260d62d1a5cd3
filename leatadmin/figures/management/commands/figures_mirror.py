"""Read Leat's loyalty transactions into the figures' mirror: what is new since the last read.

    manage.py figures_mirror               # queue it for the task worker (cron it every few minutes for fresher figures)
    manage.py figures_mirror --now         # run it here and wait
    manage.py figures_mirror --from-start  # read every transaction again, recomputing every day's figures
    manage.py figures_mirror --status      # the last read and the mirror's size
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leatadmin.figures.mirror import mirror_last, mirror_start
from leatadmin.figures.models import MirroredTransaction


class Command(BaseCommand):
    help = "Read Leat's loyalty transactions into the figures' mirror (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run in this process instead of the task worker.")
        parser.add_argument("--from-start", action="store_true", help="Read every transaction again, not only those made since the last read.")
        parser.add_argument("--status", action="store_true", help="Say how the last read went, and do nothing.")

    def handle(self, *args, now: bool, from_start: bool, status: bool, **options):
        if status:
            run = mirror_last()
            said = f"last read {run.get_status_display().lower()}, {run.done:,} read, {run.added:,} new. {run.failure}".strip() if run else "never read"
            self.stdout.write(f"The mirror holds {MirroredTransaction.objects.count():,} loyalty transactions; {said}")
            return
        run = mirror_start(here=now, from_start=from_start)
        if now:
            self.stdout.write(f"Mirror read {run.get_status_display().lower()}: {run.done:,} transactions read, {run.added:,} new. {run.failure}".strip())
        else:
            self.stdout.write(f"Mirror read {run.pk} queued for the task worker ({run.get_status_display().lower()}).")
