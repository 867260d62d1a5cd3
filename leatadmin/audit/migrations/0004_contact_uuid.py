"""Every audit entry names the contact it was about. Entries written before
this learn it from what they hold (the target, the contact sent to Leat),
else from the booking ledger, the visit index, or the entry that made the
transaction they reversed."""

from django.db import migrations, models


def fill(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    BookingRecord = apps.get_model("bookings", "BookingRecord")
    VisitRecord = apps.get_model("visits", "VisitRecord")
    bookings = dict(BookingRecord.objects.exclude(contact_uuid="").values_list("uuid", "contact_uuid"))
    visits = dict(VisitRecord.objects.exclude(contact_uuid="").values_list("uuid", "contact_uuid"))
    made = {}  # transaction uuid -> contact, from the entries that made them
    for entry in AuditEntry.objects.filter(target_type="contact").exclude(after={}).only("target_id", "after").iterator(chunk_size=500):
        transaction = entry.after.get("transaction_uuid") if isinstance(entry.after, dict) else None
        if transaction:
            made[transaction] = entry.target_id
    for entry in AuditEntry.objects.filter(contact_uuid="").only("pk", "target_type", "target_id", "sent", "after").iterator(chunk_size=500):
        sent = entry.sent if isinstance(entry.sent, dict) else {}
        contact = sent.get("contact_uuid") or ""
        if entry.target_type == "contact":
            contact = entry.target_id or contact
        elif entry.target_type == "booking":
            contact = contact or bookings.get(entry.target_id, "")
        elif entry.target_type == "visit":
            contact = contact or visits.get(entry.target_id, "")
        elif entry.target_type == "transaction":
            contact = made.get(entry.target_id, "")
        if contact:
            AuditEntry.objects.filter(pk=entry.pk).update(contact_uuid=str(contact)[:128])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_transaction_target"),
        ("bookings", "0002_unconfirmed"),
        ("visits", "0002_visit_index"),
    ]

    operations = [
        migrations.AddField("auditentry", "contact_uuid", models.CharField(blank=True, db_index=True, max_length=128)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
