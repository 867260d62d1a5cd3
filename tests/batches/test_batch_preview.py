"""The upload and the preview of a batch: every row resolved against Leat,
every problem at its row in words, the totals, leaving rows out; nothing written to Leat."""

from __future__ import annotations

import secrets
from types import SimpleNamespace

import pytest
from django.urls import reverse

from leatadmin.batches.models import Batch, BatchRun
from tests.batches.helpers import HEADER, fresh_contacts, upload, uploaded
from tests.batches.spreadsheets import openpyxl_xlsx
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def problems_at(batch: Batch) -> dict[int, str]:
    from leatadmin.batches.problems import all_in_words

    return {row.number: " ".join(all_in_words(row.problems)) for row in batch.batch_rows.all() if row.problems}


@pytest.fixture
def cards(leat, shop):
    """A contact with a card, a card linked to nobody, and a blocked card of a contact."""
    holder, blocked_holder = fresh_contacts(leat, shop, 2, credits=40)
    linked, loose, blocked = (f"BATCH{secrets.token_hex(4).upper()}" for _ in range(3))
    leat.identifiers.create(linked, contact_uuid=holder.uuid)
    leat.identifiers.create(loose)
    leat.identifiers.create(blocked, contact_uuid=blocked_holder.uuid)
    leat.identifiers.update(blocked, active=False)
    return {"holder": holder, "linked": linked, "loose": loose, "blocked": blocked}


