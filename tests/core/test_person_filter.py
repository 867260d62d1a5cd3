"""core/person_filter.py: the references that keep a person out of URLs (#28.6)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore

from leatadmin.core.person_filter import filtered_url, keep, kept, names_nobody, pick_token, picked

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(rf):
    request = rf.get("/")
    request.session = SessionStore()
    return request


def test_one_value_has_one_reference_and_a_session_keeps_the_latest_hundred(request_):
    first = keep(request_, "anna.devries@example.com")
    assert keep(request_, " anna.devries@example.com ") == first and kept(request_, first) == "anna.devries@example.com"
    for n in range(150):
        keep(request_, f"person{n}@example.com")
    assert kept(request_, first) is None  # the oldest went first
    assert kept(request_, keep(request_, "person149@example.com")) == "person149@example.com"
    assert len(request_.session["person_filter_refs"]) == 100


def test_what_names_nobody_stays_in_the_url_and_the_rest_goes_by_reference(request_):
    uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    assert names_nobody(uuid) and names_nobody("la-0a1b2c3d4e5f") and not names_nobody("CARD-300000") and not names_nobody("de vries")
    assert filtered_url(request_, "/visits/", "contact", uuid) == f"/visits/?contact={uuid}"
    by_reference = filtered_url(request_, "/visits/", "contact", "anna.devries@example.com")
    assert by_reference.startswith("/visits/?ref=") and "anna" not in by_reference
    assert filtered_url(request_, "/visits/", "contact", "") == "/visits/"


def test_a_pick_token_picks_one_of_the_values_and_says_nothing_of_it():
    token = pick_token("CARD-300000")
    assert picked(token, ["CARD-300001", "CARD-300000"]) == "CARD-300000"
    assert picked(token, ["CARD-300001"]) == "" and picked("", ["CARD-300000"]) == "" and picked("CARD-300000", ["CARD-300000"]) == ""
    assert "300000" not in token and token == pick_token("CARD-300000")


def test_two_requests_filtering_at_once_agree_on_the_reference(request_):
    """A filter is sent as it changes and again as it is submitted: both requests
    load the session before either saves it, and whichever saves last, the
    reference the browser follows is in the session."""
    request_.session.save()
    key = request_.session.session_key
    first, second = SessionStore(session_key=key), SessionStore(session_key=key)
    one = type("Request", (), {"session": first})()
    two = type("Request", (), {"session": second})()
    ref_one, ref_two = keep(one, "anna.devries"), keep(two, "anna.devries")
    second.save()
    first.save()  # the first request's session wins
    assert ref_one == ref_two
    assert kept(type("Request", (), {"session": SessionStore(session_key=key)})(), ref_two) == "anna.devries"
