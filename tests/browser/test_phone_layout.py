"""At 390 × 844 (a phone held upright) no page is wider than the screen and
the header keeps to a fifth of it, in English and in Dutch."""

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
        return box.right > edge + 0.5 && box.width > 0 && !el.closest(".table-scroll") && ![...el.children].some((child) => child.getBoundingClientRect().right > edge + 0.5);
    });
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    return {width: document.documentElement.scrollWidth, header: header ? header.getBoundingClientRect().height : 0, past: past.slice(0, 5).map(name)};
}"""


@pytest.mark.parametrize("locale", ["en-GB", "nl-NL"])
def test_no_page_is_wider_than_a_phone(live_server, browser, make_staff, anna, leat, locale):
    pages = main_pages(live_server, make_staff, anna, leat)
    measured, too_wide, too_tall = {}, {}, {}
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
        finally:
            context.close()
    print(f"\n{locale} at {PHONE['width']} px:", {name: f"{f['width']} px wide, header {f['header']:.0f} px" for name, f in measured.items()})
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"
    assert not too_tall, f"header over {PHONE['height'] / 5:.0f} px: {too_tall}"
