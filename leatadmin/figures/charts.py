"""The figures' charts: SVG drawn on the server.

No JavaScript and nothing from a CDN: the chart is markup in the page, so it
keeps the Content Security Policy (colours come from classes in
static/css/figures.css, never a style attribute), prints, and shows without
JavaScript. Each is an image to a screen reader (`role="img"`, its `<title>`
and a `<desc>` saying what it shows and its busiest day); the table beside it
holds every value. Numbers and days come written in the page's language
(words.py). Drawn with plain string formatting: a 90-day page has some 500
bars, and Django's `format_html` for each cost more than the rest of the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

Number = int | Decimal
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 8, 12, 34
#: Day labels under the axis, at most.
X_LABELS = 7


@dataclass(frozen=True)
class Series:
    """One value per day, and each written (`texts`): `css` names its colour
    (figures.css), `down` draws it below the axis (what was taken back)."""

    label: str
    values: Sequence[Number]
    texts: Sequence[str]
    css: str = "s0"
    down: bool = False


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `top`."""
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _scale(series: Sequence[Series]) -> tuple[int, int, int]:
    """(highest, lowest, step) of the axis: whole round numbers around every value, 0 always in."""
    up = max([float(v) for s in series if not s.down for v in s.values] or [0])
    down = max([float(v) for s in series if s.down for v in s.values] or [0])
    step = max(1, int(_nice_step(max(up, down, 1))))
    highest = math.ceil(up / step) * step if up or not down else 0
    return max(highest, 0 if down else step), -math.ceil(down / step) * step, step


def _svg(ident: str, title: str, desc: str, height: int, body: str, css: str = "chart") -> SafeString:
    return mark_safe(  # noqa: S308 (every text in it escaped here or in `body`)
        f'<svg class="{css}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def daily_chart(*, ident: str, title: str, desc: str, days: Sequence[str], series: Sequence[Series], axis: Callable[[int], str]) -> SafeString:
    """Bars per day (`days`: each day written), the series side by side (a
    `down` one below the axis); `axis` writes the gridlines' values."""
    highest, lowest, step = _scale(series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = (highest - lowest) or 1

    def y(value: float) -> float:
        return TOP + (highest - value) / span * plot_h

    slot = plot_w / max(len(days), 1)
    ups = [s for s in series if not s.down]
    bar_w = max(slot * 0.8 / max(len(ups), 1), 0.5)
    parts = []
    for value in range(lowest, highest + 1, step):
        at = round(y(value), 1)
        parts.append(f'<line class="{"axis" if value == 0 else "grid"}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{at}" y2="{at}"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{at + 4}" text-anchor="end">{escape(axis(value))}</text>')
    zero = y(0)
    labels = [(escape(s.label), s) for s in series]
    for n, day in enumerate(days):
        x0 = LEFT + n * slot + slot * 0.1
        shown = escape(day)
        k = 0
        for label, s in labels:
            value = s.values[n]
            if s.down:
                x, top, width, height = x0, zero, slot * 0.8, max(y(-float(value)) - zero, 0)
            else:
                top = y(float(value))
                x, width, height = x0 + k * bar_w, bar_w, max(zero - top, 0)
                k += 1
            parts.append(f'<rect class="bar {s.css}" x="{x:.2f}" y="{top:.2f}" width="{width:.2f}" height="{height:.2f}"><title>{shown}: {label} {escape(s.texts[n])}</title></rect>')
    every = max(1, math.ceil(len(days) / X_LABELS))
    # Every other day label has its class: a phone, where the chart is narrow and its text larger, shows half of them (figures.css).
    parts += [f'<text class="tick day n{n // every % 2}" x="{LEFT + n * slot + slot / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(day)}</text>'
              for n, day in enumerate(days) if n % every == 0]
    return _svg(ident, title, desc, HEIGHT, "".join(parts))


def total_bars(*, ident: str, title: str, desc: str, rows: Sequence[tuple[str, Number, str]], css: str = "s0") -> SafeString:
    """One horizontal bar per row (label, value, the value written), for a period's totals."""
    row_h, label_w, value_w = 28, 150, 64
    most = max([float(value) for _, value, _ in rows] or [0]) or 1
    plot_w = WIDTH - label_w - value_w
    parts = []
    for n, (label, value, written) in enumerate(rows):
        at, length = TOP + n * row_h, float(value) / most * plot_w
        label, written = escape(label), escape(written)
        parts.append(f'<text class="tick" x="{label_w - 8}" y="{at + 18}" text-anchor="end">{label}</text>'
                     f'<rect class="bar {css}" x="{label_w}" y="{at + 4}" width="{length:.2f}" height="{row_h - 10}"><title>{label}: {written}</title></rect>'
                     f'<text class="value" x="{label_w + length + 6:.2f}" y="{at + 18}">{written}</text>')
    return _svg(ident, title, desc, TOP + row_h * max(len(rows), 1), "".join(parts), css="chart bars")
