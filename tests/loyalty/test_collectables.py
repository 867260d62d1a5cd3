"""Rewards to collect (#29): the contact page's panel, marking a reward
collected and undoing that, each exactly once, with Leat down, refusing, or
losing its answer. Each test claims rewards for a contact of its own (the
sandbox lives for the session; anna's seeded rewards are only read)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.core.templatetags.leat_format import when
from tests.conftest import HTMX, PageReadingClient
from tests.contact_actions import SLOT, done_in_place, entries, post_in_slot, slot_data
from tests.core.test_staff_actions import posts

pytestmark = pytest.mark.django_db

PUT_COLLECT, POST_REVERSE = "PUT collectable-rewards/collect/{id}", "POST collectable-rewards/{id}/reverse"
DAY = 86400


def claim(leat, contact, shop, title="Free coffee"):
    """The contact claims a physical reward in the app: it waits to be collected."""
    reward = next(reward for reward in leat.rewards.list(contact_uuid=contact.uuid) if reward.title == title)
    reception = leat.reward_receptions.create(contact_uuid=contact.uuid, reward_uuid=reward.uuid, shop_uuid=shop.uuid)
    return next(item for item in leat.collectable_rewards.list(contact.uuid) if item.uuid == reception.uuid)


@pytest.fixture
def waiting(leat, customer, shop):
    """`customer` (300 credits) with a Free coffee (collect within 90 days) waiting."""
    return claim(leat, customer, shop)


def panel(client, contact):
    return client.get(reverse("loyalty:collectables", args=[contact.uuid]), **HTMX)


def collect_url(contact, reward):
    return reverse("loyalty:collect", args=[contact.uuid, reward.uuid])


def undo_url(contact, reward):
    return reverse("loyalty:uncollect", args=[contact.uuid, reward.uuid])


def waits(leat, contact, reward) -> bool:
    return any(item.uuid == reward.uuid and not item.has_been_collected for item in leat.collectable_rewards.list(contact.uuid))


def collected(agent, contact, reward, note=""):
    url = collect_url(contact, reward)
    return done_in_place(post_in_slot(agent, url, slot_data(agent, url, note=note)))


@pytest.fixture
def sandbox_clock(sandbox):
    """Seconds to move the sandbox's clock by (`sandbox_clock[0] = 100 * DAY`); put back after the test."""
    real = sandbox.store.clock
    ahead = [0]
    sandbox.store.clock = lambda: real() + ahead[0]
    yield ahead
    sandbox.store.clock = real


# --- The panel ----------------------------------------------------------------------


def test_a_regulars_hundreds_of_rewards_are_shown_ten_at_a_time_from_one_leat_call(agent, leat, customer, shop, sandbox):
    # Leat lists a contact's rewards to collect in one answer, however many: the panel pages them itself.
    leat.credit_receptions.create(contact_uuid=customer.uuid, shop_uuid=shop.uuid, credits=10_000)
    for _ in range(23):
        claim(leat, customer, shop)
    sandbox.reset_stats()
    first = panel(agent, customer).content.decode()
    assert first.count('class="badge warn"') == 10 and "rc_page=2" in first and "rc_page=3" in first
    assert sandbox.stats()["routes"] == {"GET collectable-rewards": 1}
    last = agent.get(reverse("loyalty:collectables", args=[customer.uuid]), {"rc_page": 3}, **HTMX).content.decode()
    assert last.count('class="badge warn"') == 3
    beyond = agent.get(reverse("loyalty:collectables", args=[customer.uuid]), {"rc_page": 99}, **HTMX).content.decode()
    assert beyond.count('class="badge warn"') == 3  # past the end: the last page, never an error


