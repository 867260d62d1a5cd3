"""One way to write money, counts and dates per language, everywhere."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from leatadmin.core.fields import DateTimeLocalField, DayField, EurosField
from leatadmin.core.money import parse_amount
from leatadmin.core.templatetags.leat_format import cents, clock, count, day, decimal, euros, shown, signed_cents, signed_credits, when, yes_no
from tests.conftest import HTMX
from tests.core.test_languages import DUTCH, ENGLISH

NBSP = "\u00a0"
MOMENT = dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC)  # 18:00 in Amsterdam


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", {"money": f"€{NBSP}20,00", "big": f"€{NBSP}2.550,00", "negative": f"−€{NBSP}5,25", "signed": f"+€{NBSP}25,50", "count": "1.612", "credits": "−1.200", "decimal": "1.234,50"}),
        ("en", {"money": "€20.00", "big": "€2,550.00", "negative": "−€5.25", "signed": "+€25.50", "count": "1,612", "credits": "−1,200", "decimal": "1,234.50"}),
    ],
)
def test_money_and_counts_in_each_language(language, expected):
    with translation.override(language):
        written = {
            "money": cents(2000),
            "big": cents(255000),
            "negative": cents(-525),
            "signed": signed_cents(2550),
            "count": count(1612),
            "credits": signed_credits(-1200),
            "decimal": decimal(1234.5),
        }
    assert written == expected


def test_nothing_is_a_dash_and_euros_become_money():
    assert (cents(None), count(None), when(None), day(""), yes_no(None)) == ("—", "—", "—", "—", "—")
    with translation.override("nl"):
        assert euros(25) == f"€{NBSP}25,00" and euros("12.5") == f"€{NBSP}12,50"


@pytest.mark.parametrize(
    ("language", "moment", "moment_day", "date"), [("nl", "24-11-2026 18:00", "24-11-2026", "24-02-1990"), ("en", "24 Nov 2026, 18:00", "24 Nov 2026", "24 Feb 1990")]
)
def test_one_date_style_per_language_in_the_staff_members_time_zone(language, moment, moment_day, date):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert (when(MOMENT), shown(MOMENT), day(MOMENT), day(dt.date(1990, 2, 24)), clock(MOMENT)) == (moment, moment, moment_day, date, "18:00")
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert clock(MOMENT) == "12:00"  # the staff member's zone, not UTC


def test_yes_and_no_in_words():
    with translation.override("nl"):
        assert (yes_no(True), yes_no("False"), yes_no("true"), shown(False)) == ("Ja", "Nee", "Ja", "Nee")
    with translation.override("en"):
        assert (yes_no(False), shown(True)) == ("No", "Yes")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("typed", "amount"), [("25,50", "25.50"), ("25.50", "25.50"), ("€ 1.234,56", "1234.56"), ("1,234.56", "1234.56")])
def test_money_is_read_as_typed_in_either_language(language, typed, amount):
    with translation.override(language):
        assert str(parse_amount(typed)) == amount
        assert str(EurosField().clean(typed)) == amount


def test_the_amount_limit_is_said_in_the_languages_money():
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            EurosField().clean("2000000")
        assert refused.value.messages == [f"Hoogstens €{NBSP}1.000.000,00."]
    with translation.override("en"):
        assert refused.value.messages == ["At most €1,000,000.00."]  # said in the language it is read in


def test_date_pickers_keep_iso_dates_in_dutch():
    # A browser's date picker takes only ISO dates, whatever the page's language.
    with translation.override("nl"):
        html = DayField().widget.render("day", dt.date(2026, 11, 24))
    assert 'value="2026-11-24"' in html


def test_date_time_fields_name_their_time_zone():
    field = DateTimeLocalField(label="Start")
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert str(field.help_text) == "Time in Europe/Amsterdam."
    with translation.override("nl"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert str(field.help_text) == "Tijd in Europe/London."
    with_help = DateTimeLocalField(help_text="When the guests arrive.")
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert str(with_help.help_text) == "When the guests arrive. Time in Europe/Amsterdam."


@pytest.mark.django_db
def test_the_booking_form_names_the_zone_next_to_each_date_time(manager):
    manager.cookies["tz"] = "Europe/Amsterdam"
    html = manager.get(reverse("bookings:create"), **DUTCH).content.decode()
    assert html.count("Tijd in Europe/Amsterdam.") == 3  # start, end, checked in
    assert 'aria-describedby="id_starts_at_helptext"' in html


@pytest.mark.django_db
def test_the_profile_shows_words_and_money_not_data(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    leat.contacts.update(uuid, attributes={"vip": True, "birthdate": "1990-02-24", "visits_per_month": 1612})
    html = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX, **DUTCH).content.decode()
    read_only = html.split("<summary>")[1]
    assert "<dt>Anonymous</dt><dd>Nee</dd>" in read_only  # Leat's label, leatadmin's word
    assert f"<dt>Prepaid balance</dt><dd>€{NBSP}0,00</dd>" in read_only
    assert "Subscription status" in read_only and "<dd>Niet aangemeld</dd>" in read_only
    assert "False" not in html and "UNSUBSCRIBED" not in html and "ACTIVE" not in html
    assert "<dt>VIP</dt><dd>Ja</dd>" in html and "<dd>24-02-1990</dd>" in html and "<dd>1.612</dd>" in html
    created = leat.contacts.get(uuid).created_at
    with translation.override("nl"), timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert f"<dd>{when(created)}</dd>" in read_only  # a system date-time in the staff member's zone, not UTC
    english = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX, **ENGLISH).content.decode()
    assert "<dt>VIP</dt><dd>Yes</dd>" in english and "<dd>24 Feb 1990</dd>" in english and "<dd>1,612</dd>" in english and "<dd>€0.00</dd>" in english


@pytest.mark.django_db
def test_money_and_dates_on_the_booking_page_in_both_languages(supervisor, leat, anna):
    from leatadmin.audit.models import AuditEntry
    from tests.core.test_staff_actions import form_data

    shop = leat.shops.list()[0]
    url = reverse("bookings:create")
    supervisor.post(url, form_data(supervisor, url, shop=shop.uuid, contact=anna.email, starts_at="2026-11-24T18:00", number_of_people="4", prepaid_amount="2550,50"))
    booking = AuditEntry.objects.get(action="booking.create").target_id
    page = reverse("bookings:detail", args=[booking])
    supervisor.cookies["tz"] = "Europe/Amsterdam"
    dutch = supervisor.get(page, **DUTCH).content.decode()
    assert f"€{NBSP}2.550,50" in dutch and "24-11-2026 18:00" in dutch and "Aangemaakt" in dutch
    english = supervisor.get(page, **ENGLISH).content.decode()
    assert "€2,550.50" in english and "24 Nov 2026, 18:00" in english
    listed = supervisor.get(reverse("bookings:list"), **DUTCH).content.decode()
    assert f"€{NBSP}2.550,50" in listed and ">Aangemaakt<" in listed


@pytest.mark.parametrize("typed", ["²", "2²²²-01-01T10:00", "１２３４-01-01T10:00"])
def test_a_date_time_of_odd_digits_is_refused_at_the_field_not_a_500(typed):
    with pytest.raises(ValidationError):
        DateTimeLocalField().clean(typed)

