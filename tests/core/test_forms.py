"""Leat's answers land at the right field, or at the top of the form, never nowhere."""

from __future__ import annotations

from django import forms

from leatadmin.core.forms import LeatForm
from leatadmin.leat import errors


class VisitLikeForm(LeatForm):
    source = forms.CharField(required=False)
    leat_fields = {"shop_uuid": "shop"}  # a field this form does not have
    leat_error_fields = {errors.ShopNotFound: "shop", errors.ContactAlreadyExists: "source"}


def test_field_messages_go_to_their_field_and_unknown_fields_to_the_top():
    form = VisitLikeForm({"source": "x"})
    form.apply_leat_error(errors.InvalidInput(field_errors={"source": ["Too long."], "shop_uuid": ["Gone."], "mystery": ["Odd."]}))
    # Leat's own words, marked as such (core/leat_words.py); at the top, after the field's name.
    assert form.errors["source"] == ["“Too long.” (Leat's own words)"]
    assert form.non_field_errors() == ["Shop: “Gone.” (Leat's own words)", "Mystery: “Odd.” (Leat's own words)"]


def test_business_errors_in_words_at_their_field_or_the_top():
    form = VisitLikeForm({"source": "x"})
    form.apply_leat_error(errors.ContactAlreadyExists())
    assert form.errors["source"] == ["A contact with this email already exists."]
    other = VisitLikeForm({"source": "x"})
    other.apply_leat_error(errors.ShopNotFound())
    assert other.non_field_errors() == ["Leat has no shop with this identifier (it may have been removed)."]


def test_unavailable_leat_sets_the_status_and_keeps_the_input():
    form = VisitLikeForm({"source": "typed"})
    form.apply_leat_error(errors.RateLimited(retry_after=9))
    assert (form.failure_status, form.retry_after) == (503, 9)
    assert "Try again in 9 seconds" in form.non_field_errors()[0] and form["source"].value() == "typed"
