"""Remove what has outlived its use and queue what is due, every hour: core's
chores (submit-once rows, expired sessions, old task results) and those the
apps register (core/housekeeping.py): expired transaction exports, old webhook
deliveries, a full read of Leat's visits into the visit index when none
finished for a day.

Run it hourly (README, Deployment): python manage.py housekeeping
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from leatadmin.core.housekeeping import chores


class Command(BaseCommand):
    help = "Prune old submit-once rows, sessions, exports, task results and webhook deliveries; queue the visit index's daily read."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        for chore in chores().values():
            said = chore(now)
            if said:
                self.stdout.write(said)
