"""The contact directory: what free-text search needs to know about each
Leat contact, and nothing more (see docs/directory.md).

Filled by a backfill (`GET contacts`), kept current by Leat's webhooks, and
searched through the database's own text index (PostgreSQL trigram GIN on
`search`, SQLite FTS5 over `search`; see migrations/0002)."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from leatadmin.core.runs import Run

NEWEST_FIRST = F("last_changed").desc()


class DirectoryContact(models.Model):
    uuid = models.CharField(max_length=128, unique=True)
    email = models.CharField(max_length=255)  # lower case
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=64, blank=True)  # as Leat holds it, for display
    phone_key = models.CharField(max_length=32, blank=True)  # national digits (folding.phone_key)
    postcode = models.CharField(max_length=32, blank=True)
    city = models.CharField(max_length=255, blank=True)
    cards = models.CharField(max_length=1024, blank=True)  # loyalty card values, space-separated
    tier = models.CharField(max_length=255, blank=True)
    last_changed = models.DateTimeField(default=timezone.now)  # Leat's updated_at (else when leatadmin heard of it)
    # Folded (no accents, lower case) for search; `name_key` is "first last".
    name_key = models.CharField(max_length=511, blank=True)
    first_key = models.CharField(max_length=255, blank=True)
    last_key = models.CharField(max_length=255, blank=True)
    search = models.TextField(blank=True)
    # When leatadmin last heard of this contact (backfill or webhook): a
    # finished backfill forgets whoever it did not see.
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Each exact kind of match is an index walked newest first, so the
        # first twenty of a common name cost twenty rows, not thousands.
        indexes = [
            models.Index(fields=["synced_at"], name="directory_synced"),
            models.Index(NEWEST_FIRST, name="directory_newest"),
            models.Index(F("email"), NEWEST_FIRST, name="directory_email"),
            models.Index(F("cards"), NEWEST_FIRST, name="directory_cards"),
            models.Index(F("phone_key"), NEWEST_FIRST, name="directory_phone"),
            models.Index(F("name_key"), NEWEST_FIRST, name="directory_name"),
            models.Index(F("first_key"), NEWEST_FIRST, name="directory_first_name"),
            models.Index(F("last_key"), NEWEST_FIRST, name="directory_last_name"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class DirectoryBackfill(Run):
    """One run of the backfill (backfill.py), resumable: `cursor` is the
    creation date of the last contact stored; a resumed run asks Leat for
    contacts created from that moment on (the few at that very second come
    again, harmlessly). `done` and `total` count contacts."""

    failed_in_leat = gettext_noop("Start the backfill again: it resumes where it stopped.")
    failed_unexpectedly = gettext_noop("The backfill stopped unexpectedly. Start it again: it resumes where it stopped.")
    never_taken = gettext_noop("No task worker took the backfill up; an administrator must check that the worker process runs. Start it again: it resumes where it stopped.")
    worker_ended = gettext_noop("The backfill stopped (its worker ended). Start it again: it resumes where it stopped.")

    cursor = models.CharField(max_length=64, blank=True)
    forgotten = models.PositiveIntegerField(default=0)


class WebhookSubscription(models.Model):
    """A subscription leatadmin registered with Leat, with the secret Leat signs its deliveries with."""

    uuid = models.CharField(max_length=128, unique=True)
    event_type = models.CharField(max_length=64)
    url = models.CharField(max_length=1024)
    secret = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)


class WebhookDelivery(models.Model):
    """A delivery already processed (by the SHA-256 of its body): Leat's
    retries of it are acknowledged and not processed again."""

    digest = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=64)
    contact_uuid = models.CharField(max_length=128, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