def test_the_panel_lists_what_waits_with_its_end_date_and_a_mark_collected_button(agent, customer, waiting):
    response = panel(agent, customer)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    row = next(row for row in html.split("<tr")[2:] if "Free coffee" in row)
    assert "Waiting" in row and when(waiting.expires_at) in row and "No end date" not in row
    url = collect_url(customer, waiting)
    assert f'href="{url}" hx-get="{url}" hx-target="#contact-action"' in row and "Mark collected…" in row


def test_anna_has_six_bags_of_beans_to_collect_that_never_expire(agent, anna):
    html = panel(agent, anna).content.decode()
    rows = [row for row in html.split("<tr")[2:] if "Coffee beans 250 g" in row]
    assert len(rows) == 6 and all("No end date" in row and "Waiting" in row for row in rows)


def test_a_contact_without_rewards_to_collect_is_told_so(agent, customer):
    html = panel(agent, customer).content.decode()
    assert "Nothing waiting to be collected." in html and "<table" not in html


def test_the_panel_opened_directly_goes_to_the_contact_page(agent, customer):
    response = agent.get(reverse("loyalty:collectables", args=[customer.uuid]))
    assert response["Location"] == reverse("contacts:detail", args=[customer.uuid])


def test_the_contact_page_brings_the_panel_after_prepaid_which_refreshes_after_a_change(agent, customer, waiting):
    html = agent.get(reverse("contacts:detail", args=[customer.uuid])).content.decode()
    assert html.index('<slot name="prepaid">') < html.index('<slot name="collectables">')
    frame = html.split('slot="collectables"', 1)[1]
    assert f'hx-get="{reverse("loyalty:collectables", args=[customer.uuid])}" hx-trigger="leat-changed from:body"' in frame
    assert "Rewards to collect" in frame and "Free coffee" in frame  # its content, without JavaScript


def test_staff_who_may_not_mark_rewards_collected_see_no_buttons(make_staff, customer, waiting):
    viewer = make_staff(None)
    viewer.user_permissions.add(Permission.objects.get(content_type__app_label="staff", codename="view_contacts"))
    client = PageReadingClient()
    client.force_login(viewer)
    html = panel(client, customer).content.decode()
    assert "Free coffee" in html and "Mark collected" not in html
    assert client.get(collect_url(customer, waiting)).status_code == 403


def test_an_expired_reward_leat_still_lists_is_said_so_and_cannot_be_collected(agent, leat, sandbox, sandbox_clock, customer, waiting):
    # Claimed 100 days ago with 90 to collect it; Leat's clock (behind) still lists it.
    with sandbox.store.write() as conn:
        conn.execute("UPDATE transactions SET created_at = ? WHERE uuid = ?", ((dt.datetime.now(dt.UTC) - dt.timedelta(days=100)).replace(microsecond=0).isoformat(), waiting.uuid))
    sandbox_clock[0] = -100 * DAY
    html = panel(agent, customer).content.decode()
    row = next(row for row in html.split("<tr")[2:] if "Free coffee" in row)
    assert "Expired" in row and "Can no longer be collected" in row and "Mark collected" not in row
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    assert "expired on" in agent.get(url, **HTMX).content.decode()
    sandbox.reset_stats()
    html = post_in_slot(agent, url, data).content.decode()
    assert "so it can no longer be collected: nothing was sent." in html
    assert posts(sandbox, PUT_COLLECT) == 0 and not entries("loyalty.collect")


def test_the_panel_says_when_leat_is_down(agent, customer, sandbox):
    sandbox.faults.update({"maintenance": True})
    response = panel(agent, customer)
    html = response.content.decode()
    assert response.status_code == 503 and "Leat is down for maintenance." in html and "Retry" in html


def test_the_panel_of_a_contact_leat_does_not_know_says_so(agent):
    response = agent.get(reverse("loyalty:collectables", args=["00000000-0000-4000-8000-000000000000"]), **HTMX)
    assert response.status_code == 404 and "Contact not found." in response.content.decode()


# --- Mark collected ---------------------------------------------------------------------


