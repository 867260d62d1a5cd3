"""leatadmin's index of Leat's visits (see `index.py` for how it is kept).

Leat lists visits newest-created first and filters them by contact only,
and its visit answers carry no shop, although every visit is created for
one. So leatadmin keeps what it reads of each visit here: the list can then
be sorted by start and filtered by shop and day without reading every page
of Leat's list. The shop is known for the visits leatadmin made (it
remembers the shop it sent, as the booking ledger does for bookings); for a
visit made elsewhere it is simply unknown.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_noop

from leatadmin.core.runs import Run

#: The visit list's order: newest start first (a visit without a start by when it was made).
NEWEST_START = (F("sort_at").desc(), F("id").desc())


class VisitRecord(models.Model):
    uuid = models.CharField(max_length=128, unique=True)
    contact_uuid = models.CharField(max_length=128, blank=True, db_index=True)
    contact_email = models.CharField(max_length=255, blank=True)
    shop_uuid = models.CharField(max_length=128, blank=True, db_index=True)
    shop_name = models.CharField(max_length=255, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=255, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    leat_created_at = models.DateTimeField(null=True, blank=True)
    #: Its start, else when it was made: never empty, so one index serves the
    #: order on SQLite and PostgreSQL alike (they put NULLs at opposite ends).
    sort_at = models.DateTimeField()
    #: When Leat's word on this visit was last stored. None: only the shop
    #: leatadmin made it at is known (kept from before the index existed, or
    #: after a full read no longer saw it); such rows are not listed.
    synced_at = models.DateTimeField(null=True, blank=True, db_index=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = NEWEST_START
        indexes = [
            models.Index(F("sort_at").desc(), F("id").desc(), name="visit_newest_start"),
            # A shop's visits by day (the agenda, the figures' visits per day): one range of this index.
            models.Index(fields=["shop_uuid", "starts_at"], name="visit_shop_start"),
        ]

    def __str__(self) -> str:
        return f"{self.uuid} at {self.shop_name or self.shop_uuid or 'an unknown shop'}"


class VisitIndexRun(Run):
    """One full read of Leat's visits into the index (index.py), resumable:
    `next_page` is the first page of Leat's list not yet stored. `done` and
    `total` count visits."""

    failed_in_leat = gettext_noop("Start the read again: it resumes where it stopped.")
    failed_unexpectedly = gettext_noop("The read stopped unexpectedly. Start it again: it resumes where it stopped.")
    never_taken = gettext_noop("No task worker took the read up; an administrator must check that the worker process runs. Start it again: it resumes where it stopped.")
    worker_ended = gettext_noop("The read stopped (its worker ended). Start it again: it resumes where it stopped.")

    next_page = models.PositiveIntegerField(default=1)
    forgotten = models.PositiveIntegerField(default=0)
