"""At the counter (#29): every voucher, collectable reward and gift card error
is said in the staff member's words (core.forms.MESSAGES by kind, and
core.leat_words by Leat's message), in Dutch too, never as Leat's English."""

from __future__ import annotations

import pytest
from django.utils import translation

from leatadmin.core.forms import MESSAGES, LeatForm
from leatadmin.core.leat_words import leat_says, said
from leatadmin.leat.error_mapping import error_from_response
from tests.leat.test_counter_errors import COUNTER_ERRORS

NEW = [(code, message, kind) for code, message, kind, _ in COUNTER_ERRORS if code not in (55031, 1003)]  # 60006: creating a card (identifiers.create)


@pytest.mark.parametrize(("code", "message", "kind"), NEW)
def test_each_counter_error_has_staff_words_in_both_languages(code, message, kind):
    english = str(MESSAGES[kind])
    with translation.override("nl"):
        dutch = str(MESSAGES[kind])
        # Leat's message and its English default are both said in the same Dutch words.
        assert said(message) == dutch and said(kind.default_message) == dutch
        assert said(message) != leat_says(message)
    assert dutch != english


def test_a_counter_error_is_said_on_the_form():
    form = LeatForm(data={})
    form.is_valid()
    with translation.override("nl"):
        form.apply_leat_error(error_from_response(400, {"message": "Voucher code as already been redeemed.", "code": 80005}))
        assert form.non_field_errors() == ["Deze voucher is al ingewisseld."]
