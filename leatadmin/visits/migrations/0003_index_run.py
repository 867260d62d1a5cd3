"""The visit index's full read becomes a tracked run (core/runs.py): progress
as `done`/`total`, Leat's words apart from the message id, and the claim and
attempt that make it run exactly once."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_visit_index"),
    ]

    operations = [
        migrations.RenameField(model_name="visitindexrun", old_name="visits_done", new_name="done"),
        migrations.RenameField(model_name="visitindexrun", old_name="visits_total", new_name="total"),
        migrations.AddField(model_name="visitindexrun", name="attempt", field=models.CharField(blank=True, max_length=32)),
        migrations.AddField(model_name="visitindexrun", name="claim", field=models.CharField(blank=True, max_length=255, null=True, unique=True)),
        migrations.AddField(model_name="visitindexrun", name="leat_message", field=models.TextField(blank=True)),
        migrations.AlterField(model_name="visitindexrun", name="started_at", field=models.DateTimeField(default=django.utils.timezone.now)),
        migrations.AlterField(model_name="visitindexrun", name="updated_at", field=models.DateTimeField(default=django.utils.timezone.now)),
    ]
