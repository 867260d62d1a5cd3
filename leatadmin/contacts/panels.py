"""The contact page's panels: what each reads from Leat, and how it is shown.

The contact app draws the profile; every other panel belongs to its own app
(loyalty's transactions, visits, bookings, cards, subscriptions, prepaid),
which registers it here from its AppConfig.ready(): the contact page shows
what is registered, in `order`, and the contact app imports none of them.

A panel is used two ways, by the same code: inside the contact page, which
starts every panel's reads as the request arrives and streams each panel when
its reads are in (contacts/page.py), and on its own URL, which htmx asks for
to page, filter, retry or refresh one panel.

`start` only starts Leat reads (in threads, HTTP only); `context` and `finish`
(after the page is out) run in the request's thread, where the database and
templates are used.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy

from leatadmin.core.reads import Reads
from leatadmin.directory.services import directory_forget
from leatadmin.leat import errors

from . import attributes, selectors, services
from .program import PROGRAM_CACHE_KEY, credit_name


def page_query(query: QueryDict, *own: str) -> list[tuple[str, str]]:
    """The page's other query parameters, kept when a panel changes its own."""
    return [(key, value) for key, values in query.lists() if key not in own for value in values]


class Panel:
    name = ""  #: element id, slot name, and the key of its reads
    order = 0  #: its place on the contact page (reading order)
    title = ""  #: its heading ("" for the profile, which has its own)
    note = ""  #: a word after its heading
    loading = ""  #: what its placeholder says until it is in
    permission = "staff.view_contacts"
    url_name = ""  #: its own URL, for htmx
    template = ""
    #: Listens for `leat-changed`: an action on the contact page changed what it shows.
    refresh = True
    #: Keeps the page's query (its paging and filters) on its own URL.
    paged = False
    #: The htmx trigger (an element's name) whose requests are a new place in the
    #: browser's history: the contact page with the panel's filters.
    history_trigger = ""

    def url(self, uuid: str) -> str:
        return reverse(self.url_name, args=[uuid])

    def start(self, request: HttpRequest, uuid: str, reads: Reads) -> tuple[str, ...]:
        """Start the Leat reads this panel needs; return their keys."""
        return ()

    def context(self, request: HttpRequest, uuid: str, reads: Reads) -> dict[str, Any]:
        """What the template needs, from the reads (raises what a read raised)."""
        return {}

    def finish(self, request: HttpRequest, uuid: str, reads: Reads) -> None:
        """What the panel records without showing it, once it was shown
        (on the contact page: after its last panel, so the page never waits for it)."""


class ProfilePanel(Panel):
    name, loading, url_name, template = "profile", gettext_lazy("Loading contact…"), "contacts:profile", "contacts/panels/profile.html"

    def start(self, request, uuid, reads):
        handed = selectors.contact_handed_over(uuid=uuid)
        if handed is not None:
            reads.put("contact", handed)  # the lookup just fetched it: not asked twice
        else:
            reads.start("contact", lambda: selectors.contact_now(uuid=uuid))
        reads.start_cached("attribute-definitions", attributes.attribute_definitions, attributes.CACHE_KEY)
        reads.start_cached("credit-name", credit_name, PROGRAM_CACHE_KEY, lambda program: program.credit_name)
        return ("contact", "attribute-definitions", "credit-name")

    def context(self, request, uuid, reads):
        try:
            contact = reads.result("contact")
        except errors.ContactNotFound:
            directory_forget(uuid=uuid)  # Leat no longer knows it: neither does the directory
            raise
        groups, read_only = attributes.profile_groups(contact, reads.result("attribute-definitions"))
        return {"contact": contact, "groups": groups, "read_only": read_only, "credit_name": reads.result("credit-name")}

    def finish(self, request, uuid, reads):
        try:
            contact = reads.result("contact", timeout=0)
        except errors.LeatError:
            return  # not shown: not "recently viewed"
        services.recent_contact_record(user=request.user, contact=contact)


PROFILE = ProfilePanel()

_REGISTERED: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Show `panel` on the contact page (apps call this from AppConfig.ready)."""
    _REGISTERED[panel.name] = panel


def all_panels() -> list[Panel]:
    """Every registered panel, in reading order."""
    return sorted(_REGISTERED.values(), key=lambda panel: panel.order)


def named(name: str) -> Panel:
    try:
        return _REGISTERED[name]
    except KeyError:
        raise Http404(name) from None
