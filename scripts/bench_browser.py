"""The contact page as staff get it: Debian's chromium through Playwright,
against the app under gunicorn with the production settings (scripts/bench.py
starts it), static files served by whitenoise as in production.

What "complete" means: every panel of the page is in the document and the
stylesheet has arrived. The times come from the page itself: an init script
(the benchmark's, not the app's) watches the document as the parser builds
it and notes when each panel lands in its slot, relative to the start of the
navigation (`performance.now()`), so the browser's own work is counted and
the benchmark's is not.

Each figure is timed beside its floor (scripts/bench_floor.py): the same
finished page served at once by a plain server, timed the same way, plus the
Leat calls the page cannot do without. The app's page and its floor are
viewed in turns (app, floor, app, floor, ...) so that what the machine's
neighbours take from one run hits both.

Used by scripts/bench.py; it asserts nothing, it reports.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from playwright.sync_api import sync_playwright

from scripts.bench_floor import FloorServer
from scripts.bench_system import verdict

CHROMIUM = "/usr/bin/chromium"

#: Notes when each panel arrives (by its slot) and when the stylesheet did.
WATCH = """
window.__bench = {panels: {}};
new MutationObserver((records) => {
  const now = performance.now();
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeType === 1 && node.hasAttribute("slot") && node.getAttribute("slot") !== "action") {
      window.__bench.panels[node.getAttribute("slot")] = now;
    }
  }
}).observe(document, {childList: true, subtree: true});
"""

READ = """() => {
  const css = performance.getEntriesByType("resource").find((entry) => entry.name.includes("/css/"));
  const nav = performance.getEntriesByType("navigation")[0];
  return {panels: window.__bench.panels, css: css ? css.responseEnd : 0, load: nav ? nav.loadEventEnd : 0,
          request: nav ? nav.requestStart : 0, first_byte: nav ? nav.responseStart : 0, last_byte: nav ? nav.responseEnd : 0,
          placeholders: document.querySelector(".contact-page").shadowRoot
            ? [...document.querySelector(".contact-page").shadowRoot.querySelectorAll("slot")].filter((slot) => slot.name !== "action" && !slot.assignedElements().length).length
            : -1};
}"""

PANELS = ("profile", "transactions", "visits", "bookings", "cards", "subscriptions", "prepaid", "collectables", "vouchers")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


#: Every figure timed here may take at most this many times its floor (issue #30), the slow route its other calls.
LIMIT = 1.15


class BrowserBench:
    def __init__(self, bench: Any) -> None:
        self.bench = bench
        self.runs = bench.args.browser_runs

    # --- Setup -----------------------------------------------------------------

    def __enter__(self) -> BrowserBench:
        self.floor = FloorServer(self.bench.url("/"))
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        self.context = self.context_for(javascript=True)
        # Two tabs: the app's pages in one, the plain-served copies in the other, so
        # each navigation is within one origin, as staff go from page to page.
        self.page = self.context.new_page()
        self.copy_page = self.context.new_page()
        return self

    def __exit__(self, *exc: object) -> None:
        self.browser.close()
        self.playwright.stop()
        self.floor.close()

    def context_for(self, *, javascript: bool):
        context = self.browser.new_context(java_script_enabled=javascript, viewport={"width": 1440, "height": 900})
        # The benchmark's login session (scripts/bench.py logged in over HTTP).
        base = self.bench.url("/")
        context.add_cookies([{"name": name, "value": value, "url": base} for name, value in self.bench.web.cookies.items()])
        context.add_init_script(WATCH)
        return context

    # --- One page view -----------------------------------------------------------

    def view(self, url: str, *, page=None) -> dict:
        page = page or self.page
        page.bring_to_front()
        page.goto(url, wait_until="load")
        return self.read(page)

    def view_copy(self, url: str) -> dict:
        return self.view(url, page=self.copy_page)

    @staticmethod
    def read(page, panels: tuple[str, ...] = PANELS) -> dict:
        seen = page.evaluate(READ)
        missing = [name for name in panels if name not in seen["panels"]]
        if missing or seen["placeholders"]:
            raise SystemExit(f"The contact page was not complete: missing {missing}, {seen['placeholders']} placeholders left.")
        times = {name: seen["panels"][name] for name in panels}
        return {
            "complete": max(*times.values(), seen["css"]),
            "panels": times,
            "load": seen["load"],
            # Where the time goes: the request leaves, the first byte (the shell), the last byte (the last panel).
            "request": seen["request"],
            "first_byte": seen["first_byte"],
            "last_byte": seen["last_byte"],
        }

    def lookup(self, email: str) -> dict:
        """From pressing Find on the lookup page to the complete contact page."""
        self.page.bring_to_front()
        self.page.goto(self.bench.url("/contacts/"), wait_until="load")
        self.page.locator("main #id_q").fill(email)
        with self.page.expect_navigation(wait_until="load"):
            self.page.locator("main form.card button[type=submit]").first.click()
        # The final document's clock starts at the POST's navigation: redirect included.
        return self.read(self.page)

    def in_turns(self, app: Callable[[], dict], floor: Callable[[], dict]) -> tuple[list[dict], list[dict]]:
        """The app's page and its floor, one after the other, runs times each."""
        app(), floor()  # warm-up: the browser caches the static files as it would all day
        views = [(app(), floor()) for _ in range(self.runs)]
        return [pair[0] for pair in views], [pair[1] for pair in views]

    # --- The floor's copy of a page ---------------------------------------------------

    def copy(self, uuid: str) -> tuple[str, dict]:
        """The contact page's complete HTML as the browser received it from the app,
        fetched once, put into the plain server; its URL there, and what the browser
        asked for while showing the copy (nothing may fail, nothing may go to the
        plain server but the page)."""
        path = f"/contacts/{uuid}/"
        answer = self.page.goto(self.bench.url(path), wait_until="load")
        body = answer.body()
        if answer.status != 200 or b"</html>" not in body:
            raise SystemExit(f"The contact page to copy for the floor did not arrive whole (HTTP {answer.status}).")
        self.floor.put(path, body)
        requests, failed, errors = [], [], []
        listeners = {
            "request": lambda request: requests.append(request.url),
            "requestfailed": lambda request: failed.append(f"{request.url} ({request.failure})"),
            "response": lambda response: response.status >= 400 and failed.append(f"{response.url} (HTTP {response.status})"),
            "console": lambda message: message.type == "error" and errors.append(message.text),
            "pageerror": lambda error: errors.append(str(error)),
        }
        for event, listener in listeners.items():
            self.copy_page.on(event, listener)
        try:
            self.view_copy(self.floor.url(path))
        finally:
            for event, listener in listeners.items():
                self.copy_page.remove_listener(event, listener)
        to_floor = [url for url in requests if url.startswith(self.floor.url("/"))]
        return self.floor.url(path), {
            "page_bytes": len(self.floor.pages[path]),
            "requests": len(requests),
            "to_plain_server": len(to_floor),
            "from_app": len([url for url in requests if url.startswith(self.bench.url("/static/"))]),
            "failed": failed,
            "console_errors": errors,
        }

    # --- The measurements ----------------------------------------------------------

    def measure(self, contacts: dict[str, str], emails: dict[str, str]) -> dict:
        results: dict = {"runs": self.runs, "page": {}, "lookup": {}, "slow_route": {}, "no_javascript": {}, "copies": {}}
        copies = {}
        for label, uuid in contacts.items():
            copies[label], results["copies"][label] = self.copy(uuid)
        for latency in self.bench.args.browser_latencies:
            self.bench.faults(latency_ms=latency, path_latency_ms={})
            calls = self.bench.single_calls(contacts[self.largest(contacts)], emails[self.largest(contacts)], runs=5)
            slowest = max(calls[name]["median_ms"] for name in NEEDED)
            for label, uuid in contacts.items():
                views, floors = self.in_turns(lambda uuid=uuid: self.view(self.bench.url(f"/contacts/{uuid}/")), lambda label=label: self.view_copy(copies[label]))
                results["page"][f"{latency:.0f} ms, {label}"] = against_floor(views, floors, slowest, calls=f"the slowest Leat call, {slowest:.0f} ms")
            if latency == max(self.bench.args.browser_latencies):
                find = calls["find contact by email"]["median_ms"]
                for label, email in emails.items():
                    views, floors = self.in_turns(lambda email=email: self.lookup(email), lambda label=label: self.view_copy(copies[label]))
                    results["lookup"][f"{latency:.0f} ms, {label}"] = against_floor(views, floors, find + slowest, calls=f"two Leat calls in sequence, {find:.0f} + {slowest:.0f} ms")
        results["slow_route"] = self.slow_route(contacts)
        results["no_javascript"] = self.without_javascript(contacts)
        self.bench.faults(latency_ms=self.bench.args.latency_ms, path_latency_ms={})
        return results

    @staticmethod
    def largest(contacts: dict[str, str]) -> str:
        return list(contacts)[-1]

    def slow_route(self, contacts: dict[str, str]) -> dict:
        """One Leat route at 2 s: the rest of the page must not wait for it."""
        latency = max(self.bench.args.browser_latencies)
        uuid = contacts[self.largest(contacts)]
        self.bench.faults(latency_ms=latency, path_latency_ms={"loyalty-transactions": 2000})
        calls = self.bench.single_calls(uuid, "", runs=3, names=NEEDED_OTHER)
        others = max(calls[name]["median_ms"] for name in NEEDED_OTHER)
        self.view(self.bench.url(f"/contacts/{uuid}/"))  # warm-up
        views = [self.view(self.bench.url(f"/contacts/{uuid}/")) for _ in range(self.runs)]
        rest = median([max(time for name, time in v["panels"].items() if name != "transactions") for v in views])
        slow = median([v["panels"]["transactions"] for v in views])
        return {
            "slow_route": "GET loyalty-transactions at 2,000 ms",
            "rest_complete_ms": rest,
            "other_calls_ms": others,
            "ratio": round(rest / others, 3),
            "limit": LIMIT,
            "slow_panel_ms": slow,
        }

    def without_javascript(self, contacts: dict[str, str]) -> dict:
        """Every panel, paging and filters with JavaScript off."""
        uuid = contacts[self.largest(contacts)]
        self.bench.faults(latency_ms=0, path_latency_ms={})
        context = self.context_for(javascript=False)
        page = context.new_page()
        try:
            page.goto(self.bench.url(f"/contacts/{uuid}/"), wait_until="load")
            panels_shown = page.evaluate("() => [...document.querySelectorAll('.contact-page > [slot]')].map((el) => el.getAttribute('slot'))")
            page.locator("#transactions").get_by_role("link", name="Next ›").click()
            page.wait_for_load_state("load")
            paged = "tx_page=2" in page.url and "11–20" in page.locator("#transactions").inner_text()
            page.locator("#transactions select[name=tx_type]").select_option("reward_receptions")
            page.locator("#transactions").get_by_role("button", name="Apply").click()
            page.wait_for_load_state("load")
            filtered = "tx_type=reward_receptions" in page.url and "Credits received" not in page.locator("#transactions tbody").inner_text()
        finally:
            context.close()
        every = all(name in panels_shown for name in PANELS)
        return {"panels_shown": len([n for n in panels_shown if n != "action"]), "every_panel": every, "paging_by_link": paged, "filter_by_form": filtered, "ok": every and paged and filtered}


