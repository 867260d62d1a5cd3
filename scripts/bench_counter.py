"""At the counter (#29): the voucher and gift card pages, and a code typed in the search box.

Each page is timed over HTTP beside its floor: the slowest of the Leat calls
it makes, each timed on its own in the same run (the sandbox counts which
routes a page asked for, and the same routes are then timed through the Leat
client). A page that asks Leat for its parts in parallel, and asks each once,
answers in about that floor; a page that asked twice, or in sequence, shows
it in its ratio and in its counted calls.

A code typed in the search box is timed from the POST to the finished page
(the redirect followed) and reported in round trips to Leat: the time over
the sandbox's added latency. The issue allows two in sequence: the search
(the code's finders running side by side) and the page, which the search
hands what it found to.

Used by scripts/bench.py; it asserts nothing, it reports.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from scripts.bench_system import summary, timed, verdict

#: A counter page may take at most this many times the slowest Leat call it needs (issue #29).
LIMIT_RATIO = 1.15
#: A code typed in the search box reaches its page in at most this many Leat calls in sequence (issue #29).
LIMIT_ROUND_TRIPS = 2
VOUCHER_CODE = "VQ7HM2KXP"
VOUCHER_TYPED = "vq7h m2kxp"  # as a customer reads it out: lower case, a space
GIFTCARD_NUMBER = "6036821000001234"


def measure_counter(bench: Any) -> dict:
    leat = bench.leat
    voucher = leat.vouchers.find(VOUCHER_CODE)
    card = leat.giftcards.find(GIFTCARD_NUMBER)
    # What each route the pages ask for costs on its own, through the same client.
    alone: dict[str, Callable[[], object]] = {
        "GET vouchers/{id}": lambda: leat.vouchers.get(voucher.uuid),
        "GET vouchers/find-one-by": lambda: leat.vouchers.find(VOUCHER_CODE),
        "GET giftcards/{id}": lambda: leat.giftcards.get(card.uuid),
        "GET giftcards/find-one-by": lambda: leat.giftcards.find(GIFTCARD_NUMBER),
        "GET giftcard-transactions": lambda: leat.giftcard_transactions.list(giftcard_hash=GIFTCARD_NUMBER, sort="-created_at", page=1, limit=10),
        "GET giftcard-programs": lambda: leat.giftcard_programs.list(),
    }
    single = {route: summary(timed(call, bench.args.runs)) for route, call in alone.items()}
    pages = {
        "voucher page": lambda: bench.web.get(bench.url(f"/vouchers/{voucher.uuid}/")).raise_for_status(),
        "gift card page": lambda: bench.web.get(bench.url(f"/giftcards/{card.uuid}/")).raise_for_status(),
    }
    results: dict[str, Any] = {"single_calls": single, "pages": {}, "latency_ms": bench.args.latency_ms}
    for name, fn in pages.items():
        results["pages"][name] = _against_floor(bench, fn, single)
    results["search"] = {
        "voucher code typed to its page": _search(bench, VOUCHER_TYPED, "/vouchers/"),
        "gift card number typed to its page": _search(bench, GIFTCARD_NUMBER, "/giftcards/"),
    }
    return results


def _routes_of(bench: Any, fn: Callable[[], object]) -> dict[str, int]:
    bench.reset_stats()
    fn()
    return bench.stats()["routes"]


def _against_floor(bench: Any, fn: Callable[[], object], single: dict[str, dict]) -> dict:
    fn()  # once untimed: the programs cache a long-running server has
    routes = _routes_of(bench, fn)
    samples = timed(fn, bench.args.runs)
    timed_routes = [single[route]["median_ms"] for route in routes if route in single]
    floor = max(timed_routes) if timed_routes else None
    ratio = round(statistics.median(samples) * 1000 / floor, 2) if floor else None
    return {
        **summary(samples),
        "leat_calls": sum(routes.values()),
        "routes": routes,
        "repeated": sorted(route for route, count in routes.items() if count > 1),
        "floor_ms": floor,
        "ratio": ratio,
    }


def _search(bench: Any, typed: str, lands_on: str) -> dict:
    def journey() -> None:
        page = bench.web.post(bench.url("/contacts/"), data={"csrfmiddlewaretoken": bench.csrf, "q": typed}, headers={"Referer": bench.url("/")})
        page.raise_for_status()
        if lands_on not in page.url:
            raise SystemExit(f"The search for a counter code landed on {page.url}, not on a {lands_on} page.")

    routes = _routes_of(bench, journey)
    samples = timed(journey, bench.args.runs)
    median_ms = statistics.median(samples) * 1000
    return {
        **summary(samples),
        "leat_calls": sum(routes.values()),
        "routes": routes,
        # Each Leat call in sequence costs at least the added latency; the app's own work stays under one.
        "round_trips": int(median_ms // bench.args.latency_ms) if bench.args.latency_ms else None,
    }


def _named(routes: dict[str, int]) -> str:
    return ", ".join(route if count == 1 else f"{route} ×{count}" for route, count in routes.items())


def report_counter(r: dict) -> list[str]:
    lines = ["", f"At the counter (#29), sandbox latency {r['latency_ms']} ms:", f"  {'Leat call on its own':<56} {'median':>8} {'p95':>8}"]
    for route, row in r["single_calls"].items():
        lines.append(f"    {route:<54} {row['median_ms']:>6.0f}ms {row['p95_ms']:>6.0f}ms")
    for name, row in r["pages"].items():
        fine = row["ratio"] is not None and row["ratio"] <= LIMIT_RATIO and not row["repeated"]
        repeated = f", asked twice: {', '.join(row['repeated'])}" if row["repeated"] else ", none asked twice"
        lines.append(
            f"  {name}: {row['median_ms']:.0f} ms (p95 {row['p95_ms']:.0f}), {row['ratio']}x its slowest Leat call ({row['floor_ms']:.0f} ms); "
            f"{row['leat_calls']} Leat calls ({_named(row['routes'])}){repeated}; limit ≤ {LIMIT_RATIO}x: {verdict(fine)}"
        )
    for name, row in r["search"].items():
        trips = row["round_trips"]
        lines.append(
            f"  {name}: {row['median_ms']:.0f} ms (p95 {row['p95_ms']:.0f}) = {trips} round trips to Leat in sequence; "
            f"{row['leat_calls']} Leat calls in all ({_named(row['routes'])}); limit ≤ {LIMIT_ROUND_TRIPS} in sequence: {verdict(trips is not None and trips <= LIMIT_ROUND_TRIPS)}"
        )
    return lines
