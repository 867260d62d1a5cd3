"""The agent's journey: look someone up, see everything, page and filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from leatadmin.contacts.models import RecentContact
from leatadmin.shops.selectors import shop_list
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def test_pages_need_login(client, anna):
    for url in (reverse("contacts:lookup"), reverse("contacts:detail", args=[anna.uuid])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_htmx_panel_with_expired_session_redirects_the_whole_page(client, anna):
    response = client.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX, HTTP_HX_CURRENT_URL=f"http://testserver/contacts/{anna.uuid}/")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/login/?next=")


def test_lookup_page_has_the_email_box_and_recent_list(agent):
    response = agent.get(reverse("contacts:lookup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="lookup-email"' in html and ">Find a customer<" in html
    assert "Recently viewed" in html


def test_home_sends_agents_to_the_lookup(agent):
    assert agent.get("/")["Location"] == reverse("contacts:lookup")


def test_lookup_by_email_ignores_spaces_and_case(agent, anna):
    response = agent.post(reverse("contacts:lookup"), {"email": "  ANNA.deVries@Example.com  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_a_lookup_that_finds_the_contact_asks_leat_before_anything_else(agent, anna):
    """A lookup that goes straight to the contact page shows no lookup page:
    it does not read the recently-viewed list (a query ahead of the Leat call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = agent.post(reverse("contacts:lookup"), {"email": anna.email})
    assert response.status_code == 302
    assert not [query for query in queries.captured_queries if RecentContact._meta.db_table in query["sql"]]
    shown = agent.post(reverse("contacts:lookup"), {"email": "nobody.here@example.com"}).content.decode()
    assert "Recently viewed" in shown


def test_lookup_by_pasted_uuid(agent, anna):
    response = agent.post(reverse("contacts:lookup"), {"email": anna.uuid})
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_lookup_not_found_offers_create_and_find_or_create(agent):
    response = agent.post(reverse("contacts:lookup"), {"email": "Nobody.Here@example.com"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No contact with the email “nobody.here@example.com”" in html
    assert f'action="{reverse("contacts:create")}"' in html and 'name="email" value="nobody.here@example.com"' in html
    assert reverse("contacts:find_or_create") in html


def test_lookup_keeps_customer_emails_out_of_urls(agent, anna, sandbox):
    """#10.7: `GET /contacts/?email=…` put customers' emails in the access log."""
    page = agent.get(reverse("contacts:lookup")).content.decode()
    assert page.count('method="post" action="/contacts/"') == 2  # the header's search and the lookup page's form
    sandbox.reset_stats()
    assert agent.get(reverse("contacts:lookup"), {"email": anna.email}).status_code == 200 and sandbox.stats()["total"] == 0
    found = agent.post(reverse("contacts:lookup"), {"email": anna.email})
    assert found.status_code == 302 and "@" not in found["Location"] and found["Location"] == reverse("contacts:detail", args=[anna.uuid])
    not_found = agent.post(reverse("contacts:lookup"), {"email": "nobody.here@example.com"}).content.decode()
    assert "?email=" not in not_found and "nobody.here%40example.com" not in not_found
    procfile = (Path(__file__).resolve().parents[2] / "Procfile").read_text()
    assert "%(U)s" in procfile and "%(r)s" not in procfile  # gunicorn's access log: paths without query strings


def test_lookup_not_found_without_create_permission_offers_no_create(manager):
    html = manager.post(reverse("contacts:lookup"), {"email": "nobody.here@example.com"}).content.decode()
    assert "No contact with" in html and reverse("contacts:create") not in html


@pytest.mark.parametrize("query", ["", "   ", "a", " é ", "x" * 300])
def test_lookup_bad_input_is_a_message_at_the_field(agent, sandbox, query):
    """Empty or one letter asks for more; too long is refused; Leat is not asked."""
    response = agent.post(reverse("contacts:lookup"), {"email": query})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert sandbox.stats()["total"] == 0


# --- The contact page in one request (#14) -------------------------------------

SLOTS = ("profile", "transactions", "visits", "bookings", "cards", "subscriptions", "prepaid")


def streamed_parts(response) -> list[str]:
    """The page as the server sent it, part by part (the plain test client does not read it)."""
    assert response.streaming
    return [part.decode() for part in response.streaming_content]


def test_contact_page_is_one_request_with_every_panel_and_each_leat_call_once(agent, sandbox, anna):
    sandbox.reset_stats()
    response = agent.get(reverse("contacts:detail", args=[anna.uuid]))
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Accel-Buffering"] == "no"
    # Every panel's content is in the page itself: nothing is left for JavaScript to fetch.
    assert "anna.devries@example.com" in html and "Tier: Gold" in html  # profile
    assert "Loyalty transactions" in html and 'class="transactions' in html
    assert "CARD-300000" in html and "Double opt-in" in html and 'class="visits' in html
    assert "Loading" not in html.split("</template>", 1)[1]  # no spinner outside the placeholders
    # Each panel fills its own slot of the shell, and keeps its own URL for htmx.
    shell = html.split("</template>", 1)[0]
    assert [name for name in SLOTS if f'<slot name="{name}">' in shell] == list(SLOTS)
    for name, url in (("profile", "contacts:profile"), ("transactions", "contacts:transactions"), ("cards", "cards:panel"), ("prepaid", "prepaid:panel")):
        assert f'slot="{name}"' in html and f'hx-get="{reverse(url, args=[anna.uuid])}"' in html
    routes = sandbox.stats()["routes"]
    assert routes and all(count == 1 for count in routes.values()), routes


def test_contact_page_panels_arrive_in_the_order_leat_answers(client, make_staff, sandbox, anna):
    """A slow Leat route delays only its own panel: the others are sent first."""
    client.force_login(make_staff("Customer service"))
    sandbox.faults.update({"path_latency_ms": {"loyalty-transactions": 600}})
    parts = streamed_parts(client.get(reverse("contacts:detail", args=[anna.uuid])))
    sent = [name for part in parts for name in SLOTS if f'slot="{name}"' in part and "<template" not in part]
    assert sent[-1] == "transactions" and set(sent) == set(SLOTS)
    assert "</html>" in parts[-1] and "<template shadowrootmode" in parts[0]
    # The late panel goes out on its own: the others did not wait for it.
    assert [name for name in SLOTS if f'slot="{name}"' in parts[-1]] == ["transactions"]


def test_contact_page_panels_whose_answers_come_in_together_are_sent_together(client, make_staff, sandbox, anna, monkeypatch):
    """One part for the browser to lay out, not one per panel (page.GATHER_SECONDS;
    widened here so a busy test machine cannot split them)."""
    from leatadmin.contacts import page

    monkeypatch.setattr(page, "GATHER_SECONDS", 2.0)
    client.force_login(make_staff("Customer service"))
    sandbox.faults.update({"latency_ms": 200})
    parts = streamed_parts(client.get(reverse("contacts:detail", args=[anna.uuid])))
    together = [name for name in SLOTS if f'slot="{name}"' in parts[-1] and "<template" not in parts[-1]]
    assert set(SLOTS) - {"bookings"} <= set(together) and "</html>" in parts[-1]


def test_a_failing_leat_route_fails_only_its_panel_with_a_retry(agent, sandbox, anna):
    sandbox.faults.update({"path_status": {"visits": 500}})
    html = agent.get(reverse("contacts:detail", args=[anna.uuid]) + "?v_page=2").content.decode()
    visits = html.split('slot="visits"', 1)[1].split("</section>", 1)[0]
    assert "Leat had an internal error." in visits
    # Retry: htmx asks for the panel again; without JavaScript the link reloads the page.
    assert f'hx-get="{reverse("contacts:visits", args=[anna.uuid])}?v_page=2"' in visits
    assert f'href="{reverse("contacts:detail", args=[anna.uuid])}?v_page=2"' in visits
    assert "anna.devries@example.com" in html and "CARD-300000" in html  # the rest of the page is there


def test_a_panel_that_breaks_in_leatadmin_does_not_take_the_page_down(agent, anna, monkeypatch):
    from leatadmin.cards.panels import CardsPanel

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(CardsPanel, "context", broken)
    response = agent.get(reverse("contacts:detail", args=[anna.uuid]))
    html = response.content.decode()
    assert response.status_code == 200 and "This part of the page could not be shown." in html
    assert "anna.devries@example.com" in html and "</html>" in html


def test_contact_page_works_without_javascript_paging_and_filters_are_links_and_forms(agent, leat, anna):
    detail = reverse("contacts:detail", args=[anna.uuid])
    html = agent.get(detail + "?tx_page=2").content.decode()
    transactions = html.split('slot="transactions"', 1)[1].split('slot="visits"', 1)[0]
    assert 'aria-current="page">2<' in transactions  # page 2, from the page's own URL
    assert 'href="?tx_page=1"' in transactions or 'href="?tx_page=1&' in transactions
    assert f'<form class="table-tools" id="tx-filter" method="get" action="{detail}"' in transactions
    kind = agent.get(detail + "?tx_type=reward_receptions").content.decode().split('slot="transactions"', 1)[1].split('slot="visits"', 1)[0]
    assert '<option value="reward_receptions" selected>' in kind


def test_lookup_hands_the_contact_to_its_page_so_leat_is_asked_once(agent, sandbox, anna):
    sandbox.reset_stats()
    response = agent.post(reverse("contacts:lookup"), {"email": anna.email}, follow=True)
    assert "anna.devries@example.com" in response.content.decode()
    routes = sandbox.stats()["routes"]
    assert all(count == 1 for count in routes.values()), routes
    assert not any(route.startswith("GET contacts/{") and route.count("/") == 1 for route in routes), routes


def test_profile_panel_shows_header_balances_and_attributes(agent, anna):
    response = agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment
    assert "anna.devries@example.com" in html and "Anna de Vries" in html
    assert "Tier: Gold" in html and "Active" in html
    assert f'id="credit-balance">{anna.credit_balance:,}<' in html
    assert 'id="prepaid-balance">€20.00<' in html
    assert "Subscriptions" not in html  # their own panel (tests/subscriptions)
    assert "First name" in html and "Read-only values (kept by Leat)" in html
    assert "Coffee preferences" in html  # Leat's attribute groups, in Leat's order


def test_profile_panel_opened_directly_goes_to_the_contact_page(agent, anna):
    response = agent.get(reverse("contacts:profile", args=[anna.uuid]))
    assert response["Location"] == reverse("contacts:detail", args=[anna.uuid])


def test_lookup_then_page_costs_one_contact_call(agent, sandbox, anna):
    # The program and the attribute definitions are cached for every contact; warm them so
    # this counts what one contact costs, whatever ran before on this worker.
    agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    sandbox.reset_stats()
    agent.post(reverse("contacts:lookup"), {"email": "anna.devries@example.com"})
    agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    assert sandbox.stats()["routes"] == {"GET contacts/find-one-by": 1}
    # a reload asks Leat again: the handoff is used once
    agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    assert sandbox.stats()["routes"]["GET contacts/{id}"] == 1


def test_viewing_a_contact_adds_it_to_recently_viewed(agent, anna):
    agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX)
    assert list(RecentContact.objects.filter(user=agent.user).values_list("email", flat=True)) == ["anna.devries@example.com"]
    html = agent.get(reverse("contacts:lookup")).content.decode()
    assert f'href="/contacts/{anna.uuid}/">anna.devries@example.com</a>' in html


def test_the_contact_page_records_the_contact_as_recently_viewed_after_its_panels(agent, anna, sandbox):
    from django.test import Client

    browser = Client()  # not the fixture's, which reads the page to its end at once
    browser.force_login(agent.user)
    response = browser.get(reverse("contacts:detail", args=[anna.uuid]))
    assert not RecentContact.objects.filter(user=agent.user).exists()  # the page never waits for it
    html = b"".join(response.streaming_content).decode()
    assert 'slot="profile"' in html and "</html>" in html
    assert list(RecentContact.objects.filter(user=agent.user).values_list("email", flat=True)) == ["anna.devries@example.com"]


def test_a_contact_leat_does_not_know_is_not_recently_viewed(agent, sandbox):
    missing = "00000000-0000-4000-8000-000000000000"
    html = agent.get(reverse("contacts:detail", args=[missing])).content.decode()
    assert "</html>" in html and 'slot="profile"' in html
    assert not RecentContact.objects.filter(user=agent.user).exists()


def test_recently_viewed_keeps_the_last_ten(agent, leat):
    for n in range(12):
        uuid = leat.contacts.find_or_create(f"recent.{n}.{agent.user.pk}@example.com").uuid
        agent.get(reverse("contacts:profile", args=[uuid]), **HTMX)
    assert RecentContact.objects.filter(user=agent.user).count() == 10


def test_transactions_panel_is_one_leat_page(agent, sandbox, anna):
    shop_list()  # the shop filter's choices are cached like every shop picker
    sandbox.reset_stats()
    response = agent.get(reverse("contacts:transactions", args=[anna.uuid]), {"tx_page": 3, "tx_per_page": 25}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert sandbox.stats()["routes"] == {"GET loyalty-transactions": 1}
    assert html.count("<tr") == 26  # header + 25 rows
    assert "51–75 of 1,200" in html
    assert 'hx-push-url="?tx_page=4&amp;tx_per_page=25"' in html
    assert 'aria-current="page">3<' in html


def test_transactions_type_filter(agent, anna):
    html = agent.get(reverse("contacts:transactions", args=[anna.uuid]), {"tx_type": "reward_receptions", "tx_per_page": 100}, **HTMX).content.decode()
    assert "Reward" in html and "Credits received" not in html.split("<table")[1]


def test_filter_change_pushes_the_contact_page_url(agent, anna):
    response = agent.get(reverse("contacts:transactions", args=[anna.uuid]), {"tx_type": "credit_receptions", "tx_per_page": "50"}, **HTMX, HTTP_HX_TRIGGER="tx-filter")
    assert response["HX-Push-Url"] == f"/contacts/{anna.uuid}/?tx_type=credit_receptions&tx_per_page=50"


def test_contact_page_passes_its_filters_to_the_panels(agent, anna):
    html = agent.get(reverse("contacts:detail", args=[anna.uuid]), {"tx_type": "reward_receptions", "tx_page": "2"}).content.decode()
    assert f'hx-get="/contacts/{anna.uuid}/transactions/?tx_type=reward_receptions&amp;tx_page=2"' in html


@pytest.mark.parametrize("params", [{"tx_page": "x"}, {"tx_page": "-4"}, {"tx_per_page": "7"}, {"tx_type": "everything"}, {"tx_per_page": "1e9"}])
def test_nonsense_paging_falls_back_to_defaults(agent, anna, params):
    response = agent.get(reverse("contacts:transactions", args=[anna.uuid]), params, **HTMX)
    assert response.status_code == 200
    assert "1–10 of 1,200" in response.content.decode() or "of" in response.content.decode()


def test_page_past_the_end_offers_the_first_page(agent, anna):
    html = agent.get(reverse("contacts:transactions", args=[anna.uuid]), {"tx_page": 999}, **HTMX).content.decode()
    assert "There is no such page" in html


def test_visits_panel(agent, sandbox, anna):
    sandbox.reset_stats()
    response = agent.get(reverse("contacts:visits", args=[anna.uuid]), {"v_page": 2}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "not given by Leat" in html  # Leat's visits carry no shop
    assert sandbox.stats()["routes"] == {"GET visits": 1}
    assert "11–20 of" in html


def test_a_failing_panel_says_so_with_a_retry_and_the_rest_still_works(agent, sandbox, anna):
    sandbox.faults.update({"path_status": {"loyalty-transactions": 500}})
    failing = agent.get(reverse("contacts:transactions", args=[anna.uuid]), {"tx_page": 2}, **HTMX)
    assert failing.status_code == 502
    html = failing.content.decode()
    assert "Leat had an internal error." in html and "Retry" in html
    assert f'hx-get="/contacts/{anna.uuid}/transactions/?tx_page=2"' in html
    assert agent.get(reverse("contacts:profile", args=[anna.uuid]), **HTMX).status_code == 200


@pytest.mark.parametrize(
    ("faults", "status", "words"),
    [
        ({"maintenance": True}, 503, "maintenance"),
        ({"rate_limited": True, "retry_after": 40}, 503, "Try again in 40 seconds"),
        ({"garbage_next": 1}, 502, "could not read"),
    ],
)
def test_panel_failures_have_the_right_status_and_words(agent, sandbox, anna, faults, status, words):
    sandbox.faults.update(faults)
    response = agent.get(reverse("contacts:visits", args=[anna.uuid]), **HTMX)
    assert response.status_code == status
    assert words in response.content.decode()
    if faults.get("rate_limited"):
        assert response["Retry-After"] == "40"  # the browser, and a proxy, learn when to try again


def test_slow_leat_is_a_504_panel(agent, sandbox, anna, settings):
    settings.LEAT_TIMEOUT = 0.2
    settings.LEAT_RETRIES = 0
    sandbox.faults.update({"latency_ms": 500})
    response = agent.get(reverse("contacts:visits", args=[anna.uuid]), **HTMX)
    assert response.status_code == 504 and "did not answer in time" in response.content.decode()


def test_deleted_or_unknown_contact_is_a_404_panel(agent):
    response = agent.get(reverse("contacts:profile", args=["no-such-contact"]), **HTMX)
    assert response.status_code == 404 and "Contact not found." in response.content.decode()


def test_leat_failure_on_a_full_page_is_a_page_not_a_traceback(agent, sandbox):
    sandbox.faults.update({"maintenance": True})
    response = agent.post(reverse("contacts:lookup"), {"email": "anna.devries@example.com"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Leat is down for maintenance." in html and "Traceback" not in html and "<html" in html


@pytest.mark.parametrize("path", ["/contacts/a%20b/", "/contacts/" + "x" * 200 + "/", "/contacts/%3Cscript%3E/profile/"])
def test_odd_identifiers_in_urls_are_404(agent, path):
    assert agent.get(path).status_code == 404


def test_contact_text_from_leat_is_escaped(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    leat.contacts.update(uuid, attributes={"firstname": "<script>alert(1)</script>"})
    html = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_transaction_filters_are_the_same_whether_the_shops_were_cached_or_read(agent, anna, caplog):
    """The filters need the account's shops: read from Leat with the page, or
    from the cache; the same form either way."""
    from django.core.cache import cache

    from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY

    cache.delete_many([CACHE_KEY, LAST_KNOWN_KEY])
    url = reverse("contacts:detail", args=[anna.uuid]) + "?tx_type=credit_receptions"
    after = agent.get(url).content.decode()
    assert cache.get(CACHE_KEY) is not None
    before = agent.get(url).content.decode()

    def filters(html: str) -> str:
        return html[html.index('<form class="table-tools" id="tx-filter"') : html.index("</form>", html.index('id="tx-filter"'))]

    assert filters(before) == filters(after)
    assert 'value="credit_receptions" selected' in filters(before)
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_the_shops_failing_shows_in_the_transactions_panel_not_as_a_bug(agent, anna, sandbox, caplog):
    from django.core.cache import cache

    from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY

    cache.delete_many([CACHE_KEY, LAST_KNOWN_KEY])
    sandbox.faults.update({"path_status": {"shops": 503}})
    html = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    transactions = html[html.index('slot="transactions"') :]
    assert "Retry" in transactions[: transactions.index("</section>")]
    assert not [record for record in caplog.records if record.levelname == "ERROR" and "panel" in record.getMessage()]


def test_transaction_filters_are_each_contacts_own_in_each_language(agent, anna, leat, unique_email):
    """The filters are a GET form of the contact's own page and panel, in the
    staff member's language, keeping the page's other parameters."""
    other = leat.contacts.create(unique_email)
    drawn = {}
    for language in ("en", "nl"):
        for uuid in (anna.uuid, other.uuid):
            html = agent.get(reverse("contacts:transactions", args=[uuid]), {"tx_type": "credit_receptions", "v_page": "2"}, HTTP_ACCEPT_LANGUAGE=language, **HTMX).content.decode()
            form = html[html.index('<form class="table-tools" id="tx-filter"') : html.index("</form>")]
            assert f'action="{reverse("contacts:detail", args=[uuid])}"' in form and f'hx-get="{reverse("contacts:transactions", args=[uuid])}"' in form
            assert 'value="credit_receptions" selected' in form and 'name="v_page" value="2"' in form
            drawn[language, uuid] = form
    assert drawn["en", anna.uuid] != drawn["nl", anna.uuid] and ">Type<" in drawn["en", anna.uuid] and ">Soort<" in drawn["nl", anna.uuid]