#: The Leat calls the contact page needs (by their names in Bench.single_calls).
NEEDED = ("get contact", "transactions page", "visits page", "cards", "subscriptions", "prepaid page", "vouchers page", "rewards to collect")
NEEDED_OTHER = tuple(name for name in NEEDED if name != "transactions page")


def against_floor(views: list[dict], floors: list[dict], calls_ms: float, *, calls: str) -> dict:
    """The app's figure (median) beside its floor: the Leat calls it cannot do
    without + the plain-served copy of the same page (median), and their ratio."""
    complete, floor_page = median([v["complete"] for v in views]), median([v["complete"] for v in floors])
    floor = round(calls_ms + floor_page, 1)
    return {
        "complete_ms": complete,
        "calls_ms": round(calls_ms, 1),
        "calls": calls,
        "floor_page_ms": floor_page,
        "floor_ms": floor,
        "ratio": round(complete / floor, 3),
        "limit": LIMIT,
        "request_sent_ms": median([v["request"] for v in views]),
        "first_byte_ms": median([v["first_byte"] for v in views]),
        "last_byte_ms": median([v["last_byte"] for v in views]),
        "floor_first_byte_ms": median([v["first_byte"] for v in floors]),
        "floor_last_byte_ms": median([v["last_byte"] for v in floors]),
        # Every view, in the order they were made (the JSON's, for the spread).
        "views_ms": [round(v["complete"], 1) for v in views],
        "floor_pages_ms": [round(v["complete"], 1) for v in floors],
    }


