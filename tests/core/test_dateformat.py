"""core/dateformat.py writes what Django's formats.date_format writes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from leatadmin.core.dateformat import date_format

MOMENTS = [dt.datetime(2026, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Amsterdam")) for month, day, hour, minute in ((1, 2, 3, 4), (5, 31, 23, 59), (11, 24, 18, 0), (12, 9, 0, 7))]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("format_name", ["DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATE_FORMAT"])
def test_the_same_as_django_in_each_language(language, format_name):
    with translation.override(language):
        for moment in MOMENTS:
            assert date_format(moment, format_name) == formats.date_format(moment, format_name)
        if "DATE_FORMAT" in format_name and "TIME" not in format_name:
            assert date_format(moment.date(), format_name) == formats.date_format(moment.date(), format_name)


def test_a_format_with_other_letters_is_left_to_django(settings):
    with translation.override("en"):
        assert date_format(MOMENTS[2], "YEAR_MONTH_FORMAT") == formats.date_format(MOMENTS[2], "YEAR_MONTH_FORMAT")
        # A date has no time of day: Django says so, as before.
        with pytest.raises(TypeError):
            date_format(MOMENTS[2].date(), "TIME_FORMAT")
