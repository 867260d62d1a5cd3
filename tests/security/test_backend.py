"""The staff backend reads permissions in one query and grants exactly what
Django's ModelBackend grants."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leatadmin.staff.backends import StaffBackend
from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache from earlier checks


def staff_perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="staff", codename=codename)


@pytest.fixture
def people():
    direct = User.objects.create_user("direct")
    direct.user_permissions.add(staff_perm("view_audit"))
    grouped = User.objects.create_user("grouped")
    grouped.groups.add(Group.objects.get(name=SHOP_MANAGER))
    both = User.objects.create_user("both")
    both.groups.add(Group.objects.get(name=SHOP_MANAGER), Group.objects.get(name=CUSTOMER_SERVICE))
    both.user_permissions.add(staff_perm("view_audit"), staff_perm("view_contacts"))  # also from a group
    nothing = User.objects.create_user("nothing")
    inactive = User.objects.create_user("inactive", is_active=False)
    inactive.groups.add(Group.objects.get(name=SHOP_MANAGER))
    admin = User.objects.create_superuser("admin")
    # Others in the same groups must not lend them anything.
    for index in range(3):
        other = User.objects.create_user(f"other{index}")
        other.groups.add(Group.objects.get(name=SHOP_MANAGER))
        other.user_permissions.add(staff_perm("export_data"))
    return [direct, grouped, both, nothing, inactive, admin]


def test_grants_what_djangos_model_backend_grants(people):
    for user in people:
        assert StaffBackend().get_all_permissions(fresh(user)) == ModelBackend().get_all_permissions(fresh(user)), user.username
    assert "staff.export_data" not in StaffBackend().get_all_permissions(fresh(people[1]))
    assert StaffBackend().get_all_permissions(fresh(people[4])) == set()  # inactive
    assert len(StaffBackend().get_all_permissions(fresh(people[5]))) == Permission.objects.count()  # superuser
    assert StaffBackend().get_all_permissions(AnonymousUser()) == set()


def test_one_query_per_request_and_none_for_the_next_check(people):
    user = fresh(people[2])
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("staff.manage_visits")  # from Shop manager
        assert user.has_perm("staff.topup_prepaid")  # from Customer service
        assert user.has_perm("staff.view_audit")  # direct
        assert not user.has_perm("staff.delete_contacts")
    assert len(queries) == 1


def test_a_permission_taken_away_holds_at_the_next_request(people):
    user = fresh(people[1])
    assert user.has_perm("staff.manage_visits")
    user.groups.clear()
    assert not fresh(user).has_perm("staff.manage_visits")


def test_the_app_logs_in_through_it(client, people):
    from django.conf import settings

    assert settings.AUTHENTICATION_BACKENDS == ["leatadmin.staff.backends.StaffBackend"]
    people[1].set_password("pw-for-the-test")
    people[1].save()
    assert client.login(username="grouped", password="pw-for-the-test")
    assert client.session["_auth_user_backend"] == "leatadmin.staff.backends.StaffBackend"
