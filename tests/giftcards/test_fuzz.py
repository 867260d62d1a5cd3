"""Random input at the gift card's page and forms: a page, a form error or a 404, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.security.test_fuzz import FUZZ, odd

pytestmark = pytest.mark.django_db


@FUZZ
@given(data=st.fixed_dictionaries({name: odd for name in ("kind", "amount", "shop", "reason", "token", "version", "confirm_duplicate", "duplicate_of", "in_page")}))
def test_pay_or_top_up_never_fails(supervisor, card, data):
    response = supervisor.post(reverse("giftcards:pay_or_top_up", args=[card.uuid]), data)
    assert response.status_code in (200, 302)


@FUZZ
@given(data=st.fixed_dictionaries({name: odd for name in ("email", "reason", "token", "program")}))
def test_send_undo_and_new_never_fail(supervisor, card, data):
    """On a card of the test's own: a random reason may well undo its last transaction."""
    for url in (reverse("giftcards:send", args=[card.uuid]), reverse("giftcards:undo", args=[card.uuid]), reverse("giftcards:new")):
        assert supervisor.post(url, data).status_code in (200, 302)


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["page", "kind", "sort", "per_page"]), odd, max_size=3))
def test_page_parameters_never_fail(supervisor, demo_card, params):
    for url in (reverse("giftcards:detail", args=[demo_card.uuid]), reverse("giftcards:transactions", args=[demo_card.uuid])):
        assert supervisor.get(url, params, HTTP_HX_REQUEST="true").status_code == 200
    assert supervisor.get(reverse("giftcards:pay_or_top_up", args=[demo_card.uuid]), params).status_code == 200
