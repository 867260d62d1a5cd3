"""#28.11: something that happened under a minute ago reads "just now"
("zojuist"), never "0 minutes ago" (Django's timesince)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from leatadmin.contacts.models import RecentContact
from leatadmin.core.templatetags.leat_format import ago
from tests.conftest import HTMX
from tests.core.test_languages import DUTCH
from tests.core.test_staff_actions import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("seconds", "english", "dutch"),
    [(0, "just now", "zojuist"), (59, "just now", "zojuist"), (-30, "just now", "zojuist"), (60, "1 minute ago", "1 minuut geleden"), (3 * 3600, "3 hours ago", "3 uur geleden")],
)
def test_how_long_ago(seconds, english, dutch):
    moment = timezone.now() - dt.timedelta(seconds=seconds)
    assert ago(moment).replace("\xa0", " ") == english  # Django's timesince keeps "3 hours" together
    with translation.override("nl"):
        assert ago(moment).replace("\xa0", " ") == dutch
    assert ago(None) == "—"


def test_a_contact_opened_seconds_ago_was_opened_just_now(agent, anna):
    RecentContact.objects.create(user=agent.user, contact_uuid=anna.uuid, email=anna.email)
    html = agent.get(reverse("contacts:lookup")).content.decode()
    recent = html.split(anna.email, 1)[1].split("</li>")[0]
    assert '<small class="muted">just now</small>' in recent and "0 minutes" not in html
    assert '<small class="muted">zojuist</small>' in agent.get(reverse("contacts:lookup"), **DUTCH).content.decode()


def test_the_same_visit_sent_seconds_ago_was_sent_just_now(manager, leat, anna):
    shop = leat.shops.list()[2]
    url = reverse("visits:create")
    manager.post(url, form_data(manager, url, shop=shop.uuid, contact=anna.email, starts_at="2026-12-01T18:30", source="Phone"))
    again = form_data(manager, url, shop=shop.uuid, contact=anna.email, starts_at="2026-12-01T18:30")
    html = manager.post(url, again, **HTMX).content.decode()
    assert "The same visit was sent just now</strong>" in html and "0 minutes" not in html
    dutch = manager.post(url, form_data(manager, url, shop=shop.uuid, contact=anna.email, starts_at="2026-12-01T18:30"), **HTMX, **DUTCH).content.decode()
    assert "is zojuist al verstuurd</strong>" in dutch
