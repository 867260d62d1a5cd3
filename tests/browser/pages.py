"""The main pages, as a supervisor reaches them, for the checks that run on
every page (accessibility, phone layout). Steps find things by id, never by
their words: the same steps run in English and in Dutch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

Step = str | Callable[[Any], None]


def staff_context(browser, live_server, user, *, viewport: dict, locale: str, javascript: bool = True):
    """A browser context in `locale` (Accept-Language follows it) with
    `user`'s session already in its cookies, and its first page."""
    context = browser.new_context(viewport=viewport, locale=locale, timezone_id="Europe/Amsterdam", java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def open_page(page, step: Step, base: str = "") -> None:
    if callable(step):
        step(page)
    else:
        page.goto(base + step)
    page.wait_for_load_state("networkidle")


@dataclass
class MainPages:
    base: str
    supervisor: Any
    contact_uuid: str
    visit_uuid: str
    booking_uuid: str
    audit_pk: int

    def steps(self) -> Iterator[tuple[str, Step]]:
        base, uuid = self.base, self.contact_uuid
        yield "home", f"{base}/"
        yield "lookup", f"{base}/contacts/"

        def lookup_miss(page) -> None:  # the lookup posts what was typed (never in a URL)
            page.goto(f"{base}/contacts/")
            page.fill("#id_q", "nobody.at.all@example.com")
            page.press("#id_q", "Enter")

        yield "lookup, nothing found", lookup_miss
        yield "contact", f"{base}/contacts/{uuid}/"

        def contact_action(page) -> None:  # a form opened in the contact page's action slot
            page.goto(f"{base}/contacts/{uuid}/")
            page.wait_for_load_state("networkidle")
            page.locator("#contact-actions a[hx-target='#contact-action']").first.click()
            page.wait_for_selector("#contact-action form")

        yield "contact, action open", contact_action
        yield "contact, edit", f"{base}/contacts/{uuid}/edit/"
        yield "contact, delete", f"{base}/contacts/{uuid}/delete/"
        yield "visits", f"{base}/visits/"
        yield "visit", f"{base}/visits/{self.visit_uuid}/"
        yield "visit, new", f"{base}/visits/new/"
        yield "visit, edit", f"{base}/visits/{self.visit_uuid}/edit/"
        yield "bookings", f"{base}/bookings/"
        yield "booking", f"{base}/bookings/{self.booking_uuid}/"
        yield "booking, new", f"{base}/bookings/new/"
        yield "booking, correct", f"{base}/bookings/{self.booking_uuid}/correct/"
        yield "audit log", f"{base}/audit/"
        yield "audit entry", f"{base}/audit/{self.audit_pk}/"
        yield "shops", f"{base}/shops/"


def main_pages(live_server, make_staff, contact, leat) -> MainPages:
    """A visit and a booking made through leatadmin (so the lists, the audit
    log and the ledger have them), and a supervisor to look at them."""
    from leatadmin.audit.models import AuditEntry
    from leatadmin.bookings.services import booking_create
    from leatadmin.visits.services import visit_create

    supervisor = make_staff("Supervisor")
    shop = leat.shops.list()[0]
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    visit = visit_create(user=supervisor, shop_uuid=shop.uuid, contact_uuid=contact.uuid, contact_label=contact.email, fields={"starts_at": starts, "ends_at": starts + dt.timedelta(hours=2), "source": "Kiosk"}).obj
    booking = booking_create(
        user=supervisor, shop_uuid=shop.uuid, contact_uuid=contact.uuid, contact_email=contact.email,
        fields={"starts_at": starts, "ends_at": starts + dt.timedelta(hours=3), "number_of_people": 4, "status": "created", "prepaid_amount": 2550, "company_name": "Oudejaars BV"},
    ).obj
    entry = AuditEntry.objects.filter(action="booking.create").latest("pk")
    return MainPages(live_server.url, supervisor, contact.uuid, visit.uuid, booking.uuid, entry.pk)
