"""Subscriptions on the contact page: every type with its strategy in words,
subscribing and unsubscribing per type."""

from __future__ import annotations

import uuid as uuidlib

import pytest
import requests
from django.urls import reverse

from tests.conftest import HTMX
from tests.contact_actions import done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import form_data, posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(leat, unique_email):
    return leat.contacts.find_or_create(unique_email)


@pytest.fixture
def types(leat):
    return {kind.name: kind for kind in leat.subscription_types.list()}


def status(leat, contact, name):
    return next(sub.status for sub in leat.subscriptions.list(contact.uuid) if sub.name == name)


def change_url(contact, kind, change):
    return reverse("subscriptions:change", args=[contact.uuid, kind.uuid, change])


def test_panel_lists_every_type_with_status_strategy_and_what_happens(agent, anna, types):
    response = agent.get(reverse("subscriptions:panel", args=[anna.uuid]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    for name in types:
        assert name in html
    assert "Double opt-in" in html and "a confirmation mail; the contact stays pending until they confirm" in html
    assert "Opt-in" in html and "Opt-out" in html
    marketing = html.split("Marketing")[1].split("</tr>")[0]
    assert "Subscribed" in marketing and "Unsubscribe…" in marketing
    assert 'hx-target="#contact-action"' in marketing


def test_a_type_without_uuid_cannot_be_changed_here_and_says_so(agent, anna):
    html = agent.get(reverse("subscriptions:panel", args=[anna.uuid]), **HTMX).content.decode()
    old = html.split("Newsletter (2019)")[1].split("</tr>")[0]
    assert "Leat&#x27;s API cannot change it" in old and "Cannot be changed here" in old
    assert "subscribe/" not in old


def test_subscription_buttons_are_not_shown_to_who_may_not_use_them(manager, anna):
    html = manager.get(reverse("subscriptions:panel", args=[anna.uuid]), **HTMX).content.decode()
    assert "Marketing" in html and "Subscribe…" not in html and "Unsubscribe…" not in html


def test_the_contact_page_brings_the_subscriptions_panel_which_refreshes_after_a_change(agent, anna):
    html = agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()
    panel = html.split('slot="subscriptions"', 1)[1]
    assert f'hx-get="{reverse("subscriptions:panel", args=[anna.uuid])}" hx-trigger="leat-changed from:body"' in panel
    assert "Double opt-in" in panel  # its content, without JavaScript


def test_subscribe_to_an_opt_in_type_in_the_action_slot(agent, leat, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    data = slot_data(agent, url, reason="Asked at the till")
    html = done_in_place(post_in_slot(agent, url, data))
    assert "Subscribed to Events." in html
    assert status(leat, contact, "Events") == "SUBSCRIBED"
    [entry] = entries("subscription.")
    assert (entry.action, entry.outcome, entry.reason, entry.target_label) == ("subscription.subscribe", "succeeded", "Asked at the till", "Events")
    assert entry.before == {"status": "UNSUBSCRIBED"} and entry.after["status"] == "SUBSCRIBED"


def test_a_double_opt_in_sends_a_confirmation_mail_and_stays_pending(agent, leat, sandbox, contact, types):
    url = change_url(contact, types["Marketing"], "subscribe")
    opened = agent.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="contact-action").content.decode()
    assert "Double opt-in" in opened and "sends a confirmation mail" in opened
    html = done_in_place(post_in_slot(agent, url, slot_data(agent, url, reason="Wants the newsletter")))
    assert "confirmation mail for Marketing; they stay pending until they confirm" in html
    assert status(leat, contact, "Marketing") == "PENDING_CONFIRMATION"
    mails = requests.get(f"{sandbox.url}/__sandbox/mails", params={"contact_uuid": contact.uuid}, headers={"Authorization": f"Bearer {sandbox.api_key}"}, timeout=5).json()["data"]
    assert [(m["kind"], m["subscription_type"]) for m in mails] == [("double_opt_in_confirmation", "Marketing")]


def test_unsubscribe_from_an_opt_out_type_on_its_own_page(agent, leat, contact, types):
    assert status(leat, contact, "News") == "SUBSCRIBED"
    url = change_url(contact, types["News"], "unsubscribe")
    response = agent.post(url, form_data(agent, url, reason="Complained about mails"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("contacts:detail", args=[contact.uuid])
    assert "Unsubscribed from News." in response.content.decode()
    assert status(leat, contact, "News") == "UNSUBSCRIBED"


def test_an_unknown_subscription_type_is_said_in_words(agent, contact):
    url = reverse("subscriptions:change", args=[contact.uuid, str(uuidlib.uuid4()), "subscribe"])
    response = post_in_slot(agent, url, slot_data(agent, url, reason="Try"))
    html = response.content.decode()
    assert "Leat has no such subscription type (it may have been removed)" in html
    [entry] = entries("subscription.")
    assert (entry.outcome, entry.error_code) == ("failed", 55030)


def test_a_change_without_a_reason_is_not_sent(agent, sandbox, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    data = slot_data(agent, url)
    sandbox.reset_stats()
    assert "Say why" in post_in_slot(agent, url, data).content.decode()
    assert posts(sandbox, "PUT contact-subscriptions/{id}/subscribe") == 0 and not entries("subscription.")


def test_only_subscribe_and_unsubscribe_exist(agent, contact, types):
    assert agent.get(change_url(contact, types["Events"], "delete")).status_code == 404


def test_a_subscription_whose_answer_was_lost_is_found(agent, leat, sandbox, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    data = slot_data(agent, url, reason="Lost")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[contact.uuid])
    assert [(e.action, e.outcome) for e in entries("subscription.")] == [("subscription.subscribe", "unknown"), ("subscription.subscribe_settled", "succeeded")]


def test_a_subscription_that_never_arrived_is_outcome_unknown(agent, leat, sandbox, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    data = slot_data(agent, url, reason="Dropped")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this subscription change" in response.content.decode()
    assert status(leat, contact, "Events") == "UNSUBSCRIBED"


def test_a_stale_subscription_form_changes_nothing(agent, leat, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    mine = slot_data(agent, url, reason="Stale")
    leat.subscriptions.subscribe(contact.uuid, subscription_type_uuid=types["Events"].uuid)
    leat.subscriptions.unsubscribe(contact.uuid, subscription_type_uuid=types["Events"].uuid)
    leat.subscriptions.subscribe(contact.uuid, subscription_type_uuid=types["Events"].uuid)
    html = post_in_slot(agent, url, mine).content.decode()
    assert "Someone changed this since you opened the form" in html and not entries("subscription.")


def test_changing_subscriptions_needs_permission_and_never_reaches_leat(manager, sandbox, contact, types):
    url = change_url(contact, types["Events"], "subscribe")
    sandbox.reset_stats()
    assert manager.get(url).status_code == 403 and manager.post(url, {"reason": "x"}).status_code == 403
    assert sandbox.stats()["total"] == 0
