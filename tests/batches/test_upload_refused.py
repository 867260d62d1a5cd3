"""Bad files through the upload page, as staff send them: each gets a clear
message at the file field and nothing is written (no batch, no row, no Leat call).

A file too large is refused as it arrives: Django's own upload handlers
(which keep an upload in memory, then in a temporary file) are counted here
and must never have kept more than the limit."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from leatadmin.batches.models import Batch, BatchRow, BatchRun
from tests.batches.helpers import HEADER, fresh_contacts, upload, uploaded
from tests.batches.spreadsheets import csv_bytes, openpyxl_xlsx

pytestmark = pytest.mark.django_db

#: Bytes Django's storing handlers were given, in this test.
KEPT: list[int] = []


class CountedMemory(MemoryFileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        KEPT.append(len(raw_data))
        return super().receive_data_chunk(raw_data, start)


class CountedDisk(TemporaryFileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        KEPT.append(len(raw_data))
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def counted(settings):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.CountedMemory", f"{__name__}.CountedDisk"]
    KEPT.clear()
    return KEPT


BOUNDARY = "----leatadminBoundary7MA4YWxkTrZu0gW"


class Streamed:
    """A multipart body of a file of `size` bytes, made as it is read: never whole in memory."""

    def __init__(self, name: str, size: int, *, reason: str = "") -> None:
        self.head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: text/csv\r\n\r\n').encode()
        self.tail = (f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="reason"\r\n\r\n{reason}\r\n--{BOUNDARY}--\r\n').encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.at = 0
        self.read_bytes = 0

    def _slice(self, start: int, end: int) -> bytes:
        parts = []
        head_end, body_end = len(self.head), len(self.head) + self.size
        if start < head_end:
            parts.append(self.head[start:min(end, head_end)])
        if end > head_end and start < body_end:
            parts.append(b"x" * (min(end, body_end) - max(start, head_end)))
        if end > body_end:
            parts.append(self.tail[max(start, body_end) - body_end:end - body_end])
        return b"".join(parts)

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self.at + size)
        chunk = self._slice(self.at, end)
        self.at = end
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        rest = self._slice(self.at, self.length if size is None or size < 0 else min(self.length, self.at + size))
        line = rest[: rest.find(b"\n") + 1] if b"\n" in rest else rest
        self.at += len(line)
        return line


def sent(client, body: Streamed):
    return client.generic(
        "POST", reverse("batches:upload"), b"",
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.length), "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}"},
    )


def field_error(response) -> str:
    html = response.content.decode()
    found = re.search(r'class="field-error"[^>]*>(.*?)</', html, re.S)
    return found.group(1).strip() if found else ""


def nothing_written() -> bool:
    return not Batch.objects.exists() and not BatchRow.objects.exists() and not BatchRun.objects.exists()


def test_a_200_mb_upload_is_refused_as_it_arrives_never_kept_in_memory_or_on_disk(supervisor, counted):
    body = Streamed("kassa.csv", 200 * 1024 * 1024, reason="Till outage")
    response = sent(supervisor, body)
    assert response.status_code == 200
    assert field_error(response) == "“kassa.csv” is 200.0\xa0MB: a file of at most 20.0\xa0MB can be read. Split it into smaller files."
    assert sum(counted) == 0  # refused by the request's length: Django's handlers never got a byte of it
    assert "Till outage" in response.content.decode()  # the fields after the file are still read: what was typed stays
    assert nothing_written()


def test_a_file_that_grows_past_the_limit_is_let_go_of_at_the_limit(supervisor, counted, settings):
    settings.BATCH_MAX_UPLOAD_BYTES = 100 * 1024
    body = Streamed("groot.csv", 110 * 1024)  # within the request's allowance for other fields: refused by the bytes received
    response = sent(supervisor, body)
    assert field_error(response) == "“groot.csv” is larger than 100.0\xa0KB, the most a file can be. Split it into smaller files."
    assert sum(counted) <= 100 * 1024
    assert nothing_written()


def test_the_upload_s_csrf_check_still_holds(make_staff):
    from tests.signin.support import signed_in

    client = Client(enforce_csrf_checks=True)
    user = make_staff("Supervisor")
    client.force_login(user)
    signed_in(client, user)
    assert sent(client, Streamed("kassa.csv", 10)).status_code == 403
    page = client.get(reverse("batches:upload")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("batches:upload"), {"csrfmiddlewaretoken": token, "file": _file(b"", "leeg.csv")})
    assert response.status_code == 200 and field_error(response) == "The file is empty."


def _file(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("leeg.csv", b"", "The file is empty."),
        ("kop.csv", csv_bytes([["E-mail", "Punten", "Reden"], [], ["", "", ""]]), "“kop.csv” has column names but no corrections below them: fill in one row per customer under the column names."),
        ("kop.xlsx", openpyxl_xlsx([["E-mail", "Punten", "Reden"], [None, None, None]]), "“kop.xlsx” has column names but no corrections below them: fill in one row per customer under the column names."),
        (
            "kolommen.csv", csv_bytes([["Punten", "Reden"], ["5", "storing"]]),
            "“kolommen.csv” has no column for the customer: name one Customer, Email, Card number or Contact (in Dutch: Klant, E-mail, Kaartnummer).",
        ),
        (
            "kolommen.xlsx", openpyxl_xlsx([["E-mail", "Reden"], ["a@example.com", "storing"]]),
            "“kolommen.xlsx” has no column for the credits or the purchase amount: name one Credits or Purchase amount (in Dutch: Punten or Aankoopbedrag).",
        ),
    ],
    ids=["empty", "header-only-csv", "header-only-xlsx", "no-customer-column", "no-credits-column"],
)
def test_an_empty_file_a_header_without_rows_and_wrong_columns_are_refused_at_the_field(supervisor, name, content, said):
    response = upload(supervisor, [], content=content, name=name)
    assert response.status_code == 200 and field_error(response) == said
    assert nothing_written()


def test_a_formula_in_a_cell_is_said_at_its_row_and_that_row_is_never_sent(supervisor, leat, shop, sandbox):
    from tests.batches.test_batch_apply import apply

    anna, bram = fresh_contacts(leat, shop, 2)
    batch = uploaded(supervisor, [[anna.email, "=10*10", "", shop.name, "x"], [bram.email, 5, "", shop.name, '=HYPERLINK("http://x")']])
    html = supervisor.get(reverse("batches:detail", args=[batch.pk]) + "?only=problems").content.decode()
    assert "holds a formula (=10*10): formulas are never run. Type the value itself." in html
    assert "holds a formula (=HYPERLINK(&quot;http://x&quot;))" in html
    sandbox.reset_stats()
    response = apply(supervisor, batch)
    assert response.status_code == 200 and "2 rows with a problem are still in the batch" in response.content.decode()
    assert not batch.runs.filter(step=BatchRun.Step.APPLY).exists()
    assert not any("credit-receptions" in route for route in sandbox.stats()["routes"])  # nothing sent to Leat
    assert HEADER[1] == "credits"
