"""Staff permissions for what leatadmin does in Leat.

Contacts and visits live in Leat, not here, so there is no model to hang
their permissions on; this table-less model carries them all, in one place.
Check them as `staff.<codename>`, e.g. `user.has_perm("staff.edit_contacts")`.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class LeatAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_contacts", "Look up and view contacts"),
            ("create_contacts", "Create contacts (also find-or-create and anonymous)"),
            ("edit_contacts", "Edit contact attributes and claim anonymous contacts"),
            ("delete_contacts", "Delete contacts (DEFAULT or GDPR)"),
            ("view_visits", "View visits"),
            ("manage_visits", "Create and edit visits"),
            ("view_bookings", "View bookings"),
            ("manage_bookings", "Create, correct, check in, complete and cancel bookings"),
            ("view_audit", "View the audit log"),
            ("export_data", "Export data as CSV"),
            ("correct_loyalty", "Give or take points, give rewards, undo credit and reward receptions"),
            ("manage_cards", "Link, block and replace a contact's loyalty cards"),
            ("manage_subscriptions", "Subscribe and unsubscribe contacts"),
            ("topup_prepaid", "Top up a contact's prepaid balance"),
            ("refund_prepaid", "Refund prepaid and reverse prepaid transactions"),
            ("redeem_vouchers", "Redeem vouchers and mark rewards collected"),
            ("giftcard_transactions", "Pay with and top up gift cards"),
            ("manage_vouchers", "Give vouchers, deactivate and activate them"),
            ("manage_giftcards", "Make digital gift cards, undo gift card transactions"),
            ("apply_batches", "Apply and undo batches of loyalty corrections from a file"),
        ]


class StaffPreference(models.Model):
    """What a staff member chose for themselves, kept on the server so it
    follows them to any browser: the language of the interface (empty: the
    browser's). Applied by `staff.language.StaffLanguageMiddleware`."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preference")
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.language or 'browser'})"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Every process reads the choice from the shared cache: keep it in step.
        cache.set(language_cache_key(self.user), self.language, LANGUAGE_CACHE_SECONDS)


#: How long a process may go by the cached copy of a choice without asking the database.
LANGUAGE_CACHE_SECONDS = 24 * 60 * 60


def language_cache_key(user) -> str:
    # With when the account was made: a database that reuses an id never inherits a choice.
    return f"staff-language:{user.pk}:{user.date_joined.timestamp()}"


class StaffShop(models.Model):
    """A shop a staff member is limited to (staff/scoping.py). Anyone with at
    least one sees and changes only these shops' visits, bookings and agenda,
    whatever their role; without any, every shop. Given in the staff admin."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_shops")
    shop_uuid = models.CharField(_("shop"), max_length=128)
    #: Leat's name for it when it was assigned: the admin and the 403 page name it while Leat is away.
    shop_name = models.CharField(_("shop name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("shop of this staff member")
        verbose_name_plural = _("shops of this staff member (none: every shop)")
        constraints = [models.UniqueConstraint(fields=["user", "shop_uuid"], name="staff_shop_once_per_user")]
        ordering = ["shop_name", "shop_uuid"]

    def __str__(self) -> str:
        return self.shop_name or self.shop_uuid
