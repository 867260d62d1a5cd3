"""Staff permissions for what leatadmin does in Leat.

Contacts and visits live in Leat, not here, so there is no model to hang
their permissions on; this table-less model carries them all, in one place.
Check them as `staff.<codename>`, e.g. `user.has_perm("staff.edit_contacts")`.
"""

from django.db import models


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
        ]
