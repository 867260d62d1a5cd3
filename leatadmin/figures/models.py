"""The shop's figures: leatadmin's mirror of Leat's loyalty transactions and
the daily figures per shop kept from it (see `mirror.py` for how it is read).

Leat can list loyalty transactions but not sum them, and summing them on
every look would mean paging through all of them while a person waits. So
leatadmin keeps the few values of each transaction the figures need, and one
row of figures per shop and day, brought up to date as transactions are
mirrored: the figures page reads days, never transactions.
"""

from django.db import models
from django.utils.translation import gettext_noop

from leatadmin.core.runs import Run

#: The daily figures' row of a day's every shop together (`DailyShopFigures.shop_uuid`):
#: its distinct contacts are the chain's, which the shops' rows cannot add up to.
EVERY_SHOP = "*"


class MirroredTransaction(models.Model):
    """One of Leat's loyalty transactions, as far as the figures need it. No
    name, email or card: the contact by its Leat identifier only (to count
    distinct contacts), and that is replaced when the contact is deleted."""

    uuid = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    #: The day it was made on in the shops' time zone (settings.TIME_ZONE): the figures' day.
    day = models.DateField(db_index=True)
    shop_uuid = models.CharField(max_length=64, blank=True)
    contact_uuid = models.CharField(max_length=64, blank=True, db_index=True)
    #: A reward reception (else a credit reception).
    is_reward = models.BooleanField(default=False)
    #: Leat's own sign: a reward reception is minus its cost, a refund a negative credit reception.
    credits = models.IntegerField(default=0)
    #: The purchase amount a credit reception was for, in the program's unit (`unit_label`).
    unit_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.uuid} ({self.credits:+d} on {self.day})"


class DailyShopFigures(models.Model):
    """A shop's figures of one day (or every shop's: `EVERY_SHOP`), recomputed
    from the mirror whenever a read brings in transactions of that day."""

    shop_uuid = models.CharField(max_length=64)
    day = models.DateField()
    transactions = models.PositiveIntegerField(default=0)
    credits_given = models.PositiveIntegerField(default=0)
    credits_taken = models.PositiveIntegerField(default=0)
    rewards = models.IntegerField(default=0)
    reward_credits = models.IntegerField(default=0)
    purchase_amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    purchases = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)
    unit_label = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shop_uuid", "day"], name="figures_one_row_per_shop_and_day")]
        indexes = [models.Index(fields=["day"], name="figures_daily_day")]

    def __str__(self) -> str:
        return f"{self.shop_uuid} on {self.day}"


class MirroredShop(models.Model):
    """A shop's name as the last mirrored transaction at it said (for the figures' shop picker, with no Leat call)."""

    uuid = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name or self.uuid


class MirrorRun(Run):
    """One read of Leat's loyalty transactions into the mirror (mirror.py),
    resumable: `cursor` is the creation time of the last transaction it
    stored. `done` counts the transactions read, `added` those new to the mirror."""

    failed_in_leat = gettext_noop("Start the read again: it resumes where it stopped.")
    failed_unexpectedly = gettext_noop("The read stopped unexpectedly. Start it again: it resumes where it stopped.")
    never_taken = gettext_noop("No task worker took the read up; an administrator must check that the worker process runs. Start it again: it resumes where it stopped.")
    worker_ended = gettext_noop("The read stopped (its worker ended). Start it again: it resumes where it stopped.")

    cursor = models.DateTimeField(null=True, blank=True)
    #: Re-read every transaction from Leat's first (`manage.py figures_mirror --from-start`), not only what is new.
    from_start = models.BooleanField(default=False)
    added = models.PositiveIntegerField(default=0)