def test_mark_collected_in_the_action_slot_with_a_note_audited(agent, supervisor, leat, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    form = agent.get(url, **SLOT).content.decode()
    facts = form.split('class="card facts')[1].split("</dl>")[0]
    assert "Free coffee" in facts and "Claimed" in facts and "Collect by" in facts
    html = collected(agent, customer, waiting, note="Picked up by her son")
    assert "Free coffee marked collected." in html
    assert not waits(leat, customer, waiting)
    [entry] = entries("loyalty.collect")
    assert (entry.action, entry.outcome, entry.target_id, entry.contact_uuid, entry.target_label, entry.reason) == (
        "loyalty.collect", "succeeded", waiting.uuid, customer.uuid, customer.email, "Picked up by her son",
    )
    assert entry.before["reward"] == "Free coffee" and entry.before["collected"] is False and entry.after == {"collected": True, "redemption_uuid": waiting.uuid}
    page = supervisor.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "Reward marked collected" in page and "Collected" in page and "Picked up by her son" in page
    # The panel now shows it collected, by whom, with its Undo.
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Collected" in row and entry.username in row and undo_url(customer, waiting) in row and "Mark collected" not in row


def test_mark_collected_without_a_note_is_fine(agent, customer, waiting):
    collected(agent, customer, waiting)
    assert entries("loyalty.collect")[0].reason == ""


def test_mark_collected_as_a_plain_page_returns_to_the_contact(manager, leat, customer, waiting):
    url = collect_url(customer, waiting)
    response = manager.post(url, {**slot_data(manager, url), "in_page": ""})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[customer.uuid])
    assert not waits(leat, customer, waiting)


