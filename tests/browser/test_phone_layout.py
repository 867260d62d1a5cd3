"""At 390 × 844 (a phone held upright) no page is wider than the screen, the
header keeps to a fifth of it, no word is broken over two lines, and a
table's rows are cards that each label their values, in English and in Dutch."""

from __future__ import annotations

import pytest

from tests.browser.conftest import htmx_settled
from tests.browser.pages import PHONE, main_pages, open_page, staff_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page's width, the header's height, and (to say what to fix) the
# innermost elements that reach past the right edge of the screen.
MEASURE = """() => {
    const header = document.querySelector("header.topbar");
    const edge = document.documentElement.clientWidth;
    const past = [...document.querySelectorAll("body *")].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.right > edge + 0.5 && box.width > 0 && !el.closest(".table-scroll:not(.table-container *)") && ![...el.children].some((child) => child.getBoundingClientRect().right > edge + 0.5);
    });
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    return {width: document.documentElement.scrollWidth, header: header ? header.getBoundingClientRect().height : 0, past: past.slice(0, 5).map(name)};
}"""

# The words split over two lines ("Marke / ting"): for each word of the
# page's text, a Range over it has boxes on more than one line. A line may
# end after a hyphen, a dash or a slash, so those end a word here. Tokens
# (emails, UUIDs, card numbers: `.token`, `code`, anything with an @) are not
# words and may wrap anywhere. Then the cards' labels (a cell's data-label,
# drawn beside its value): a word of one wider than its column would run into the value.
BROKEN_WORDS = """() => {
    const split = new Set();
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + [...el.classList].map((c) => "." + c).join("");
    const skip = "script, style, template, noscript, select, option, textarea, .token, code";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.data.trim() && !node.parentElement.closest(skip) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]+[\\-\\u2010-\\u2014\\/]?/g)) {
            if (word[0].includes("@")) continue;
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
            if (boxes.some((a) => boxes.some((b) => b.top >= a.bottom - 1))) split.add(`${word[0]} (in ${name(node.parentElement)})`);
        }
    }
    const canvas = document.createElement("canvas").getContext("2d");
    for (const cell of document.querySelectorAll("td[data-label]")) {
        const label = getComputedStyle(cell, "::before");
        if (cell.getClientRects().length === 0 || label.content === "none" || label.float === "none") continue;
        canvas.font = `${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
        for (const word of cell.dataset.label.split(/\\s+/)) {
            if (canvas.measureText(word).width > parseFloat(label.width) + 0.5) split.add(`${word} (in the label of ${name(cell)})`);
        }
    }
    return [...split];
}"""

# A table's rows at a phone's width: cards, each value beside its column's name.
CARDS = """() => [...document.querySelectorAll(".table-container tbody tr")].filter((row) => row.getClientRects().length).map((row) => ({
    display: getComputedStyle(row).display,
    unlabelled: [...row.cells].filter((cell) => cell.getClientRects().length && cell.colSpan === 1 && !cell.classList.contains("row-action") && getComputedStyle(cell, "::before").content === "none").length,
}))"""


@pytest.mark.parametrize("locale", ["en-GB", "nl-NL"])
def test_no_page_is_wider_than_a_phone_nor_breaks_a_word(live_server, browser, make_staff, anna, leat, locale):
    pages = main_pages(live_server, make_staff, anna, leat)
    measured, too_wide, too_tall, broken, not_cards = {}, {}, {}, {}, {}
    for user, steps in [(None, [("login", f"{live_server.url}/login/")]), (pages.supervisor, pages.steps())]:
        context, page = staff_context(browser, live_server, user, viewport=PHONE, locale=locale)
        try:
            for name, step in steps:
                open_page(page, step)
                htmx_settled(page)
                figures = measured[name] = page.evaluate(MEASURE)
                if figures["width"] > PHONE["width"]:
                    too_wide[name] = (figures["width"], figures["past"])
                if figures["header"] > PHONE["height"] / 5:
                    too_tall[name] = figures["header"]
                if words := page.evaluate(BROKEN_WORDS):
                    broken[name] = words
                rows = page.evaluate(CARDS)
                if any(row["display"] == "table-row" or row["unlabelled"] for row in rows):
                    not_cards[name] = rows[:3]
        finally:
            context.close()
    print(f"\n{locale} at {PHONE['width']} px:", {name: f"{f['width']} px wide, header {f['header']:.0f} px" for name, f in measured.items()})
    assert "contact" in measured and "visits" in measured and "bookings" in measured and "audit log" in measured and "lookup" in measured
    failures = {
        f"wider than {PHONE['width']} px": too_wide,
        f"header over {PHONE['height'] / 5:.0f} px": too_tall,
        "words broken over two lines": broken,
        "table rows that are not labelled cards": not_cards,
    }
    assert not any(failures.values()), {what: pages for what, pages in failures.items() if pages}
