from django.db import migrations, models


def from_succeeded(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditEntry.objects.filter(succeeded=True).update(outcome="succeeded")
    AuditEntry.objects.filter(succeeded=False).update(outcome="failed")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="outcome",
            field=models.CharField(
                choices=[("succeeded", "Succeeded"), ("failed", "Failed"), ("unknown", "Outcome unknown")], db_index=True, default="failed", max_length=16
            ),
            preserve_default=False,
        ),
        migrations.RunPython(from_succeeded, migrations.RunPython.noop),
    ]
