"""A row whose answer was lost ends as "outcome unknown" when Leat cannot show
what it did at the time, and is settled later: "Check unknown rows again" on
the batch's page, by the same rule as a single correction (the one matching
transaction booked since, that no audit entry accounts for), never sending it again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.batches.models import Batch, RowState
from tests.batches.test_batch_apply import apply, batch_of, receptions
from tests.batches.test_batch_undo import undo
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db(transaction=True)


def check_again(client, batch: Batch, **extra):
    """Open "Check unknown rows again" (its submit-once token) and send it, as staff do."""
    page = client.get(reverse("batches:check_unknown", args=[batch.pk])).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    return client.post(reverse("batches:check_unknown", args=[batch.pk]), {"token": token, "version": version}, **extra)


def lost_and_not_found_then(client, leat, shop, sandbox, n: int = 3):
    """A batch applied while one write's answer was lost and Leat's transactions could not be read to settle it."""
    batch, people = batch_of(client, leat, shop, n)
    sandbox.faults.update({"lose_answer_next": 1, "path_status": {"loyalty-transactions": 400}})
    apply(client, batch)
    sandbox.faults.reset()
    return batch, people


def test_a_lost_answer_leat_could_not_show_is_unknown_then_settled_when_checked_again(supervisor, agent, leat, shop, sandbox):
    batch, people = lost_and_not_found_then(supervisor, leat, shop, sandbox)
    unknown = batch.batch_rows.get(state=RowState.UNKNOWN)
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1]  # Leat did make it
    html = agent.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'id="check-unknown-link"' in html and "check the contact before doing it again" in html

    page = agent.get(reverse("batches:check_unknown", args=[batch.pk]))
    assert page.status_code == 200 and "Rows whose outcome is unknown" in page.content.decode()
    partial = agent.get(reverse("batches:check_unknown", args=[batch.pk]), **HTMX).content.decode()
    assert "<html" not in partial and 'id="action-form"' in partial
    response = check_again(agent, batch)
    assert response.status_code == 302 and response["Location"] == reverse("batches:detail", args=[batch.pk])
    unknown.refresh_from_db()
    person = next(p for p in people if p.uuid == unknown.contact_uuid)
    assert (unknown.state, unknown.transaction_uuid) == (RowState.SETTLED, receptions(leat, person)[0].uuid)
    assert [len(receptions(leat, person)) for person in people] == [1, 1, 1]  # found, never sent again
    lost = AuditEntry.objects.get(outcome=AuditEntry.Outcome.UNKNOWN, action="loyalty.credits")
    settled = AuditEntry.objects.get(action="loyalty.credits_settled")
    assert (lost.sent["batch_row"], settled.result_id, settled.sent["audit_entry"]) == (unknown.number, unknown.transaction_uuid, lost.pk)
    html = agent.get(reverse("batches:detail", args=[batch.pk]), follow=True).content.decode()
    assert "1 row checked: 1 found in Leat and settled, 0 still unknown." in html and 'id="check-unknown-link"' not in html
    assert "leatadmin found the transaction in Leat" in html
    # Nothing left to check: said at the form, nothing read.
    again = agent.post(reverse("batches:check_unknown", args=[batch.pk]), {"version": ""})
    assert again.status_code == 200 and "No row&#x27;s outcome is unknown." in again.content.decode()


def test_a_write_that_never_reached_leat_stays_unknown_when_checked_again(supervisor, leat, shop, sandbox):
    batch, people = batch_of(supervisor, leat, shop, 2)
    sandbox.faults.update({"drop_writes_next": 1})  # dropped before Leat acted: nothing to find, ever
    apply(supervisor, batch)
    sandbox.faults.reset()
    response = check_again(supervisor, batch, follow=True)
    assert "1 row checked: 0 found in Leat and settled, 1 still unknown." in response.content.decode()
    assert batch.batch_rows.filter(state=RowState.UNKNOWN).count() == 1 and not AuditEntry.objects.filter(action="loyalty.credits_settled").exists()
    assert sorted(len(receptions(leat, person)) for person in people) == [0, 1]


def test_a_reception_found_after_the_batch_was_undone_is_undone_too(supervisor, leat, shop, sandbox):
    batch, people = lost_and_not_found_then(supervisor, leat, shop, sandbox)
    undo(supervisor, batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.UNDONE
    balances = sorted(leat.contacts.get(person.uuid).credit_balance for person in people)
    assert balances == [300, 300, 300 + batch.batch_rows.get(state=RowState.UNKNOWN).give]  # the unknown one was not reversed
    response = check_again(supervisor, batch, follow=True)
    assert "undo it again to reverse them" in response.content.decode() and 'id="undo-link"' in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == Batch.State.UNDOING
    undo(supervisor, batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.UNDONE
    assert [leat.contacts.get(person.uuid).credit_balance for person in people] == [300, 300, 300]
    assert set(batch.batch_rows.values_list("undo_state", flat=True)) == {RowState.DONE}


def test_leat_down_while_checking_says_so_at_the_form_and_keeps_the_row_unknown(supervisor, leat, shop, sandbox):
    batch, _people = lost_and_not_found_then(supervisor, leat, shop, sandbox, n=2)
    sandbox.faults.update({"maintenance": True})
    response = check_again(supervisor, batch)
    assert response.status_code in (200, 503) and "Leat is down for maintenance." in response.content.decode()
    assert batch.batch_rows.filter(state=RowState.UNKNOWN).count() == 1
    sandbox.faults.reset()
    check_again(supervisor, batch)
    assert not batch.batch_rows.filter(state=RowState.UNKNOWN).exists()
