"""core/links.row_url: a table row's URL without reversing it for every row,
the same text as Django's reverse()."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from leatadmin.core.links import row_url

CONTACT = "6ce9da66-1dcf-484c-9e02-79e17f9ac098"
IDS = ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "B-12", "x", "a.b_c~d-e", "~leatadmin~row~x"]


@pytest.mark.parametrize("identifier", IDS)
def test_the_same_url_as_reverse(identifier):
    assert row_url("visits:detail", identifier) == reverse("visits:detail", args=[identifier])
    assert row_url("bookings:detail", identifier) == reverse("bookings:detail", args=[identifier])
    assert row_url("prepaid:reverse", CONTACT, identifier) == reverse("prepaid:reverse", args=[CONTACT, identifier])
    for kind in ("credits", "reward"):
        assert row_url("loyalty:reverse", CONTACT, identifier, kind, row=1) == reverse("loyalty:reverse", args=[CONTACT, identifier, kind])


def test_an_id_django_refuses_is_refused_as_before():
    for odd in ("not/an id", "B-12\n", ""):
        with pytest.raises(NoReverseMatch):
            row_url("visits:detail", odd)


def test_behind_a_path_prefix_the_prefix_is_kept():
    try:
        set_script_prefix("/leatadmin/")
        assert row_url("visits:detail", "B-12") == "/leatadmin/visits/B-12/" == reverse("visits:detail", args=["B-12"])
    finally:
        set_script_prefix("/")
    assert row_url("visits:detail", "B-12") == "/visits/B-12/"


def test_page_links_use_it_and_an_odd_identifier_gets_no_link():
    from leatadmin.core.links import contact_link, page_url

    assert page_url("contact", CONTACT) == reverse("contacts:detail", args=[CONTACT])
    assert page_url("booking", "B-12") == reverse("bookings:detail", args=["B-12"])
    for odd in ("", "not/an id", "B-12\n"):
        assert page_url("visit", odd) == ""
    assert contact_link(CONTACT, "anna@example.com", allowed=True) == f'<a href="/contacts/{CONTACT}/">anna@example.com</a>'
    assert contact_link("old label", "anna@example.com", allowed=True) == "anna@example.com"


def test_an_id_put_in_drawn_html_keeps_it_safe_and_plain_text_plain():
    from django.utils.safestring import SafeString, mark_safe

    from leatadmin.core.links import STAND_IN, put_id

    html = put_id(mark_safe(f'<a href="/contacts/{STAND_IN}/">x</a> <a href="/contacts/{STAND_IN}/edit/">y</a>'), "abc-123")
    assert isinstance(html, SafeString) and html == '<a href="/contacts/abc-123/">x</a> <a href="/contacts/abc-123/edit/">y</a>'
    text = put_id(f"/contacts/{STAND_IN}/", "abc-123")
    assert text == "/contacts/abc-123/" and not isinstance(text, SafeString)
