"""#10.5: one command prunes old submit-once rows, expired sessions and expired exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from leatadmin.contacts.models import TransactionExport
from leatadmin.core.models import FormSubmission

pytestmark = pytest.mark.django_db


def test_housekeeping_prunes_what_has_expired_and_keeps_the_rest(make_staff):
    user = make_staff("Supervisor")
    now = timezone.now()
    old_token = FormSubmission.objects.create(token="old", user=user)
    FormSubmission.objects.create(token="new", user=user)
    FormSubmission.objects.filter(pk=old_token.pk).update(created_at=now - timedelta(days=2))
    Session.objects.create(session_key="expired" + "x" * 25, session_data="", expire_date=now - timedelta(minutes=1))
    Session.objects.create(session_key="current" + "x" * 25, session_data="", expire_date=now + timedelta(hours=1))
    exports = []
    for age in (timedelta(days=2), timedelta(minutes=5)):
        name = default_storage.save(f"exports/housekeeping-{age.days}.csv", ContentFile(b"date\n"))
        export = TransactionExport.objects.create(user=user, contact_uuid="x", status="done", file_name=name)
        TransactionExport.objects.filter(pk=export.pk).update(started_at=now - age)
        exports.append(export)

    call_command("housekeeping", stdout=io.StringIO())

    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["new"]
    assert set(Session.objects.values_list("session_key", flat=True)) == {"current" + "x" * 25}
    assert list(TransactionExport.objects.values_list("pk", flat=True)) == [exports[1].pk]
    assert not default_storage.exists(exports[0].file_name) and default_storage.exists(exports[1].file_name)
