"""Links to the pages of what leatadmin shows: a contact, a visit, a booking.

One place decides how each is named and linked, for tables (Python) and
templates (`{% load links %}`) alike. A link is drawn only for staff who may
open the page; the others read the same words without one.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

#: The permission each kind of page needs.
PERMISSIONS = {
    "contact": "staff.view_contacts", "visit": "staff.view_visits", "booking": "staff.view_bookings",
    "voucher": "staff.redeem_vouchers", "giftcard": "staff.giftcard_transactions",
}
ROUTES = {"contact": "contacts:detail", "visit": "visits:detail", "booking": "bookings:detail", "voucher": "vouchers:detail", "giftcard": "giftcards:detail"}


def page_url(kind: str, identifier: str) -> str:
    """The page of a contact, visit or booking; "" when the identifier cannot be one."""
    if not identifier:
        return ""
    try:
        return reverse(ROUTES[kind], args=[identifier])
    except NoReverseMatch:  # not an identifier Leat would give (e.g. a label kept from an old entry)
        return ""


def may_open(user, kind: str) -> bool:
    return bool(user is not None and user.has_perm(PERMISSIONS[kind]))


def link(kind: str, identifier: str, text: object, *, allowed: bool) -> SafeString:
    """`text`, linked to the page of `identifier` when `allowed` and it has one."""
    url = page_url(kind, identifier) if allowed else ""
    return format_html('<a href="{}">{}</a>', url, text) if url else format_html("{}", text)


def contact_link(uuid: str, email: str, *, allowed: bool) -> SafeString:
    """A contact by their email (else their UUID), linked to their contact page."""
    if not uuid and not email:
        return format_html('<span class="muted">{}</span>', _("(deleted contact)"))
    return link("contact", uuid, email or uuid, allowed=allowed)
