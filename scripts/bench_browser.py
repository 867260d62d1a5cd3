"""The contact page as staff get it: Debian's chromium through Playwright,
against the app under gunicorn with the production settings (scripts/bench.py
starts it), static files served by whitenoise as in production.

What "complete" means: every panel of the page is in the document and the
stylesheet has arrived. The times come from the page itself: an init script
(the benchmark's, not the app's) watches the document as the parser builds
it and notes when each panel lands in its slot, relative to the start of the
navigation (`performance.now()`), so the browser's own work is counted and
the benchmark's is not.

Used by scripts/bench.py; it asserts nothing, it reports.
"""

from __future__ import annotations

import statistics
from typing import Any

from playwright.sync_api import sync_playwright

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

PANELS = ("profile", "transactions", "visits", "bookings", "cards", "subscriptions", "prepaid")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


class BrowserBench:
    def __init__(self, bench: Any) -> None:
        self.bench = bench
        self.runs = bench.args.browser_runs

    # --- Setup -----------------------------------------------------------------

    def __enter__(self) -> BrowserBench:
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        self.context = self.context_for(javascript=True)
        self.page = self.context.new_page()
        return self

    def __exit__(self, *exc: object) -> None:
        self.browser.close()
        self.playwright.stop()

    def context_for(self, *, javascript: bool):
        context = self.browser.new_context(java_script_enabled=javascript, viewport={"width": 1440, "height": 900})
        # The benchmark's login session (scripts/bench.py logged in over HTTP).
        base = self.bench.url("/")
        context.add_cookies([{"name": name, "value": value, "url": base} for name, value in self.bench.web.cookies.items()])
        context.add_init_script(WATCH)
        return context

    # --- One page view -----------------------------------------------------------

    def view(self, url: str, *, panels: tuple[str, ...] = PANELS) -> dict:
        self.page.goto(url, wait_until="load")
        return self.read(panels)

    def read(self, panels: tuple[str, ...]) -> dict:
        seen = self.page.evaluate(READ)
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
        self.page.goto(self.bench.url("/contacts/"), wait_until="load")
        self.page.locator("main #id_q").fill(email)
        with self.page.expect_navigation(wait_until="load"):
            self.page.locator("main form.card button[type=submit]").first.click()
        # The final document's clock starts at the POST's navigation: redirect included.
        return self.read(PANELS)

    def repeat(self, fn) -> list[dict]:
        fn()  # warm-up: the browser caches the static files as it would all day
        return [fn() for _ in range(self.runs)]

    # --- The measurements ----------------------------------------------------------

    def measure(self, contacts: dict[str, str], emails: dict[str, str]) -> dict:
        results: dict = {"runs": self.runs, "page": {}, "lookup": {}, "slow_route": {}, "no_javascript": {}}
        for latency in self.bench.args.browser_latencies:
            self.bench.faults(latency_ms=latency, path_latency_ms={})
            calls = self.bench.single_calls(contacts[self.largest(contacts)], emails[self.largest(contacts)], runs=5)
            slowest = max(calls[name]["median_ms"] for name in NEEDED)
            for label, uuid in contacts.items():
                views = self.repeat(lambda uuid=uuid: self.view(self.bench.url(f"/contacts/{uuid}/")))
                complete = median([v["complete"] for v in views])
                results["page"][f"{latency:.0f} ms, {label}"] = {
                    "complete_ms": complete,
                    "slowest_call_ms": slowest,
                    "ratio": round(complete / slowest, 3),
                    "limit": 1.15,
                    "request_sent_ms": median([v["request"] for v in views]),
                    "first_byte_ms": median([v["first_byte"] for v in views]),
                    "last_byte_ms": median([v["last_byte"] for v in views]),
                }
            if latency == max(self.bench.args.browser_latencies):
                find = calls["find contact by email"]["median_ms"]
                for label, email in emails.items():
                    views = self.repeat(lambda email=email: self.lookup(email))
                    complete = median([v["complete"] for v in views])
                    two = find + slowest
                    results["lookup"][f"{latency:.0f} ms, {label}"] = {"complete_ms": complete, "two_calls_ms": round(two, 1), "ratio": round(complete / two, 3), "limit": 1.1}
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
        views = self.repeat(lambda: self.view(self.bench.url(f"/contacts/{uuid}/")))
        rest = median([max(time for name, time in v["panels"].items() if name != "transactions") for v in views])
        slow = median([v["panels"]["transactions"] for v in views])
        return {
            "slow_route": "GET loyalty-transactions at 2,000 ms",
            "rest_complete_ms": rest,
            "other_calls_ms": others,
            "ratio": round(rest / others, 3),
            "limit": 1.15,
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
NEEDED = ("get contact", "transactions page", "visits page", "cards", "subscriptions", "prepaid page")
NEEDED_OTHER = tuple(name for name in NEEDED if name != "transactions page")


def verdict(ok: bool) -> str:
    # Ratios are kept and compared at three decimals: 348.6 ms against 302.9 is
    # 1.151, over a 1.15 limit (at two decimals it read as a PASS).
    return "PASS" if ok else "FAIL"


def report_browser(r: dict) -> list[str]:
    lines = ["", f"In the browser (chromium, gunicorn, production settings; median of {r['runs']} views after one warm-up):"]
    lines.append(f"  {'Contact page complete':<52} {'complete':>9} {'slowest call':>13} {'ratio':>6} {'limit':>6}")
    for name, row in r["page"].items():
        lines.append(f"  {name:<52} {row['complete_ms']:>7.0f}ms {row['slowest_call_ms']:>11.0f}ms {row['ratio']:>6.3f} {'≤' + str(row['limit']):>6} {verdict(row['ratio'] <= row['limit'])}")
        lines.append(f"    request sent at {row['request_sent_ms']:.0f} ms, first byte {row['first_byte_ms']:.0f} ms, last byte {row['last_byte_ms']:.0f} ms")
    for name, row in r["lookup"].items():
        lines.append(f"  {'Lookup by email, ' + name:<52} {row['complete_ms']:>7.0f}ms {row['two_calls_ms']:>11.0f}ms {row['ratio']:>6.3f} {'≤' + str(row['limit']):>6} {verdict(row['ratio'] <= row['limit'])}")
    s = r["slow_route"]
    lines.append(
        f"  {'One slow route (' + s['slow_route'] + ')':<52} {s['rest_complete_ms']:>7.0f}ms {s['other_calls_ms']:>11.0f}ms {s['ratio']:>6.3f} {'≤' + str(s['limit']):>6} {verdict(s['ratio'] <= s['limit'])}"
    )
    lines.append(f"    the slow panel filled in at {s['slow_panel_ms']:.0f} ms")
    n = r["no_javascript"]
    lines.append(
        f"  Without JavaScript: {n['panels_shown']} of {len(PANELS)} panels shown, paging by link {'yes' if n['paging_by_link'] else 'no'}, "
        f"filter by form {'yes' if n['filter_by_form'] else 'no'}: {verdict(n['ok'])}"
    )
    return lines
