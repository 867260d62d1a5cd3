"""The export becomes a tracked run (core/runs.py): progress as `done`/`total`,
`started_at`, Leat's words apart from the message id, and the claim and
attempt that make it run exactly once."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0003_export_task"),
    ]

    operations = [
        migrations.AlterModelOptions(name="transactionexport", options={"ordering": ["-started_at", "-id"]}),
        migrations.RenameField(model_name="transactionexport", old_name="rows_done", new_name="done"),
        migrations.RenameField(model_name="transactionexport", old_name="rows_total", new_name="total"),
        migrations.RenameField(model_name="transactionexport", old_name="created_at", new_name="started_at"),
        migrations.AlterField(model_name="transactionexport", name="started_at", field=models.DateTimeField(default=django.utils.timezone.now)),
        migrations.AddField(model_name="transactionexport", name="attempt", field=models.CharField(blank=True, max_length=32)),
        migrations.AddField(model_name="transactionexport", name="claim", field=models.CharField(blank=True, max_length=255, null=True, unique=True)),
        migrations.AddField(model_name="transactionexport", name="leat_message", field=models.TextField(blank=True)),
        migrations.AlterField(
            model_name="transactionexport",
            name="status",
            field=models.CharField(choices=[("queued", "Waiting for a worker"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=16),
        ),
    ]
