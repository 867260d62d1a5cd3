"""#24: the dangerous things ask for the second factor again when it was not
given in the last FRESH_CHECK_SECONDS, and what was typed survives the detour."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.staff.roles import SUPERVISOR
from tests.conftest import HTMX, PageReadingClient
from tests.signin.support import code_for, signed_in

pytestmark = pytest.mark.django_db
ELEVEN_MINUTES = 11 * 60


@pytest.fixture
def stale_supervisor(make_staff):
    """A supervisor who signed in, with the factor, 11 minutes ago."""
    client = PageReadingClient()
    client.user = make_staff(SUPERVISOR)
    client.force_login(client.user)
    signed_in(client, client.user, seconds_ago=ELEVEN_MINUTES)
    return client


def check_again(client, answer):
    """Follow the fresh check: give the code, and land where it leads."""
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")
    page = client.get(answer["Location"]).content.decode()
    assert "Confirm it is you" in page and 'name="code"' in page
    return client.post(answer["Location"], {"code": code_for(client.user)})


def test_a_gdpr_deletion_asks_again_and_keeps_the_typed_email(stale_supervisor, leat, sandbox, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    url = reverse("contacts:delete", args=[uuid])
    opened = stale_supervisor.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', opened).group(1)
    sandbox.reset()
    asked = stale_supervisor.post(url, {"type": "GDPR", "confirm_email": unique_email, "token": token})
    assert sandbox.stats()["total"] == 0  # nothing read, nothing sent to Leat
    back = check_again(stale_supervisor, asked)
    assert back.status_code == 302 and back["Location"].startswith(url + "?fresh=")
    form = stale_supervisor.get(back["Location"]).content.decode()
    assert f'value="{unique_email}"' in form  # the typed email, kept
    assert re.search(r'value="GDPR"[^>]*checked', form)
    assert "You confirmed it is you. Check the form, then send it again." in form
    assert f'name="token" value="{token}"' in form  # the same form: sent once, whatever happens
    done = stale_supervisor.post(url, {"type": "GDPR", "confirm_email": unique_email, "token": token})
    assert done.status_code == 302 and done["Location"] == reverse("contacts:lookup")
    assert AuditEntry.objects.filter(action="contact.delete_gdpr", target_id=uuid, succeeded=True).exists()
    assert AuditEntry.objects.filter(action="signin.fresh_passed", target_id=str(stale_supervisor.user.pk)).exists()
    assert f'value="{unique_email}"' not in stale_supervisor.get(back["Location"]).content.decode()  # kept for one showing only


def test_within_the_window_nothing_is_asked(supervisor, make_staff):
    signed_in(supervisor, supervisor.user, seconds_ago=5 * 60)
    answer = supervisor.post(reverse("vouchers:deactivate", args=["7b5b2a4c-0000-4000-8000-000000000001"]), {"reason": "x"})
    assert not answer.get("Location", "").startswith(reverse("mfa_reauthenticate"))


def test_an_htmx_form_is_sent_to_the_check_by_hx_redirect(stale_supervisor, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    answer = stale_supervisor.post(reverse("contacts:delete", args=[uuid]), {"type": "GDPR", "confirm_email": unique_email, "in_page": "1"}, **HTMX)
    assert answer["HX-Redirect"].startswith(reverse("mfa_reauthenticate") + "?next=")


@pytest.mark.parametrize(
    "name, args, data",
    [
        ("prepaid:book", ["7b5b2a4c-0000-4000-8000-000000000001"], {"kind": "refund", "amount": "5"}),
        ("prepaid:reverse", ["7b5b2a4c-0000-4000-8000-000000000001", "7b5b2a4c-0000-4000-8000-000000000002"], {"reason": "x"}),
        ("vouchers:deactivate", ["7b5b2a4c-0000-4000-8000-000000000001"], {"reason": "x"}),
        ("giftcards:undo", ["7b5b2a4c-0000-4000-8000-000000000001"], {"reason": "x"}),
    ],
)
def test_the_dangerous_things_ask_again(stale_supervisor, name, args, data):
    answer = stale_supervisor.post(reverse(name, args=args), data)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_reauthenticate") + "?next="), name


def test_a_top_up_and_an_activation_do_not_ask(stale_supervisor):
    for name, args, data in (("prepaid:book", ["7b5b2a4c-0000-4000-8000-000000000001"], {"kind": "top_up", "amount": "5"}), ("vouchers:activate", ["7b5b2a4c-0000-4000-8000-000000000001"], {"reason": "x"})):
        answer = stale_supervisor.post(reverse(name, args=args), data)
        assert not answer.get("Location", "").startswith(reverse("mfa_reauthenticate")), name


def test_a_wrong_code_at_the_check_is_audited_and_nothing_is_sent(stale_supervisor, sandbox):
    asked = stale_supervisor.post(reverse("giftcards:undo", args=["7b5b2a4c-0000-4000-8000-000000000001"]), {"reason": "x"})
    right = code_for(stale_supervisor.user)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    answer = stale_supervisor.post(asked["Location"], {"code": wrong})
    assert answer.status_code == 200 and "Incorrect code" in answer.content.decode()
    assert AuditEntry.objects.filter(action="signin.fresh_failed", target_id=str(stale_supervisor.user.pk)).exists()


def test_a_change_to_staff_or_roles_in_the_admin_asks_again_then_is_sent_on(client, django_user_model, make_staff):
    root = django_user_model.objects.create_superuser("root-fresh", password="pw")
    from tests.signin.support import give_factor

    give_factor(root)
    client.force_login(root)
    signed_in(client, root, seconds_ago=ELEVEN_MINUTES)
    client.user = root
    group = Group.objects.create(name="Temporary")
    url = reverse("admin:auth_group_change", args=[group.pk])
    asked = client.post(url, {"name": "Renamed", "permissions": []})
    assert Group.objects.get(pk=group.pk).name == "Temporary"
    back = check_again(client, asked)
    assert back.status_code == 302 and back["Location"].startswith("/sign-in/check/")
    page = client.get(back["Location"]).content.decode()
    assert 'name="name" value="Renamed"' in page and f'action="{url}"' in page
    client.post(url, {"name": "Renamed", "permissions": []})
    assert Group.objects.get(pk=group.pk).name == "Renamed"