def report_browser(r: dict) -> list[str]:
    lines = [
        "",
        f"In the browser (chromium, gunicorn, production settings; median of {r['runs']} views after one warm-up, the app's page and its floor in turns;",
        "  floor = the Leat calls the page cannot do without + the same finished page served at once by a plain server):",
    ]
    for label, copy in r["copies"].items():
        trouble = copy["failed"] + copy["console_errors"]
        lines.append(
            f"  the copy ({label}, {copy['page_bytes']:,} bytes): {copy['requests']} requests, {copy['to_plain_server']} to the plain server, "
            f"{copy['from_app']} for the app's static files; {'failed: ' + '; '.join(trouble) if trouble else 'none failed, no console errors'}"
        )
    lines.append(f"  {'':<54} {'complete':>9} {'floor page':>11} {'+ Leat':>8} {'= floor':>8} {'ratio':>6} {'limit':>6}")
    for title, rows in (("Contact page, ", r["page"]), ("Lookup by email to page, ", r["lookup"])):
        for name, row in rows.items():
            lines.append(
                f"  {title + name:<54} {row['complete_ms']:>7.0f}ms {row['floor_page_ms']:>9.0f}ms {row['calls_ms']:>6.0f}ms {row['floor_ms']:>6.0f}ms "
                f"{row['ratio']:>6.3f} {'≤' + str(row['limit']):>6} {verdict(row['ratio'] <= row['limit'])}"
            )
            lines.append(
                f"    {row['calls']}; the app's page: request sent at {row['request_sent_ms']:.0f} ms, first byte {row['first_byte_ms']:.0f} ms, "
                f"last byte {row['last_byte_ms']:.0f} ms; the copy: first byte {row['floor_first_byte_ms']:.0f} ms, last byte {row['floor_last_byte_ms']:.0f} ms"
            )
    s = r["slow_route"]
    lines.append(f"  One slow route ({s['slow_route']}): everything else complete at {s['rest_complete_ms']:.0f} ms against the other calls' {s['other_calls_ms']:.0f} ms:")
    lines.append(f"    {s['ratio']:.3f} (limit ≤{s['limit']}): {verdict(s['ratio'] <= s['limit'])}; the slow panel filled in at {s['slow_panel_ms']:.0f} ms")
    n = r["no_javascript"]
    lines.append(
        f"  Without JavaScript: {n['panels_shown']} of {len(PANELS)} panels shown, paging by link {'yes' if n['paging_by_link'] else 'no'}, "
        f"filter by form {'yes' if n['filter_by_form'] else 'no'}: {verdict(n['ok'])}"
    )
    return lines
