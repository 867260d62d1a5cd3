"""Every gift card page and form in Dutch: no sentence the English page shows
too (it would never have been translated), errors included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.contact_actions import IN_FORM
from tests.core.test_dutch_error_paths import DUTCH, ENGLISH, sentences
from tests.core.test_staff_actions import form_in

pytestmark = pytest.mark.django_db


def untranslated(client, method: str, url: str, data_words: set[str], **kwargs) -> set[str]:
    """The sentences the Dutch page shares with the English one, Leat's data aside."""
    pages = {}
    for language, header in (("nl", DUTCH), ("en", ENGLISH)):
        response = getattr(client, method)(url, **{**kwargs.get(language, {}), **header, **kwargs.get("extra", {})}) if method == "get" else client.post(url, kwargs[language], **header, **kwargs.get("extra", {}))
        assert response.status_code < 500
        pages[language] = sentences(response.content.decode(), language)
    return {sentence for sentence in pages["nl"] & pages["en"] if not any(word in sentence for word in data_words)}


@pytest.fixture
def data_words(leat):
    return {shop.name for shop in leat.shops.list()} | {program.name for program in leat.giftcard_programs.list()}


def test_the_pages_and_forms_as_opened(supervisor, card, old_card, data_words):
    for url in (
        reverse("giftcards:detail", args=[card.uuid]),
        reverse("giftcards:detail", args=[old_card.uuid]),
        reverse("giftcards:pay_or_top_up", args=[card.uuid]),
        reverse("giftcards:undo", args=[card.uuid]),
        reverse("giftcards:undo", args=[old_card.uuid]),
        reverse("giftcards:send", args=[card.uuid]),
        reverse("giftcards:send", args=[old_card.uuid]),
        reverse("giftcards:new"),
    ):
        assert untranslated(supervisor, "get", url, data_words) == set(), url


def test_the_forms_sent_wrong(supervisor, card, old_card, data_words):
    pay = reverse("giftcards:pay_or_top_up", args=[card.uuid])
    for kind, amount in (("pay", "99"), ("top_up", "200"), ("pay", "0")):
        data = {**form_in(supervisor.get(pay)), "kind": kind, "amount": amount, "reason": "x"}
        data.pop("token")
        assert untranslated(supervisor, "post", pay, data_words, nl=data, en=data, extra=IN_FORM) == set(), (kind, amount)
    undo = reverse("giftcards:undo", args=[old_card.uuid])
    data = {"reason": "x"}
    assert untranslated(supervisor, "post", undo, data_words, nl=data, en=data) == set()
    send = reverse("giftcards:send", args=[card.uuid])
    data = {"email": "nobody.at.all@example.com"}
    assert untranslated(supervisor, "post", send, data_words, nl=data, en=data) == set()
