"""Money is read as people type it; what cannot be read for sure is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leatadmin.core.fields import EurosField
from leatadmin.core.money import AmountError, parse_amount


@pytest.mark.parametrize(
    ("typed", "euros"),
    [
        ("25,50", "25.50"),
        ("25.50", "25.50"),
        ("€ 25,50", "25.50"),
        ("€25.5", "25.5"),
        ("25,50 €", "25.50"),
        ("EUR 25,50", "25.50"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1,234,567.00", "1234567.00"),
        ("40", "40"),
        ("0,5", "0.5"),
        (",50", "0.50"),
        ("0.125", "0.125"),  # unambiguous; the field refuses the third decimal
        ("  7  ", "7"),
    ],
)
def test_amounts_as_people_type_them(typed, euros):
    assert parse_amount(typed) == Decimal(euros)


@pytest.mark.parametrize("typed", ["1.234", "1,234", "€ 12,345", "999.999"])
def test_a_thousands_separator_or_a_decimal_mark_is_refused_not_guessed(typed):
    with pytest.raises(AmountError, match="has 3 decimals: type whole cents, like .* if you meant"):
        parse_amount(typed)


@pytest.mark.parametrize("typed", ["twenty", "25,50,1", "1.23,45", "1,2.3.4", "€", "-", "1e3", "25 euro 50", "١٢", "0x10", "25..5", "nan", "Infinity"])
def test_anything_else_is_not_an_amount(typed):
    with pytest.raises(AmountError):
        parse_amount(typed)


def test_nothing_typed_is_no_amount():
    assert parse_amount("") is None and parse_amount("   ") is None


def test_the_field_says_what_is_wrong_at_the_field():
    field = EurosField()
    assert field.clean("€ 25,50") == Decimal("25.50")
    for typed, message in [
        ("twenty", "Enter an amount"),
        ("-2", "cannot be negative"),
        ("0,125", "“0,125” has 3 decimals: type whole cents, like 0,12 or 0,13."),
        ("1.234", "1234 if you meant 1234 euros"),
        ("2.000.000", "At most"),
    ]:
        with pytest.raises(Exception) as caught:
            field.clean(typed)
        assert message in str(caught.value)
    assert EurosField.to_cents(field.clean("25,50")) == 2550


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,505", "“12,505” has 3 decimals: type whole cents, like 12,50 or 12,51; or 12505 if you meant 12505 euros."),
        ("12,500", "“12,500” has 3 decimals: type whole cents, like 12,50; or 12500 if you meant 12500 euros."),
        ("0,999", "“0,999” has 3 decimals: type whole cents, like 0,99 or 1,00."),
        ("1.234,567", "“1.234,567” has 3 decimals: type whole cents, like 1234,56 or 1234,57."),
        ("12.3456", "“12.3456” has 4 decimals: type whole cents, like 12.34 or 12.35."),
    ],
)
def test_too_many_decimals_are_said_with_what_was_typed(typed, message):
    with pytest.raises(Exception) as caught:
        EurosField().clean(typed)
    assert caught.value.messages == [message]


@pytest.mark.parametrize("typed", ["10000,01", "123456789", "1234567890,12", "€ 99.999.999.999"])
def test_the_most_is_said_once_not_with_a_count_of_digits(typed):
    with pytest.raises(Exception) as caught:
        EurosField(max_value=Decimal("10000")).clean(typed)
    assert caught.value.messages == ["At most €10,000.00."]


def test_the_field_is_a_text_input_for_decimals_never_a_number_input():
    html = EurosField().widget.render("prepaid_amount", None)
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "number" not in html


cents = st.integers(min_value=0, max_value=100_000_000)


def _dutch(amount: int, grouped: bool) -> str:
    euros, rest = divmod(amount, 100)
    whole = f"{euros:,}".replace(",", ".") if grouped else str(euros)
    return f"{whole},{rest:02d}"


def _english(amount: int, grouped: bool) -> str:
    euros, rest = divmod(amount, 100)
    return f"{euros:,}.{rest:02d}" if grouped else f"{euros}.{rest:02d}"


@given(amount=cents, grouped=st.booleans(), english=st.booleans(), euro_sign=st.sampled_from(["", "€", "€ ", "EUR "]))
def test_any_amount_with_cents_reads_back_exactly(amount, grouped, english, euro_sign):
    typed = euro_sign + (_english if english else _dutch)(amount, grouped)
    assert parse_amount(typed) == Decimal(amount) / 100


@given(text=st.text(max_size=30))
def test_any_text_is_an_amount_or_a_refusal_never_a_crash(text):
    try:
        value = parse_amount(text)
    except AmountError:
        return
    assert value is None or value.is_finite()


@given(euros=st.integers(min_value=1000, max_value=999_999), mark=st.sampled_from([".", ","]))
def test_a_single_mark_before_three_digits_is_always_refused(euros, mark):
    with pytest.raises(AmountError):
        parse_amount(f"{euros // 1000}{mark}{euros % 1000:03d}")