def test_a_double_click_collects_once(agent, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    sandbox.reset_stats()
    done_in_place(post_in_slot(agent, url, data))
    again = post_in_slot(agent, url, data)
    assert again.status_code == 200 and again["HX-Redirect"] == reverse("contacts:detail", args=[customer.uuid])
    assert posts(sandbox, PUT_COLLECT) == 1 and len(entries("loyalty.collect")) == 1


def test_a_second_tab_is_told_who_collected_it_and_sends_nothing(agent, make_staff, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    other_tab = slot_data(agent, url)
    collected(agent, customer, waiting)
    sandbox.reset_stats()
    html = post_in_slot(agent, url, other_tab).content.decode()
    who = entries("loyalty.collect")[0].username
    assert f"{who} marked this reward collected on" in html and "nothing was sent" in html
    assert posts(sandbox, PUT_COLLECT) == 0 and len(entries("loyalty.collect")) == 1


def test_mark_collected_when_leat_is_down_sends_nothing_and_says_so(agent, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url, note="Kept")
    sandbox.faults.update({"maintenance": True})
    opened = agent.get(url, **HTMX)
    assert opened.status_code == 503 and "Leat is down for maintenance." in opened.content.decode()
    response = post_in_slot(agent, url, data)
    assert response.status_code == 503 and "Leat is down for maintenance." in response.content.decode() and "Kept" in response.content.decode()
    assert not entries("loyalty.collect")


def test_a_reward_that_expires_as_it_is_sent_is_refused_in_words(agent, leat, sandbox, sandbox_clock, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    real = sandbox.store.clock
    # Leat's clock passes the reward's end date just as the collection arrives (it was listed a moment before).
    sandbox.store.clock = lambda: real() + (100 * DAY if sandbox.stats()["routes"].get(PUT_COLLECT) else 0)
    response = post_in_slot(agent, url, data)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="card done"' not in html
    assert "This reward is not waiting to be collected (it may have expired)." in html
    [entry] = entries("loyalty.collect")
    assert (entry.outcome, entry.error_code) == ("failed", 80300)
    sandbox.store.clock = real
    assert waits(leat, customer, waiting)


@contextmanager
def meanwhile(sandbox, act):
    """A colleague acts while leatadmin's read of the contact's list is on its
    way back: Leat answered with the list as it was, then the colleague changed it."""
    sandbox.faults.update({"path_latency_ms": {"collectable-rewards": 1500}})
    sandbox.reset_stats()

    def watch():
        deadline = time.monotonic() + 20
        while not sandbox.stats()["routes"].get("GET collectable-rewards") and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(0.5)  # the list's answer is made on arrival, then held back
        act()

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        yield
    finally:
        thread.join()
        sandbox.faults.update({"path_latency_ms": {}})


def test_collected_at_another_till_meanwhile_is_refused_in_words(agent, leat, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    with meanwhile(sandbox, lambda: leat.collectable_rewards.collect(waiting.uuid)):
        response = post_in_slot(agent, url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Leat refused: this reward is no longer waiting to be collected (it may just have been collected at another till)." in html
    [entry] = entries("loyalty.collect")
    assert (entry.outcome, entry.error_code) == ("failed", 1003)


def test_a_lost_answer_is_settled_by_reading_the_list_again(agent, leat, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[customer.uuid])
    assert not waits(leat, customer, waiting)
    assert [(e.action, e.outcome) for e in entries("loyalty.collect")] == [("loyalty.collect", "unknown"), ("loyalty.collect_settled", "succeeded")]
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Collected" in row and undo_url(customer, waiting) in row


def test_a_collection_that_never_arrived_is_outcome_unknown(agent, leat, sandbox, customer, waiting):
    url = collect_url(customer, waiting)
    data = slot_data(agent, url)
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this collection" in response.content.decode()
    assert waits(leat, customer, waiting) and [e.outcome for e in entries("loyalty.collect")] == ["unknown"]
    # Leat's list decides: it still waits, so the panel offers Mark collected again.
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Waiting" in row and "Mark collected…" in row


def test_a_collection_of_another_contacts_reward_is_refused(agent, leat, sandbox, customer, waiting, unique_email):
    other = leat.contacts.create(f"other.{unique_email}")
    url = collect_url(other, waiting)
    data = slot_data(agent, url)
    assert "not waiting to be collected" in agent.get(url, **HTMX).content.decode()
    sandbox.reset_stats()
    post_in_slot(agent, url, data)
    assert posts(sandbox, PUT_COLLECT) == 0 and waits(leat, customer, waiting)


# --- Undo --------------------------------------------------------------------------------


def test_undo_a_collection_it_waits_again_audited_from_the_list(agent, leat, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    form = slot_data(agent, url)
    assert "Marked collected" in agent.get(url, **SLOT).content.decode()
    html = done_in_place(post_in_slot(agent, url, {**form, "reason": "Marked the wrong reward"}))
    assert "Free coffee is waiting to be collected again." in html
    assert waits(leat, customer, waiting)
    [entry] = entries("loyalty.uncollect")
    assert (entry.outcome, entry.target_id, entry.contact_uuid, entry.reason) == ("succeeded", waiting.uuid, customer.uuid, "Marked the wrong reward")
    # Leat's answer to the undo still says "collected": what it did is read from the list.
    assert entry.before == {"reward": "Free coffee", "collected": True} and entry.after == {"reversed": True, "collected": False}
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Waiting" in row and "Mark collected…" in row and "Undo" not in row


def test_undo_needs_a_reason(agent, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    sandbox.reset_stats()
    html = post_in_slot(agent, url, slot_data(agent, url)).content.decode()
    assert "Say why: the reason is kept in the audit log." in html and posts(sandbox, POST_REVERSE) == 0


def test_undo_is_only_for_what_leatadmin_marked_collected(agent, sandbox, customer, waiting):
    url = undo_url(customer, waiting)
    sandbox.reset_stats()
    assert agent.get(url).status_code == 404
    assert agent.post(url, {"reason": "Trying"}).status_code == 404
    assert sandbox.stats()["total"] == 0


def test_collect_again_after_an_undo_is_a_new_collection(agent, leat, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    done_in_place(post_in_slot(agent, url, slot_data(agent, url, reason="Not yet")))
    html = collected(agent, customer, waiting)  # not asked "is this a second one?"
    assert "marked collected" in html and not waits(leat, customer, waiting)


def test_an_undo_done_elsewhere_already_is_refused_before_leat(agent, leat, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    leat.collectable_rewards.reverse(waiting.uuid)  # in Leat's dashboard
    url = undo_url(customer, waiting)
    sandbox.reset_stats()
    html = post_in_slot(agent, url, slot_data(agent, url, reason="Wrong one")).content.decode()
    assert "waiting to be collected again already" in html and posts(sandbox, POST_REVERSE) == 0


def test_an_undo_leat_refuses_is_said_in_words(agent, leat, sandbox, sandbox_clock, customer, waiting):
    collected(agent, customer, waiting)
    leat.collectable_rewards.reverse(waiting.uuid)  # undone in Leat's dashboard, and since then expired: Leat lists it no more
    sandbox_clock[0] = 100 * DAY
    url = undo_url(customer, waiting)
    html = post_in_slot(agent, url, slot_data(agent, url, reason="Wrong one")).content.decode()
    assert "Leat refused: this reward is not marked collected in Leat (the collection may already have been undone elsewhere)." in html
    assert [(e.outcome, e.error_code) for e in entries("loyalty.uncollect")] == [("failed", 1003)]


def test_a_double_click_undoes_once(agent, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    data = slot_data(agent, url, reason="Mistake")
    sandbox.reset_stats()
    done_in_place(post_in_slot(agent, url, data))
    post_in_slot(agent, url, data)
    assert posts(sandbox, POST_REVERSE) == 1 and len(entries("loyalty.uncollect")) == 1


def test_a_lost_undo_is_settled_by_reading_the_list_again(agent, leat, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    data = slot_data(agent, url, reason="Mistake")
    sandbox.faults.update({"lose_answer_next": 1, "lose_answer_as": "drop"})
    response = post_in_slot(agent, url, data)
    assert response["HX-Redirect"] == reverse("contacts:detail", args=[customer.uuid])
    assert waits(leat, customer, waiting)
    assert [(e.action, e.outcome) for e in entries("loyalty.uncollect")] == [("loyalty.uncollect", "unknown"), ("loyalty.uncollect_settled", "succeeded")]
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Waiting" in row and "Undo" not in row


def test_an_undo_that_never_arrived_is_outcome_unknown_and_keeps_its_undo(agent, leat, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    data = slot_data(agent, url, reason="Mistake")
    sandbox.faults.update({"drop_writes_next": 1})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 202 and "Leat may have made this undo" in response.content.decode()
    assert not waits(leat, customer, waiting)
    row = next(row for row in panel(agent, customer).content.decode().split("<tr")[2:] if "Free coffee" in row)
    assert "Collected" in row and undo_url(customer, waiting) in row


def test_undo_when_leat_is_down_sends_nothing(agent, sandbox, customer, waiting):
    collected(agent, customer, waiting)
    url = undo_url(customer, waiting)
    data = slot_data(agent, url, reason="Mistake")
    sandbox.faults.update({"maintenance": True})
    response = post_in_slot(agent, url, data)
    assert response.status_code == 503 and "Leat is down for maintenance." in response.content.decode()
    assert not entries("loyalty.uncollect")


def test_the_actions_need_their_permission_and_never_reach_leat(make_staff, sandbox, customer, waiting):
    client = PageReadingClient()
    client.force_login(make_staff(None))
    sandbox.reset_stats()
    for url in (collect_url(customer, waiting), undo_url(customer, waiting)):
        assert client.get(url).status_code == 403 and client.post(url, {"reason": "x"}).status_code == 403
    assert sandbox.stats()["total"] == 0 and not AuditEntry.objects.exists()
