"""The day as one table: bookings and visits in time order, each booking with
the one-click actions its status allows.

The buttons are the booking page's own staff actions (bookings.views.
BookingQuickAction: submit-once token, the booking as shown for the stale
check, audited, a lost answer said as unknown), posted to the booking's
action URL with `?next=` this agenda, so nothing of their steps is repeated
here. With JavaScript, htmx posts them in place (`in_page`) into the page's
action slot (#contact-action) and the agenda redraws itself on the
`leat-changed` event; without, the plain POST redirects back to the agenda.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leatadmin.actions import staleness
from leatadmin.bookings.status import CANCEL, CHECK_IN, COMPLETE
from leatadmin.bookings.status import label as status_label
from leatadmin.core import claims
from leatadmin.core.badges import badge
from leatadmin.core.converters import is_leat_id
from leatadmin.core.tables import ContactColumn, ModelTable
from leatadmin.core.templatetags.leat_format import cents, clock

from .selectors import BOOKING, AgendaRow

#: The row's buttons, in this order: (action, label, class, question asked first).
BUTTONS = (
    (CHECK_IN, pgettext_lazy("agenda button", "Check in"), "primary", None),
    (COMPLETE, pgettext_lazy("agenda button", "Complete"), "", _("Mark this booking completed in Leat? This cannot be undone with one click.")),
    (CANCEL, pgettext_lazy("agenda button", "Cancel"), "danger", _("Cancel this booking in Leat?")),
)
KINDS = {BOOKING: pgettext_lazy("agenda row", "Booking"), "visit": pgettext_lazy("agenda row", "Visit")}
NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
#: Stands for a row's identifier in a URL reversed once per table: a day of
#: 200 rows would otherwise reverse a thousand URLs (about 0.1 ms each).
SOME_ID = "agenda-row-id"


def _row_id(record: AgendaRow) -> str:
    return f"{record.kind}-{record.uuid}"


def _row_class(record: AgendaRow) -> str:
    return "no-show" if record.no_show else record.kind


# django-tables2 reads a row attribute's signature for every row (`utils.call_with_appropriate`): read once.
for _attribute in (_row_id, _row_class):
    _attribute.__signature__ = inspect.signature(_attribute)


class AgendaTable(ModelTable):
    """`next_url`: the agenda's own URL (where a plain POST comes back to);
    `csrf_token`: the request's, for the plain forms; `may_manage`: the staff
    member may check in, complete and cancel (else no buttons)."""

    at = tables.Column(verbose_name=_("Time"), empty_values=(), attrs={"td": {"class": "when"}})
    kind = tables.Column(verbose_name=_("What"))
    contact_email = ContactColumn(verbose_name=_("Contact"), uuid_of=lambda row: row.contact_uuid, email_of=lambda row: row.contact_email)
    number_of_people = tables.Column(verbose_name=_("Party"), attrs=NUMBER)
    company_name = tables.Column(verbose_name=_("Company"))
    status = tables.Column(verbose_name=_("Status"), empty_values=())
    prepaid_amount = tables.Column(verbose_name=_("Prepaid"), attrs=NUMBER)
    actions = tables.Column(verbose_name=_("Actions"), empty_values=(), attrs={"td": {"class": "row-action"}})

    class Meta:
        template_name = "agenda/table.html"
        orderable = False  # time order is the point of an agenda
        empty_text = _("Nothing booked and no visits on this day.")
        attrs = {"class": "agenda"}
        row_attrs = {"id": _row_id, "class": _row_class}

    def __init__(self, rows: list[AgendaRow], *, next_url: str, csrf_token: str, may_manage: bool, may_open_visits: bool, **kwargs: Any) -> None:
        super().__init__(rows, panel_url=next_url, **kwargs)
        self.next_url, self.may_manage, self.may_open_visits = next_url, may_manage, may_open_visits
        # What every row shares, escaped once: a day of 200 rows draws 600 buttons.
        query = urlencode({"next": next_url})
        self.urls = {action: escape(f"{reverse('bookings:action', args=[SOME_ID, action])}?{query}") for action, *_ in BUTTONS}
        self.pages = {kind: reverse(f"{kind}s:detail", args=[SOME_ID]) for kind in KINDS}
        self.buttons = {action: (escape(text), kind, format_html(' data-confirm="{}"', ask) if ask else "") for action, text, kind, ask in BUTTONS}
        self.kinds = {kind: str(text) for kind, text in KINDS.items()}
        self.hidden = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="in_page" value="1">', csrf_token)
        self.no_show = format_html(' <span class="badge bad">{}</span>', _("No-show"))
        self.clocks: dict[dt.datetime, str] = {}

    def _clock(self, value: dt.datetime | None) -> str:
        if value not in self.clocks:
            self.clocks[value] = clock(value)
        return self.clocks[value]

    def _url(self, uuid: str, action: str) -> str:
        # A Leat identifier (is_leat_id) is URL-safe: nothing in it to quote or escape.
        return self.urls[action].replace(SOME_ID, uuid, 1)

    def _page(self, kind: str, uuid: str) -> str:
        """The booking's or visit's page ("" for an identifier no URL can hold)."""
        return self.pages[kind].replace(SOME_ID, uuid) if is_leat_id(uuid) else ""

    def render_at(self, record: AgendaRow) -> str:
        text = self._clock(record.at) if record.ends_at is None else f"{self._clock(record.at)}–{self._clock(record.ends_at)}"
        url = self._page(record.kind, record.uuid) if record.kind == BOOKING or self.may_open_visits else ""
        return format_html('<a href="{}">{}</a>', url, text) if url else text

    def render_kind(self, value: str) -> str:
        return self.kinds.get(value, value)

    def render_prepaid_amount(self, value: int) -> str:
        return cents(value)

    def render_status(self, record: AgendaRow) -> str:
        if record.kind != BOOKING:
            return ""
        if not record.booking.confirmed:
            return badge("booking", "unconfirmed", _("Unconfirmed"), title=_("Leat's answer to creating it was lost: settle it on its page"))
        said = badge("booking", record.status, status_label(record.status))
        return said + self.no_show if record.no_show else said

    def render_actions(self, record: AgendaRow) -> str:
        booking = record.booking
        if booking is None or not self.may_manage:
            return ""
        allowed = booking.allowed_actions  # what its status allows (bookings/status.py); the action refuses the rest too
        uuid = booking.uuid
        if not allowed or not is_leat_id(uuid):
            return ""
        # Each button names its row for a screen reader ("Check in – 18:30 anna@…"), starting with what it shows.
        about = escape(f"{self._clock(booking.starts_at)} {booking.contact_email or booking.contact_uuid}")
        buttons = "".join(
            f'<button type="submit" formaction="{self._url(uuid, action)}" name="token" value="{claims.new_token()}" class="small {kind}"{confirm} aria-label="{text} – {about}">{text}</button>'
            for action, (text, kind, confirm) in self.buttons.items()
            if action in allowed
        )
        first = self._url(uuid, next(action for action in self.buttons if action in allowed))
        # One form a row: the booking as shown (the stale check's signed version) once, each button its own
        # action URL (`formaction`, which htmx follows too) and submit-once token. The fieldset is disabled
        # while one is sent (htmx), so a second click waits for the redrawn row. Every part is escaped above,
        # or URL-safe (the identifier, the token, the version): drawn as one string, as core/table_rows.py draws the cells.
        return mark_safe(
            f'<form method="post" action="{first}" hx-post="{first}" hx-target="#contact-action" hx-disabled-elt="find fieldset"><fieldset class="row-buttons">'
            f'{self.hidden}<input type="hidden" name="version" value="{staleness.version(booking.values())}">{buttons}</fieldset></form>'
        )
