"""A shop manager limited to one shop, on the visit pages: the list, the
visit's page, create and edit, and the contact page's visits panel (full page
and htmx partial). The others' visits are neither shown nor changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER
from tests.conftest import HTMX
from tests.staff.conftest import options, token

pytestmark = pytest.mark.django_db

DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}


def listed(client, htmx: bool = True, **query) -> str:
    """The list filtered as the form does: posted, then the list's URL (303)."""
    response = client.post(reverse("visits:list"), query, follow=True, **(HTMX if htmx else {}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_and_its_shop_filter_hold_only_their_shop(limited, made, shops):
    mine, theirs = made["visits"]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    for htmx in (False, True):
        html = listed(client, htmx=htmx, contact=made["contact"].uuid)
        assert mine.uuid in html and theirs.uuid not in html and made["elsewhere"].uuid not in html
    page = client.get(reverse("visits:list")).content.decode()
    picker = options(page)
    assert f'value="{shops[0].uuid}"' in picker and f'value="{shops[1].uuid}"' not in picker and 'value="unknown"' not in picker


def test_without_shops_a_manager_lists_every_shop(manager, made, shops):
    html = listed(manager, contact=made["contact"].uuid)
    assert all(visit.uuid in html for visit in made["visits"]) and made["elsewhere"].uuid in html
    assert 'value="unknown"' in options(manager.get(reverse("visits:list")).content.decode())


@pytest.mark.parametrize("shop", ["other", "unknown"])
def test_a_posted_shop_that_is_not_theirs_is_refused_at_the_field(limited, made, shops, shop):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    html = listed(client, contact=made["contact"].uuid, shop=shops[1].uuid if shop == "other" else "unknown")
    assert "Select a valid choice" in html and "<tbody" not in html
    assert made["visits"][1].uuid not in html and made["elsewhere"].uuid not in html


def test_another_shops_visit_is_a_403_page_by_url(limited, made, shops):
    mine, theirs = made["visits"]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    assert client.get(reverse("visits:detail", args=[mine.uuid])).status_code == 200
    for uuid in (theirs.uuid, made["elsewhere"].uuid):
        response = client.get(reverse("visits:detail", args=[uuid]))
        html = response.content.decode()
        assert response.status_code == 403 and "This shop is not one of yours" in html
        assert f"Shop {shops[0].uuid[:8]}" in html, "the page names the shops that are theirs"
        assert "Made at the kiosk" not in html and theirs.uuid not in html.split("<main")[-1]


def test_the_refusal_is_a_panel_for_htmx_and_in_dutch(limited, made, shops):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    url = reverse("visits:detail", args=[made["visits"][1].uuid])
    partial = client.get(url, **HTMX)
    assert partial.status_code == 403 and "<html" not in partial.content.decode() and "This shop is not one of yours" in partial.content.decode()
    dutch = client.get(url, **DUTCH).content.decode()
    assert "Deze vestiging is niet een van de uwe" in dutch and "Uw vestigingen:" in dutch


def test_another_shops_visit_cannot_be_edited(limited, made, shops, sandbox):
    theirs = made["visits"][1]
    client = limited(SHOP_MANAGER, shops[0].uuid)
    url = reverse("visits:edit", args=[theirs.uuid])
    assert client.get(url).status_code == 403
    sandbox.reset_stats()
    response = client.post(url, {"starts_at": "2026-05-01T10:00", "ends_at": "", "source": "Changed", "external_id": ""})
    assert response.status_code == 403
    assert all(route.startswith("GET ") for route in sandbox.stats()["routes"]), "nothing is written to Leat"
    mine = made["visits"][0]
    assert client.get(reverse("visits:edit", args=[mine.uuid])).status_code == 200


def test_the_create_form_offers_their_shops_and_refuses_another(limited, made, shops, sandbox):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    form = client.get(reverse("visits:create")).content.decode()
    assert f'value="{shops[0].uuid}"' in options(form) and f'value="{shops[1].uuid}"' not in options(form)
    sandbox.reset_stats()
    data = {"token": token(form), "shop": shops[1].uuid, "contact": made["contact"].email, "starts_at": "", "ends_at": "", "source": "", "external_id": ""}
    response = client.post(reverse("visits:create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in html.split('id="id_shop_error">')[1].split("</p>")[0]
    assert "POST visits" not in sandbox.stats()["routes"]


def test_the_contact_pages_visits_panel_shows_their_shops_and_says_how_many_are_not(limited, made, shops):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    contact = made["contact"].uuid
    partial = client.get(reverse("contacts:visits", args=[contact]), **HTMX).content.decode()
    assert reverse("visits:detail", args=[made["visits"][0].uuid]) in partial
    assert made["visits"][1].uuid not in partial and made["elsewhere"].uuid not in partial
    assert "2 visits on this page are not shown" in partial
    page = client.get(reverse("contacts:detail", args=[contact])).content.decode()
    assert reverse("visits:detail", args=[made["visits"][0].uuid]) in page and made["visits"][1].uuid not in page
    assert "2 visits on this page are not shown" in page


def test_customer_service_without_shops_sees_every_visit_on_the_contact_page(make_staff, made):
    from tests.conftest import _client_for

    agent = _client_for(make_staff, CUSTOMER_SERVICE)
    partial = agent.get(reverse("contacts:visits", args=[made["contact"].uuid]), **HTMX).content.decode()
    assert all(visit.uuid in partial for visit in made["visits"]) and "not shown" not in partial
