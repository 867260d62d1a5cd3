"""VisitShop (the shop of each visit leatadmin made) grows into the index of
Leat's visits. Its rows stay, as records whose shop alone is known until a
read from Leat fills in the rest (synced_at stays empty until then)."""

import django.db.models.expressions
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_visitshop"),
    ]

    operations = [
        migrations.RenameModel("VisitShop", "VisitRecord"),
        migrations.RenameField("visitrecord", "visit_uuid", "uuid"),
        migrations.AlterField("visitrecord", "shop_uuid", models.CharField(blank=True, db_index=True, max_length=128)),
        migrations.AddField("visitrecord", "contact_uuid", models.CharField(blank=True, db_index=True, max_length=128)),
        migrations.AddField("visitrecord", "contact_email", models.CharField(blank=True, max_length=255)),
        migrations.AddField("visitrecord", "external_id", models.CharField(blank=True, max_length=255)),
        migrations.AddField("visitrecord", "source", models.CharField(blank=True, max_length=255)),
        migrations.AddField("visitrecord", "starts_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("visitrecord", "ends_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("visitrecord", "leat_created_at", models.DateTimeField(blank=True, null=True)),
        # The remembered rows are not listed until a read from Leat fills them in (and sets this).
        migrations.AddField("visitrecord", "sort_at", models.DateTimeField(default=django.utils.timezone.now), preserve_default=False),
        migrations.AddField("visitrecord", "synced_at", models.DateTimeField(blank=True, db_index=True, null=True)),
        migrations.AlterModelOptions(
            name="visitrecord",
            options={"ordering": (django.db.models.expressions.OrderBy(django.db.models.expressions.F("sort_at"), descending=True), django.db.models.expressions.OrderBy(django.db.models.expressions.F("id"), descending=True))},
        ),
        migrations.AddIndex(
            "visitrecord",
            models.Index(
                django.db.models.expressions.OrderBy(django.db.models.expressions.F("sort_at"), descending=True),
                django.db.models.expressions.OrderBy(django.db.models.expressions.F("id"), descending=True),
                name="visit_newest_start",
            ),
        ),
        migrations.CreateModel(
            name="VisitIndexRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("queued", "Waiting for a worker"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=16)),
                ("next_page", models.PositiveIntegerField(default=1)),
                ("visits_done", models.PositiveIntegerField(default=0)),
                ("visits_total", models.PositiveIntegerField(blank=True, null=True)),
                ("forgotten", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("task_id", models.CharField(blank=True, max_length=64)),
                ("started_at", models.DateTimeField()),
                ("updated_at", models.DateTimeField()),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"ordering": ["-started_at", "-id"]},
        ),
    ]
