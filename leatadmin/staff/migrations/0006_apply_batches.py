"""The permission to apply and undo batches of loyalty corrections (#25),
given to supervisors.

Frozen here like 0005's; `leatadmin/staff/roles.py` holds the same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [("apply_batches", "Apply and undo batches of loyalty corrections from a file")]
GRANTS = {"Supervisor": ["apply_batches"]}


def grant(apps, schema_editor):
    staff = apps.get_app_config("staff")
    staff.models_module = True
    create_permissions(staff, apps=apps, verbosity=0)
    staff.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="staff", codename__in=codenames))


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(content_type__app_label="staff", codename__in=[c for c, _ in PERMISSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("staff", "0005_counter")]
    operations = [
        migrations.AlterModelOptions(
            name="leataccess",
            options={
                "managed": False,
                "default_permissions": (),
                "permissions": [
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
                    *PERMISSIONS,
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
