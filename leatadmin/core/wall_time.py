"""A time typed on a wall clock, in the night the clocks change.

Staff type times in their own zone (core.fields.DateTimeLocalField). When
the clocks go back, 02:30 happens twice (in Amsterdam on the last Sunday of
October: first in summer time, then an hour later in winter time); when they
jump forward, 02:30 never happens. Django only says the time "couldn't be
interpreted". Here a repeated time makes the form ask which one is meant (two
radio buttons under the picker, `<name>_offset`), and a time that does not
exist is refused with the times the clocks jump between.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .templatetags.leat_format import clock, when

#: The formats of the browser's date-time picker (and of people typing ISO).
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
WALL_FORMATS = (DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


class WallTime(str):
    """The text of a date-time picker, with the offset staff chose for a time that happens twice ("" if none)."""

    offset = ""

    def __new__(cls, text: str, offset: str = "") -> WallTime:
        value = super().__new__(cls, text)
        value.offset = offset
        return value


def offset_text(moment: dt.datetime) -> str:
    """`+02:00`: the moment's offset from UTC, as ISO 8601 writes it."""
    return moment.isoformat()[-6:] if moment.utcoffset() else "+00:00"


def readings(naive: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime] | None:
    """The two moments a wall time is, when a clock change makes it ambiguous
    (first, then second) or skips it; None on an ordinary night."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    return None if first.utcoffset() == second.utcoffset() else (first, second)


def skipped(naive: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the clocks jump over this wall time (it never happens)."""
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive.replace(fold=0)


def clock_change(naive: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """(what the wall clock shows just before the change, what it shows just after),
    e.g. 02:00 and 03:00 in spring, 03:00 and 02:00 in autumn, for a wall time near it."""
    instants = sorted(moment.astimezone(dt.UTC) for moment in (naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)))
    before, after = (int(moment.timestamp()) for moment in instants)
    new_offset = instants[1].astimezone(zone).utcoffset()
    # The change is the first second with the new offset: at most a few hours to search.
    while after - before > 1:
        middle = (before + after) // 2
        if dt.datetime.fromtimestamp(middle, zone).utcoffset() == new_offset:
            after = middle
        else:
            before = middle
    change = dt.datetime.fromtimestamp(after, dt.UTC)
    old_offset = dt.datetime.fromtimestamp(before, zone).utcoffset()
    return (change + old_offset).replace(tzinfo=None), (change + new_offset).replace(tzinfo=None)


def _words(naive: dt.datetime) -> tuple[str, str]:
    return when(naive), clock(naive)


def resolve(naive: dt.datetime, offset: str) -> dt.datetime | None:
    """The moment staff meant by a wall time in the active zone; None when
    the night is ordinary (the caller keeps Django's answer). A time that
    happens twice needs `offset` (the radio button chosen); one that never
    happens is refused, saying between which times the clocks jump."""
    zone = timezone.get_current_timezone()
    both = readings(naive, zone)
    if both is None:
        return None
    shown, _clock = _words(naive)
    before, after = (_words(moment)[1] for moment in clock_change(naive, zone))
    if skipped(naive, zone):
        raise forms.ValidationError(
            _("%(when)s does not exist: this night the clocks jump forward from %(before)s to %(after)s. Choose %(after)s or later, or a time before %(before)s.")
            % {"when": shown, "before": before, "after": after},
            code="nonexistent",
        )
    for moment in both:
        if offset_text(moment) == offset:
            # A fixed offset keeps the choice: two times in one zone compare by wall clock alone.
            return moment.astimezone(dt.timezone(moment.utcoffset()))
    raise forms.ValidationError(
        _("%(when)s happens twice this night (the clocks go back from %(before)s to %(after)s): choose which one you mean.") % {"when": shown, "before": before, "after": after},
        code="ambiguous",
    )


def _choice_label(moment: dt.datetime, first: bool, seasons: bool) -> str:
    said = {"clock": _words(moment.replace(tzinfo=None))[1], "offset": offset_text(moment)}
    if seasons:
        return (_("the first %(clock)s, in summer time (UTC%(offset)s)") if first else _("the second %(clock)s, in winter time (UTC%(offset)s)")) % said
    return (_("the first %(clock)s (UTC%(offset)s)") if first else _("the second %(clock)s (UTC%(offset)s)")) % said


class WallTimeInput(forms.DateTimeInput):
    """The browser's date-time picker; under it, when the time it holds
    happens twice in the staff member's zone, a choice of which one."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> WallTime | None:
        text = data.get(name)
        return None if text is None else WallTime(text, str(data.get(f"{name}_offset", "")))

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        picker = super().render(name, value, attrs, renderer)
        wall, chosen = self._wall(value)
        both = readings(wall, timezone.get_current_timezone()) if wall else None
        if both is None or skipped(wall, timezone.get_current_timezone()):
            return picker
        seasons = bool(both[0].dst()) and not both[1].dst()
        choices = format_html_join(
            "",
            '<label><input type="radio" name="{}" value="{}"{}> {}</label>',
            ((f"{name}_offset", offset_text(moment), " checked" if offset_text(moment) == chosen else "", _choice_label(moment, index == 0, seasons)) for index, moment in enumerate(both)),
        )
        legend = _("Which %(clock)s?") % {"clock": _words(wall)[1]}
        return format_html('{}<fieldset class="choices wall-time"><legend>{}</legend>{}</fieldset>', picker, legend, choices)

    @staticmethod
    def _wall(value: Any) -> tuple[dt.datetime | None, str]:
        """The wall time the picker shows, and which of a repeated time it is."""
        if isinstance(value, dt.datetime):
            # The field's prepare_value gives the local wall time, whose `fold` says first or second.
            local = value.replace(tzinfo=timezone.get_current_timezone()) if timezone.is_naive(value) else timezone.localtime(value)
            return local.replace(tzinfo=None), offset_text(local)
        if isinstance(value, str):
            for pattern in WALL_FORMATS:
                try:
                    return dt.datetime.strptime(value.strip(), pattern), getattr(value, "offset", "")
                except ValueError:
                    continue
        return None, ""
