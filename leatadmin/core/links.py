"""Links to the pages of what leatadmin shows: a contact, a visit, a booking.

One place decides how each is named and linked, for tables (Python) and
templates (`{% load links %}`) alike. A link is drawn only for staff who may
open the page; the others read the same words without one.
"""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from leatadmin.core.converters import LEAT_ID_RE

#: The permission each kind of page needs.
PERMISSIONS = {"contact": "staff.view_contacts", "visit": "staff.view_visits", "booking": "staff.view_bookings"}
ROUTES = {"contact": "contacts:detail", "visit": "visits:detail", "booking": "bookings:detail"}


#: Stands in for a row's id in a URL reversed once (a Leat id, `~` and all, that no real one is).
STAND_IN = "~leatadmin~row~"


def put_id(drawn: str, identifier: str, count: int = -1) -> str:
    """A URL (or HTML) drawn once with `STAND_IN` as an id, with this id in its
    place; safe HTML stays safe. Only for an id `LEAT_ID_RE` accepts: nothing
    in it needs escaping."""
    done = drawn.replace(f"/{STAND_IN}/", f"/{identifier}/", count)
    return mark_safe(done) if isinstance(drawn, SafeData) else done


@functools.lru_cache(maxsize=1024)
def _reversed_once(name: str, args: tuple[str, ...], script_prefix: str) -> str:
    return reverse(name, args=args)


def row_url(name: str, *args: str, row: int = -1) -> str:
    """`reverse(name, args=args)` for one row of a table, `args[row]` being the
    row's Leat id. The URL is reversed once for the table's other arguments and
    the id put in place of a stand-in: reversing for every row was a quarter of
    drawing a table of ten. An id Django would refuse is left to Django, as before."""
    identifier = str(args[row])
    if not LEAT_ID_RE.fullmatch(identifier):
        return reverse(name, args=args)
    shape = list(args)
    shape[row] = STAND_IN
    return put_id(_reversed_once(name, tuple(shape), get_script_prefix()), identifier, 1)


def page_url(kind: str, identifier: str) -> str:
    """The page of a contact, visit or booking; "" when the identifier cannot be one.
    Asked for every row of a list that links its contacts, so through `row_url`."""
    if not identifier:
        return ""
    try:
        return row_url(ROUTES[kind], identifier)
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
