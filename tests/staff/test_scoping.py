"""The scoping interface (leatadmin/staff/scoping.py) and the staff admin's
shops: who is limited, to what, read once per request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY
from leatadmin.staff.models import StaffShop
from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER, SUPERVISOR
from leatadmin.staff.scoping import ShopScopeDenied, may_see_shop, scope_shop_choices, shops_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, SHOP_MANAGER, SUPERVISOR, None])
def test_no_role_is_limited_until_given_shops(make_staff, role):
    user = make_staff(role)
    assert shops_of(user) is None and may_see_shop(user, "any-shop") and may_see_shop(user, None)
    assert scope_shop_choices(user, [("a", "A"), ("b", "B")]) == [("a", "A"), ("b", "B")]
    StaffShop.objects.create(user=user, shop_uuid="a")
    user = type(user).objects.get(pk=user.pk)  # the next request's user
    assert shops_of(user) == frozenset({"a"})


def test_a_limited_staff_member_sees_only_their_shops(make_staff):
    user = make_staff(SHOP_MANAGER)
    StaffShop.objects.create(user=user, shop_uuid="a", shop_name="Amsterdam")
    StaffShop.objects.create(user=user, shop_uuid="c", shop_name="Culemborg")
    assert shops_of(user) == frozenset({"a", "c"})
    assert may_see_shop(user, "a") and not may_see_shop(user, "b")
    assert not may_see_shop(user, None) and not may_see_shop(user, ""), "a thing whose shop is not known is no limited person's"
    assert scope_shop_choices(user, [("a", "A"), ("b", "B"), ("c", "C")]) == [("a", "A"), ("c", "C")]


def test_anonymous_is_not_limited(client):
    from django.contrib.auth.models import AnonymousUser

    assert shops_of(AnonymousUser()) is None and shops_of(None) is None


def test_the_shops_are_read_once_per_user_object(make_staff, django_assert_num_queries):
    user = make_staff(SHOP_MANAGER)
    StaffShop.objects.create(user=user, shop_uuid="a")
    with django_assert_num_queries(1):
        shops_of(user), may_see_shop(user, "a"), scope_shop_choices(user, [("a", "A")]), shops_of(user)


def test_a_page_reads_the_shops_once(limited, shops):
    client = limited(SHOP_MANAGER, shops[0].uuid)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("bookings:list")).status_code == 200
    assert sum("staff_staffshop" in query["sql"] for query in queries.captured_queries) == 1


def test_the_refusal_is_a_permission_denied_with_its_own_words():
    assert issubclass(ShopScopeDenied, PermissionDenied)
    assert str(ShopScopeDenied.title) == "This shop is not one of yours"


# --- The staff admin -----------------------------------------------------------


def _change_data(user, **inline) -> dict:
    data = {
        "username": user.username, "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
        "staff_shops-TOTAL_FORMS": "1", "staff_shops-INITIAL_FORMS": "0", "staff_shops-MIN_NUM_FORMS": "0", "staff_shops-MAX_NUM_FORMS": "1000",
        "staff_shops-0-id": "", "staff_shops-0-user": str(user.pk), "staff_shops-0-shop_uuid": "",
    }
    data.update(inline)
    return data


def test_the_staff_admin_offers_leats_shops(admin_client, make_staff, shops):
    user = make_staff(SHOP_MANAGER)
    html = admin_client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="staff_shops-0-shop_uuid"' in html
    picker = html.split('name="staff_shops-0-shop_uuid"')[1].split("</select>")[0]
    assert all(f'value="{shop.uuid}"' in picker for shop in shops)


def test_the_staff_admin_gives_a_shop_with_its_name(admin_client, make_staff, shops):
    user = make_staff(SHOP_MANAGER)
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), _change_data(user, **{"staff_shops-0-shop_uuid": shops[1].uuid}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(StaffShop.objects.filter(user=user).values_list("shop_uuid", "shop_name")) == [(shops[1].uuid, shops[1].name)]
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert shops[1].name in listing and "every shop" in listing


def test_the_staff_admin_refuses_a_shop_leat_does_not_have(admin_client, make_staff):
    user = make_staff(SHOP_MANAGER)
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), _change_data(user, **{"staff_shops-0-shop_uuid": "no-such-shop"}))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not StaffShop.objects.filter(user=user).exists()


def test_the_staff_admin_refuses_the_same_shop_twice(admin_client, make_staff, shops):
    user = make_staff(SHOP_MANAGER)
    twice = _change_data(user, **{"staff_shops-TOTAL_FORMS": "2", "staff_shops-0-shop_uuid": shops[0].uuid, "staff_shops-1-id": "", "staff_shops-1-user": str(user.pk), "staff_shops-1-shop_uuid": shops[0].uuid})
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), twice)
    assert response.status_code == 200 and "Please correct the duplicate data for shop" in response.content.decode()
    assert not StaffShop.objects.filter(user=user).exists()


def test_the_staff_admin_keeps_a_given_shop_while_leat_is_down(admin_client, make_staff, sandbox):
    user = make_staff(SHOP_MANAGER)
    StaffShop.objects.create(user=user, shop_uuid="kept-shop", shop_name="Kept shop")
    cache.delete_many([CACHE_KEY, LAST_KNOWN_KEY])
    sandbox.faults.update({"maintenance": True})
    response = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Leat could not be asked for its shops" in html
    assert 'value="kept-shop" selected' in html and "Kept shop (not in Leat&#x27;s list now)" in html
