from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="LeatAccess",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
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
                ],
            },
        ),
    ]
