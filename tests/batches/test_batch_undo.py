"""Undoing a batch: every credit reception it made reversed once, with the
same progress and result; a reception already undone one by one is left alone and said so."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.batches.models import Batch, BatchRun, RowState
from tests.batches.helpers import fresh_contacts, uploaded
from tests.batches.test_batch_apply import apply
from tests.conftest import HTMX
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def undo(client, batch: Batch, reason: str = "Wrong file", **extra):
    page = client.get(reverse("batches:undo", args=[batch.pk]), **extra).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    return client.post(reverse("batches:undo", args=[batch.pk]), {"token": token, "version": version, "reason": reason}, **extra)


def reverse_one(client, contact_uuid: str, transaction_uuid: str):
    """The contact page's Undo of one reception, as a staff member uses it."""
    url = reverse("loyalty:reverse", args=[contact_uuid, transaction_uuid, "credits"])
    return client.post(url, form_data(client, url, reason="Customer asked", confirm="on"))


def balance(leat, contact) -> int:
    return leat.contacts.get(contact.uuid).credit_balance


def test_undo_reverses_every_reception_once_and_leaves_one_undone_by_one(supervisor, leat, shop):
    people = fresh_contacts(leat, shop, 4)
    batch = uploaded(supervisor, [[person.email, 25, "", shop.name, "Campaign"] for person in people])
    apply(supervisor, batch)
    assert [balance(leat, person) for person in people] == [325] * 4
    row_three = batch.batch_rows.get(number=3)
    assert reverse_one(supervisor, row_three.contact_uuid, row_three.transaction_uuid).status_code == 302
    assert balance(leat, people[1]) == 300

    response = undo(supervisor, batch)
    assert response.status_code == 302 and response["Location"] == reverse("batches:detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.state == Batch.State.UNDONE and batch.undone_at
    assert [balance(leat, person) for person in people] == [300] * 4  # the one undone already was not undone twice
    states = dict(batch.batch_rows.values_list("number", "undo_state"))
    assert states == {2: RowState.DONE, 3: RowState.SKIPPED, 4: RowState.DONE, 5: RowState.DONE}
    reversals = AuditEntry.objects.filter(action="loyalty.reverse_credits", sent__batch=batch.pk)
    assert sorted(entry.sent["batch_row"] for entry in reversals) == [2, 4, 5] and {entry.reason for entry in reversals} == {"Wrong file"}
    assert all(row.undo_transaction_uuid for row in batch.batch_rows.filter(undo_state=RowState.DONE))
    run = batch.runs.get(step=BatchRun.Step.UNDO)
    assert (run.status, run.done, run.total, run.succeeded, run.skipped) == ("done", 3, 3, 3, 1)

    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "Already undone on its own before the batch was undone: left alone." in html and 'id="undo-link"' not in html
    assert b"Already undone on its own" in b"".join(supervisor.get(reverse("batches:result_csv", args=[batch.pk])).streaming_content)
    # Undone once: undoing again is refused at the form, and nothing is sent.
    again = undo(supervisor, batch)
    assert again.status_code == 200 and "Only a batch that was applied can be undone." in again.content.decode()
    assert [balance(leat, person) for person in people] == [300] * 4


def test_an_undo_whose_answer_is_lost_is_settled(supervisor, leat, shop, sandbox):
    people = fresh_contacts(leat, shop, 3)
    batch = uploaded(supervisor, [[person.email, 10, "", shop.name, "x"] for person in people])
    apply(supervisor, batch)
    sandbox.faults.update({"lose_answer_next": 1})
    undo(supervisor, batch)
    assert [balance(leat, person) for person in people] == [300] * 3
    assert sorted(batch.batch_rows.values_list("undo_state", flat=True)) == [RowState.DONE, RowState.DONE, RowState.SETTLED]


def test_the_undo_page_full_and_in_place(supervisor, agent, leat, shop):
    people = fresh_contacts(leat, shop, 1)
    batch = uploaded(supervisor, [[people[0].email, 10, "", shop.name, "x"]])
    apply(supervisor, batch)
    page = supervisor.get(reverse("batches:undo", args=[batch.pk])).content.decode()
    assert "<html" in page and "Credit receptions to reverse" in page
    partial = supervisor.post(reverse("batches:undo", args=[batch.pk]), {"reason": ""}, **HTMX).content.decode()
    assert "<html" not in partial and "Say why" in partial
    assert agent.get(reverse("batches:undo", args=[batch.pk])).status_code == 403
    assert agent.post(reverse("batches:apply", args=[batch.pk])).status_code == 403


def test_a_reception_reversed_in_leat_itself_is_left_alone_and_said_so(supervisor, leat, shop):
    """Reversed outside leatadmin (Leat's dashboard): leatadmin has no record of it, Leat says so when asked."""
    people = fresh_contacts(leat, shop, 2)
    batch = uploaded(supervisor, [[person.email, 10, "", shop.name, "x"] for person in people])
    apply(supervisor, batch)
    row = batch.batch_rows.get(number=2)
    leat.credit_receptions.reverse(row.transaction_uuid)
    undo(supervisor, batch)
    assert [balance(leat, person) for person in people] == [300, 300]  # not reversed twice
    assert dict(batch.batch_rows.values_list("number", "undo_state")) == {2: RowState.SKIPPED, 3: RowState.DONE}
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "Leat says it was reversed already: left alone." in html
