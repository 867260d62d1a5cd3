"""Random input at the lookup and the forms: a form error or a 404, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
odd = st.one_of(text, st.emails(), st.sampled_from(["", " ", "\x00", "../../etc/passwd", "<script>", "1e999", "-1", "∞", "%00", "a" * 5000]))


@FUZZ
@given(query=odd)
def test_lookup_never_fails(supervisor, query):
    assert supervisor.post(reverse("contacts:lookup"), {"email": query}).status_code in (200, 302)


@FUZZ
@given(email=odd, referral=odd, asynchronous=odd)
def test_create_contact_form_never_fails(supervisor, email, referral, asynchronous):
    response = supervisor.post(reverse("contacts:create"), {"email": email, "referral_code": referral, "asynchronous": asynchronous})
    assert response.status_code in (200, 302)


@FUZZ
@given(data=st.fixed_dictionaries({name: odd for name in ("shop", "contact", "starts_at", "ends_at", "number_of_people", "prepaid_amount", "status", "checked_in_at", "company_name", "token")}))
def test_booking_form_never_fails(supervisor, data):
    assert supervisor.post(reverse("bookings:create"), data).status_code in (200, 302)


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["tx_page", "tx_per_page", "tx_type", "v_page", "page", "sort", "q", "date_from", "date_to", "shop", "status", "contact", "target", "action"]), odd, max_size=4))
def test_list_parameters_never_fail(supervisor, anna, params):
    for url in (reverse("contacts:transactions", args=[anna.uuid]), reverse("visits:list"), reverse("bookings:list"), reverse("audit:list")):
        assert supervisor.get(url, params, HTTP_HX_REQUEST="true").status_code in (200, 404)


@FUZZ
@given(identifier=text)
def test_odd_identifiers_in_urls_are_404_or_handled(supervisor, identifier):
    from urllib.parse import quote

    response = supervisor.get(f"/contacts/{quote(identifier, safe='')}/profile/", HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 404)
