"""Create the three staff groups with their permissions.

The role table is frozen here (migrations must not change when code does);
`leatadmin/staff/roles.py` holds the same table for the rest of the code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Customer service": ["view_contacts", "create_contacts", "edit_contacts", "view_visits", "view_bookings"],
    "Shop manager": ["view_contacts", "view_visits", "manage_visits", "view_bookings", "manage_bookings"],
    "Supervisor": [
        "view_contacts", "create_contacts", "edit_contacts", "delete_contacts", "view_visits", "manage_visits",
        "view_bookings", "manage_bookings", "view_audit", "export_data",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    staff = apps.get_app_config("staff")
    staff.models_module = True
    create_permissions(staff, apps=apps, verbosity=0)
    staff.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="staff", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
