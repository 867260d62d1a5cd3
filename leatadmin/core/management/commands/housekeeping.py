"""Remove what has outlived its use: submit-once rows, expired sessions,
expired transaction exports (rows and files), old finished task results and
old webhook deliveries (kept a week to recognise Leat's retries). And it
queues a full read of Leat's visits into the visit index when none finished
for a day (visits/index.py: changes made elsewhere to older visits).

Run it hourly (README, Deployment): python manage.py housekeeping
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leatadmin.contacts.exports import KEEP_FILES_SECONDS, exports_prune
from leatadmin.core.models import FormSubmission
from leatadmin.directory.models import WebhookDelivery
from leatadmin.visits.index import visit_index_due, visit_index_start

# A create form is sent within hours of being opened; its token is no use after a day.
KEEP_SUBMISSIONS = timedelta(days=1)
KEEP_TASK_RESULTS = timedelta(days=7)
# Leat retries a webhook five times within hours; a week of processed deliveries is plenty to spot replays.
KEEP_WEBHOOK_DELIVERIES = timedelta(days=7)


class Command(BaseCommand):
    help = "Prune old submit-once rows, expired sessions, expired exports and old task results."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        submissions, _ = FormSubmission.objects.filter(created_at__lt=now - KEEP_SUBMISSIONS).delete()
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        exports = exports_prune(older_than=timedelta(seconds=KEEP_FILES_SECONDS))
        tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()
        deliveries, _ = WebhookDelivery.objects.filter(received_at__lt=now - KEEP_WEBHOOK_DELIVERIES).delete()
        self.stdout.write(f"Removed {submissions} submit-once rows, expired sessions, {exports} exports, {tasks} task results and {deliveries} webhook deliveries.")
        if visit_index_due():
            run = visit_index_start()
            self.stdout.write(f"Queued a full read of Leat's visits into the visit index (read {run.pk}).")
