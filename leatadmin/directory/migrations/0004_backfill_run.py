"""The backfill becomes a tracked run (core/runs.py): progress as
`done`/`total`, Leat's words apart from the message id, and the claim and
attempt that make it run exactly once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_phone_trunk_prefix"),
    ]

    operations = [
        migrations.AlterModelOptions(name="directorybackfill", options={"ordering": ["-started_at", "-id"]}),
        migrations.RenameField(model_name="directorybackfill", old_name="contacts_done", new_name="done"),
        migrations.RenameField(model_name="directorybackfill", old_name="contacts_total", new_name="total"),
        migrations.AddField(model_name="directorybackfill", name="attempt", field=models.CharField(blank=True, max_length=32)),
        migrations.AddField(model_name="directorybackfill", name="claim", field=models.CharField(blank=True, max_length=255, null=True, unique=True)),
        migrations.AddField(model_name="directorybackfill", name="leat_message", field=models.TextField(blank=True)),
    ]