def test_the_preview_resolves_every_row_and_says_each_problem_at_its_row(supervisor, leat, shop, sandbox, cards):
    anna, bram, cees, dirk = fresh_contacts(leat, shop, 4)
    holder = cards["holder"]
    rows = [
        [anna.email, 10, "", shop.name, "Till outage"],  # 2: fine
        ["nobody.at.all@example.com", 5, "", "", ""],  # 3: no such contact
        [cards["linked"], 5, "", "", ""],  # 4: by card: its contact
        [cards["loose"], 5, "", "", ""],  # 5: a card linked to nobody
        [bram.email, 0, "", "", ""],  # 6: zero
        [cees.email, 20000, "", "", ""],  # 7: absurd
        [dirk.email, -500, "", "", ""],  # 8: more taken back than the balance (300)
        [anna.email.upper(), 3, "", "", ""],  # 9: the same contact as row 2
        [holder.uuid, 2, "", "", ""],  # 10: the same contact as row 4, by UUID
        [f"x.{secrets.token_hex(3)}@example.com", 5, "", "Nowhere", ""],  # 11: unknown shop
        [bram.email.replace("@", "+zero@"), "", "0,40", "", ""],  # 12: (no such contact either)
        [cards["blocked"], 5, "", "", ""],  # 13: a blocked card
        [cees.email.replace("@", ".p@"), "", "", "", ""],  # 14: neither credits nor purchase
    ]
    sandbox.reset_stats()
    batch = uploaded(supervisor, rows, shop=shop.uuid, reason="Campaign")
    batch.refresh_from_db()
    assert batch.state == Batch.State.READY and batch.rows == 13
    said = problems_at(batch)
    assert set(said) == {3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
    assert said[3] == "Leat has no contact with this email."
    assert said[5] == "This loyalty card is not linked to a contact."
    assert said[6] == "Zero credits: there is nothing to give."
    assert said[7] == "20,000 credits: at most 10,000 in one correction."
    assert said[8] == "Takes back 500 credits, but the balance is 300."
    assert said[9] == "The same contact as row 2." and said[10] == "The same contact as row 4."
    assert said[11] == "Leat has no shop “Nowhere”."
    assert said[13] == "This loyalty card is blocked."
    assert "credits" in said[14].lower()  # the file reader's own words
    found = {row.number: row for row in batch.batch_rows.all()}
    assert (found[2].contact_uuid, found[2].balance, found[2].give, found[2].balance_then) == (anna.uuid, 300, 10, 310)
    assert (found[4].contact_uuid, found[4].balance, found[4].give) == (holder.uuid, 40, 5)
    assert found[2].shop_uuid == shop.uuid and found[3].shop_uuid == shop.uuid  # the file's shop for rows without one
    assert found[2].reason == "Till outage" and found[4].reason == "Campaign"
    # Totals of what will be sent: rows 2 and 4.
    assert (batch.contacts, batch.credits_given, batch.credits_taken, batch.problem_rows) == (2, 15, 0, 11)
    # One lookup per contact named (rows 9 and 10 name contacts already asked for: by card one extra
    # call for its contact); none for rows the file alone makes impossible (6, 7, 11, 14); nothing written.
    routes = sandbox.stats()["routes"]
    assert not any(route.startswith(("POST", "PUT")) for route in routes)
    lookups = {route: n for route, n in routes.items() if "contact" in route}
    assert sum(n for route, n in lookups.items() if "find-one-by" in route) == 4  # rows 2, 3, 8, 12 (row 9 is row 2's)
    assert sum(n for route, n in lookups.items() if "contact-identifiers/find" in route) == 3  # rows 4, 5, 13

    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "Takes back 500 credits, but the balance is 300." in html and 'id="apply-link"' in html
    partial = supervisor.get(reverse("batches:rows", args=[batch.pk]) + "?only=problems", **HTMX).content.decode()
    assert "<html" not in partial and "Row pages" in partial and "anna" not in partial.lower().split("batch.")[0]
    assert partial.count('name="left_out"') == 11


def test_a_purchase_is_turned_into_credits_by_leats_rules(supervisor, leat, shop):
    anna, bram = fresh_contacts(leat, shop, 2)
    batch = uploaded(supervisor, [[anna.email, "", "12,50", shop.name, "Missed"], [bram.email, "", "0,40", shop.name, "Missed"]])
    rows = {row.number: row for row in batch.batch_rows.all()}
    assert rows[2].give == 25 and not rows[2].problems  # one credit per €0.50 in the sandbox's rules
    assert problems_at(batch) == {3: "A purchase of €0.40 gives no credits under the loyalty rules."}


def test_rows_are_left_out_one_by_one_or_all_with_a_problem(supervisor, agent, leat, shop):
    people = fresh_contacts(leat, shop, 3)
    batch = uploaded(agent, [[people[0].email, 10, "", shop.name, "x"], [people[1].email, 20, "", shop.name, "x"], [people[2].email, 0, "", shop.name, "x"]])
    # Leave out row 2; the page showed rows 2-4.
    response = agent.post(reverse("batches:leave_out", args=[batch.pk]), {"shown": ["2", "3", "4"], "left_out": ["2"], "page": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("batches:detail", args=[batch.pk]) + "?page=1"
    batch.refresh_from_db()
    assert (batch.left_out, batch.credits_given) == (1, 20)
    # Every row with a problem (row 4), by htmx.
    response = agent.post(reverse("batches:leave_out_problems", args=[batch.pk]), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("batches:detail", args=[batch.pk])
    batch.refresh_from_db()
    assert sorted(batch.batch_rows.filter(left_out=True).values_list("number", flat=True)) == [2, 4]
    # Taken back in: row 2 is unticked on the page that shows it.
    agent.post(reverse("batches:leave_out", args=[batch.pk]), {"shown": ["2"], "left_out": []})
    batch.refresh_from_db()
    assert (batch.left_out, batch.credits_given) == (1, 30)
    html = agent.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'id="apply-link"' not in html and "A supervisor applies the batch" in html  # agents preview, supervisors apply


def test_a_dutch_excel_file_with_its_own_header(supervisor, leat, shop):
    anna, bram = fresh_contacts(leat, shop, 2)
    content = openpyxl_xlsx([["Reden", "E-mail ", "Punten", "Vestiging"], ["Kassa storing", anna.email, 15, shop.name], ["Kassa storing", bram.email, -20, shop.name]])
    batch = uploaded(supervisor, [], content=content, name="correcties.xlsx")
    assert batch.file_name == "correcties.xlsx" and batch.state == Batch.State.READY
    assert [(row.number, row.give, row.reason) for row in batch.batch_rows.all()] == [(2, 15, "Kassa storing"), (3, -20, "Kassa storing")]
    assert (batch.credits_given, batch.credits_taken) == (15, 20)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("garbage.csv", bytes(range(256)) * 40, "binary"),
        ("notes.csv", b"just some text\nwithout any columns\n", "column"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ".csv or .xlsx"),
        ("fake.xlsx", b"this is not a workbook", "not an Excel workbook"),
    ],
    ids=["binary garbage", "not a table", "another kind of file", "not a workbook"],
)
def test_a_file_that_cannot_be_read_is_refused_at_the_field_and_nothing_is_kept(supervisor, name, content, words):
    response = upload(supervisor, [], content=content, name=name)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="field-error"' in html and words in html
    assert not Batch.objects.exists() and not BatchRun.objects.exists()


def test_a_file_too_large_is_refused_with_the_limit_in_words(supervisor, settings):
    settings.BATCH_MAX_UPLOAD_BYTES = 1000
    response = upload(supervisor, [["a@example.com", 1, "", "", ""]] * 100)
    # Refused as it arrived (upload_limit.py): its size is not known then, only that it passed the limit.
    assert response.status_code == 200 and "is larger than 1000\xa0bytes, the most a file can be." in response.content.decode() and not Batch.objects.exists()


def test_a_file_refused_further_on_is_said_on_the_batch_page(supervisor, monkeypatch, leat, shop):
    """What shows only as the rows are read (a workbook of too many rows) refuses the batch, keeping no row."""
    from leatadmin.batches import files

    anna = fresh_contacts(leat, shop, 1)[0]
    reading = files.read_corrections

    def too_many_later(upload):
        found = reading(upload)

        def rows():
            yield next(found.rows)
            raise files.refused(files.TOO_MANY_ROWS, name=found.name, limit=files.counted(files.MAX_ROWS))

        return files.Reading(found.name, found.columns, rows())

    # The form's first look passes; the preview, reading every row, meets the refusal.
    monkeypatch.setattr("leatadmin.batches.resolve.files", SimpleNamespace(read_corrections=too_many_later, FileRefused=files.FileRefused))
    batch = uploaded(supervisor, [[anna.email, 1, "", shop.name, "x"], [anna.email, 2, "", shop.name, "x"]])
    batch.refresh_from_db()
    assert batch.state == Batch.State.REFUSED and not batch.batch_rows.exists() and not batch.stored_as
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "The file was refused; nothing was sent." in html and "50,000" in html


def test_the_upload_page_offers_the_templates_in_both_languages(agent):
    html = agent.get(reverse("batches:upload")).content.decode()
    for kind in ("xlsx", "csv"):
        for language in ("nl", "en"):
            assert reverse("batches:template", args=[kind, language]) in html
    dutch = agent.get(reverse("batches:template", args=["csv", "nl"]))
    assert dutch.status_code == 200 and "attachment" in dutch["Content-Disposition"] and b";" in dutch.content
    assert agent.get(reverse("batches:template", args=["xlsx", "en"])).content[:2] == b"PK"
    assert agent.get(reverse("batches:template", args=["pdf", "en"])).status_code == 404
    partial = agent.post(reverse("batches:upload"), {}, **HTMX).content.decode()
    assert "<html" not in partial and "Choose the file to upload." in partial


def test_the_batches_page_lists_every_batch(supervisor, agent, leat, shop):
    anna = fresh_contacts(leat, shop, 1)[0]
    batch = uploaded(agent, [[anna.email, 7, "", shop.name, "x"]], name="till-outage.csv")
    html = supervisor.get(reverse("batches:list")).content.decode()
    assert "till-outage.csv" in html and agent.user.username in html and reverse("batches:detail", args=[batch.pk]) in html
    assert 'href="/batches/"' in html.split('<nav aria-label="Main">')[1].split("</nav>")[0]  # the navigation's Batches link
    partial = supervisor.get(reverse("batches:list"), **HTMX).content.decode()
    assert "<html" not in partial and "till-outage.csv" in partial


def test_progress_is_polled_while_a_run_is_under_way_then_the_page_is_drawn_again(supervisor, leat, shop):
    anna = fresh_contacts(leat, shop, 1)[0]
    batch = uploaded(supervisor, [[anna.email, 7, "", shop.name, "x"]])
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    run = BatchRun.objects.create(
        batch=batch, step=BatchRun.Step.APPLY, status="running", total=1000, done=250, succeeded=240, refused=7, unknown=3,
        timed_from=now - timedelta(seconds=10), done_at_start=0, updated_at=now,
    )
    partial = supervisor.get(reverse("batches:progress", args=[batch.pk]), **HTMX)
    html = partial.content.decode()
    assert "<html" not in html and 'hx-trigger="every 1s"' in html and "250 of 1,000 rows (25%)" in html
    assert "240 done, 7 refused, 3 outcome unknown. About 31 seconds left." in html  # 750 rows at 25 a second
    page = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    BatchRun.objects.filter(pk=run.pk).update(status="done", claim=None)
    ended = supervisor.get(reverse("batches:progress", args=[batch.pk]), **HTMX)
    assert ended.status_code == 204 and ended["HX-Refresh"] == "true"
    assert supervisor.get(reverse("batches:progress", args=[batch.pk])).status_code == 302  # without htmx: the page


def test_nothing_of_a_customer_is_in_a_batch_url(supervisor, leat, shop):
    anna = fresh_contacts(leat, shop, 1)[0]
    response = upload(supervisor, [[anna.email, 7, "", shop.name, "x"]])
    assert anna.email not in response["Location"]
    assert HEADER[0] == "email"


def test_leat_s_429_slows_the_preview_down_and_every_row_is_still_resolved(supervisor, leat, shop, sandbox, monkeypatch):
    from leatadmin.leat.retrying import LeatRetry

    people = fresh_contacts(leat, shop, 6)
    from leatadmin.shops.selectors import shop_list

    shop_list()  # cached: the 429s meet the lookups
    monkeypatch.setattr(LeatRetry, "max_retry_after", 0.5)  # Leat's wait reaches the batch, which waits and asks again
    sandbox.faults.update({"fail_next": 2, "fail_status": 429, "retry_after": 1})
    sandbox.reset_stats()
    batch = uploaded(supervisor, [[person.email, 5, "", shop.name, "x"] for person in people])
    batch.refresh_from_db()
    assert batch.state == Batch.State.READY and not problems_at(batch)
    assert sum(n for route, n in sandbox.stats()["routes"].items() if "find-one-by" in route) == 8  # two asked again
    assert [row.contact_uuid for row in batch.batch_rows.all()] == [person.uuid for person in people]


def test_a_preview_that_stopped_says_so_and_is_started_again(supervisor, leat, shop, sandbox):
    people = fresh_contacts(leat, shop, 3)
    leat.shops.list()  # the shop list is cached already: only the lookups fail
    sandbox.faults.update({"maintenance": True})
    batch = uploaded(supervisor, [[person.email, 5, "", shop.name, "x"] for person in people])
    batch.refresh_from_db()
    assert batch.state == Batch.State.PREVIEWING and batch.rows == 0
    html = supervisor.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "The preview stopped." in html and "Leat is down for maintenance." in html and 'id="apply-link"' not in html
    sandbox.faults.reset()
    response = supervisor.post(reverse("batches:preview", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == Batch.State.READY and batch.batch_rows.filter(resolved=True).count() == 3 and batch.contacts == 3


def test_every_batch_page_answers_htmx_with_its_part_alone(supervisor, leat, shop):
    anna = fresh_contacts(leat, shop, 1)[0]
    batch = uploaded(supervisor, [[anna.email, 7, "", shop.name, "x"]])
    page = supervisor.get(reverse("batches:detail", args=[batch.pk]), **HTMX).content.decode()
    assert "<html" not in page and 'id="totals"' in page
    rows = supervisor.get(reverse("batches:rows", args=[batch.pk]) + "?only=problems&page=1")
    assert rows.status_code == 302 and rows["Location"] == reverse("batches:detail", args=[batch.pk]) + "?only=problems&page=1"
    form = supervisor.get(reverse("batches:apply", args=[batch.pk]), **HTMX).content.decode()
    assert "<html" not in form and 'id="action-form"' in form
    assert supervisor.get(reverse("batches:detail", args=[batch.pk + 1000])).status_code == 404


def test_rows_cannot_be_left_out_once_the_batch_is_applied(supervisor, leat, shop):
    anna = fresh_contacts(leat, shop, 1)[0]
    batch = uploaded(supervisor, [[anna.email, 7, "", shop.name, "x"]])
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.APPLIED)
    response = supervisor.post(reverse("batches:leave_out", args=[batch.pk]), {"shown": ["2"], "left_out": ["2"]}, follow=True)
    assert "Rows can only be left out before the batch is applied." in response.content.decode()
    assert not batch.batch_rows.filter(left_out=True).exists()


def test_the_preview_reads_in_dutch_the_file_reader_s_words_too(agent, leat, shop):
    """Read on the worker, shown later: each problem is said in the language of whoever looks."""
    anna = fresh_contacts(leat, shop, 1)[0]
    batch = uploaded(agent, [[anna.email, 0, "", shop.name, "x"], [anna.email.replace("@", ".b@"), "", "", shop.name, "x"]])
    dutch = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}
    html = agent.get(reverse("batches:detail", args=[batch.pk]), **dutch).content.decode()
    assert "Nul punten: er valt niets te geven." in html and "Rijen met een probleem" in html
    english = agent.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    reader_nl = next(words for words in problems_at(batch).values() if "Zero" not in words)
    assert reader_nl in english  # the file reader's words, in English here ...
    from django.utils import translation

    with translation.override("nl"):
        assert problems_at(batch)[3] in html  # ... and in Dutch there
