"""The search box finds what a customer shows at the counter, typed or
scanned as it comes: a voucher code, a gift card number (#29 item 1). A code
reaches its page in at most two Leat calls in sequence: the lookup asks Leat
once (every form of the code at the same time), and the voucher's page takes
the voucher the lookup found instead of asking again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import PageReadingClient

pytestmark = pytest.mark.django_db

LOOKUP = reverse("contacts:lookup")


def finds(client, typed: str):
    return client.post(LOOKUP, {"q": typed})


@pytest.mark.parametrize("typed", ["vq7h m2kx p", "  VQ7HM2KXP ", "vq7-hm2-kxp", "Vq7hM2kxP"])
def test_a_voucher_code_as_it_comes_opens_its_page(agent, seeded, typed):
    response = finds(agent, typed)
    assert response.status_code == 302 and response["Location"] == reverse("vouchers:detail", args=[seeded("VQ7HM2KXP").uuid])


@pytest.mark.parametrize("typed", ["beans-anna-10", "beans anna 10", "BEANS-ANNA-10"])
def test_a_code_with_dashes_opens_its_page(agent, seeded, typed):
    response = finds(agent, typed)
    assert response.status_code == 302 and response["Location"] == reverse("vouchers:detail", args=[seeded("BEANS-ANNA-10").uuid])


def test_a_typed_code_reaches_its_page_in_one_round_of_leat_calls_and_the_page_asks_nothing(agent, sandbox, seeded):
    """In lower case with spaces: the directory (leatadmin's own) finds nobody,
    then Leat is asked for every form of the code at once; the page then
    shows the voucher the lookup found without asking Leat again."""
    voucher = seeded("VQ7HM2KXP")
    sandbox.reset_stats()
    sandbox.faults.update({"latency_ms": 200})  # Leat at its usual pace: calls in sequence would add up
    response = finds(agent, "vq7h m2kx p")
    routes = sandbox.stats()["routes"]
    assert response["Location"] == reverse("vouchers:detail", args=[voucher.uuid])
    assert routes == {"GET vouchers/find": 2, "GET giftcards/find-one-by": 1}, routes  # VQ7HM2KXP and VQ7H-M2KX-P, and as a card number
    sandbox.reset_stats()
    html = agent.get(response["Location"]).content.decode()
    assert sandbox.stats()["total"] == 0
    assert "VQ7HM2KXP" in html and "Can be used now" in html


def test_the_lookup_asks_leat_about_every_form_of_a_code_at_once(agent, sandbox, seeded):
    sandbox.faults.update({"path_latency_ms": {"vouchers/find": 400, "giftcards/find-one-by": 400}})
    import time

    started = time.monotonic()
    response = finds(agent, "vq7h m2kx p")
    took = time.monotonic() - started
    assert response.status_code == 302
    assert took < 0.75, f"three calls of 0.4 s took {took:.2f} s: not in parallel"


def test_a_gift_card_number_with_spaces_opens_its_page(agent, leat):
    card = leat.giftcards.find("6036821000001234")
    for typed in ("6036 8210 0000 1234", "6036-8210-0000-1234", "6036821000001234"):
        response = finds(agent, typed)
        assert response.status_code == 302 and response["Location"] == reverse("giftcards:detail", args=[card.uuid]), typed


def test_a_loyalty_card_still_opens_its_contact_with_the_codes_asked_beside_it(agent, sandbox, anna):
    sandbox.reset_stats()
    response = finds(agent, "CARD-300000")
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])
    routes = sandbox.stats()["routes"]
    assert routes["GET contact-identifiers/find"] == 1 and set(routes) <= {"GET contact-identifiers/find", "GET vouchers/find", "GET giftcards/find-one-by"}


def test_nothing_found_says_what_was_tried(agent, sandbox):
    html = finds(agent, "zq9 xk7").content.decode()
    tried = html.split('id="tried"')[1].split("</ul>")[0]
    assert "No contact found for “zq9 xk7”" in html
    assert "a contact by name, email, phone number, postcode or city" in tried
    assert "a voucher with the code ZQ9XK7, ZQ9-XK7" in tried and "a gift card numbered ZQ9XK7" in tried
    one_word = finds(agent, "zq9xk7").content.decode().split('id="tried"')[1].split("</ul>")[0]
    assert "a loyalty card numbered zq9xk7" in one_word and "a voucher with the code ZQ9XK7" in one_word


def test_an_email_is_not_looked_for_as_a_code(agent, sandbox):
    sandbox.reset_stats()
    html = finds(agent, "nobody.here@example.com").content.decode()
    assert "No contact with the email" in html and 'id="tried"' not in html
    assert set(sandbox.stats()["routes"]) == {"GET contacts/find-one-by"}


def test_leat_down_for_the_codes_says_what_could_not_be_asked(agent, sandbox):
    sandbox.faults.update({"path_status": {"vouchers/find": 503, "giftcards/find-one-by": 429}})
    response = finds(agent, "vq7h m2kx p")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leat could not be asked about vouchers: Leat is down for maintenance." in html
    assert "Leat could not be asked about gift cards: Leat is limiting requests right now." in html


def test_a_code_that_is_both_a_voucher_and_a_gift_card_offers_both(agent, leat, promotions):
    program = next(program for program in leat.giftcard_programs.list() if program.active)
    card = leat.giftcards.create(giftcard_program_uuid=program.uuid)
    voucher = leat.vouchers.create(promotion_uuid=promotions["Goodwill: free pastry"].uuid, code=card.hash)
    response = finds(agent, card.hash)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="code-hits"' in html
    assert reverse("vouchers:detail", args=[voucher.uuid]) in html and reverse("giftcards:detail", args=[card.uuid]) in html


def test_staff_who_may_not_open_vouchers_are_not_sent_to_one(make_staff, sandbox):
    user = make_staff(None)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="view_contacts"))
    client = PageReadingClient()
    client.force_login(user)
    sandbox.reset_stats()
    html = finds(client, "vq7h m2kx p").content.decode()
    assert "No contact found" in html and "voucher" not in html.split('id="tried"')[1].split("</ul>")[0]
    assert sandbox.stats()["total"] == 0
