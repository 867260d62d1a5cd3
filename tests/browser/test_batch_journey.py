"""After a till outage a supervisor corrects 25 customers at once from a
Dutch Excel file, in a real browser: previewed with its three bad rows at
their row numbers, those left out, applied, the result downloaded, and the
whole batch undone."""

from __future__ import annotations

import csv
import io
import secrets

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from leatadmin.batches.models import Batch
from tests.batches.helpers import fresh_contacts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dutch_workbook(rows: list[list[object]]) -> bytes:
    """As a Dutch Excel user makes it: Dutch headers with stray spaces, in their own order."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Correcties"
    sheet.append(["Klant ", "Punten", "Aankoopbedrag", "Winkel", "Reden "])
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def test_a_dutch_excel_file_is_previewed_applied_downloaded_and_undone(live_server, login, page, leat):
    shop = leat.shops.list()[0]
    people = fresh_contacts(leat, shop, 24, credits=100)
    rows: list[list[object]] = []
    good = iter(people)
    for number in range(2, 27):  # the spreadsheet's rows 2-26 (row 1 is the header)
        if number == 5:
            rows.append([f"onbekend.{secrets.token_hex(3)}@example.com", 10, None, shop.name, "Kassastoring"])
        elif number == 12:
            rows.append([next(good).email, 0, None, shop.name, "Kassastoring"])
        elif number == 20:
            rows.append([next(good).email, 10, None, "Winkel Nergens", "Kassastoring"])
        elif number % 5 == 0:
            rows.append([next(good).email, None, "12,50", shop.name, "Kassastoring"])  # a purchase, typed as a Dutch amount
        else:
            rows.append([next(good).email, 10, None, shop.name, "Kassastoring"])
    login("Supervisor")

    # Upload: from the navigation's Batches page.
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Batches").click()
    page.get_by_role("link", name="Upload a file of corrections").click()
    page.get_by_label("File of corrections").set_input_files(files=[{"name": "correcties.xlsx", "mimeType": XLSX, "buffer": dutch_workbook(rows)}])
    page.get_by_role("button", name="Upload and preview").click()

    # The preview: totals at the top, the three problems at their rows.
    expect(page.get_by_role("heading", name="Batch")).to_contain_text("correcties.xlsx")
    totals = page.locator("#totals")
    expect(totals).to_contain_text("Rows25")
    expect(totals).to_contain_text("Rows with a problem3")
    page.get_by_role("link", name="With a problem").click()
    problem_rows = page.locator("#rows tbody tr")
    expect(problem_rows).to_have_count(3)
    expect(problem_rows.nth(0)).to_contain_text("5")
    expect(problem_rows.nth(0)).to_contain_text("Leat has no contact with this email.")
    expect(problem_rows.nth(1)).to_contain_text("12")
    expect(problem_rows.nth(1)).to_contain_text("Zero credits: there is nothing to give.")
    expect(problem_rows.nth(2)).to_contain_text("20")
    expect(problem_rows.nth(2)).to_contain_text("Leat has no shop “Winkel Nergens”.")
    assert [cells.split("\t")[1] for cells in problem_rows.evaluate_all("rows => rows.map(r => r.innerText)")] == ["5", "12", "20"]

    # Leave them out, then apply.
    page.get_by_role("button", name="Leave out every row with a problem (3)").click()
    expect(page.locator("#totals")).to_contain_text("Rows left out3")
    page.get_by_role("link", name="Apply…").click()
    expect(page.get_by_role("heading", name="Apply the batch")).to_be_visible()
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#outcome-counts")).to_contain_text("Done22")
    expect(page.locator("#outcome-counts")).to_contain_text("Left out3")
    batch = Batch.objects.get()
    assert batch.state == Batch.State.APPLIED
    assert sorted(leat.contacts.get(person.uuid).credit_balance for person in people[:3]) == [110, 110, 110]

    # The result, downloaded.
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Download the result (CSV)").click()
    result = list(csv.DictReader(io.StringIO(open(downloaded.value.path(), encoding="utf-8").read())))
    assert len(result) == 25 and sum(row["state"] == "Done" for row in result) == 22
    assert {row["row"] for row in result if row["state"] == "Left out"} == {"5", "12", "20"}

    # Undone as a whole.
    page.get_by_role("link", name="Undo the batch…").click()
    page.get_by_label("Reason").fill("Wrong file uploaded")
    page.get_by_role("button", name="Undo every row").click()
    expect(page.locator("#batch-state")).to_contain_text("Undone")
    expect(page.locator("#outcome-counts")).to_contain_text("Undone22")
    assert {leat.contacts.get(person.uuid).credit_balance for person in people} == {100}
