"""The contact page's panels: what each reads from Leat, and how it is shown.

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

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from leatadmin.bookings.selectors import contact_bookings
from leatadmin.bookings.tables import ContactBookingTable
from leatadmin.cards.selectors import card_list
from leatadmin.core.leat import leat
from leatadmin.core.paging import page_number
from leatadmin.core.reads import Reads
from leatadmin.directory.services import directory_forget
from leatadmin.leat import errors
from leatadmin.loyalty.selectors import PROGRAM_CACHE_KEY, credit_name
from leatadmin.prepaid.selectors import prepaid_history
from leatadmin.prepaid.tables import PrepaidTable
from leatadmin.shops.selectors import CACHE_KEY as SHOPS_CACHE_KEY
from leatadmin.shops.selectors import choices_of, shop_choices
from leatadmin.subscriptions.selectors import TYPES_CACHE_KEY, subscription_rows_from, subscription_types
from leatadmin.visits.tables import VisitTable

from . import attributes, selectors, services
from .forms import TransactionFilterForm
from .tables import TransactionTable

VISITS_PER_PAGE = 10
PREPAID_PER_PAGE = 10
BOOKINGS_PER_PAGE = 10


def page_query(query: QueryDict, *own: str) -> list[tuple[str, str]]:
    """The page's other query parameters, kept when a panel changes its own."""
    return [(key, value) for key, values in query.lists() if key not in own for value in values]


class Panel:
    name = ""  #: element id, slot name, and the key of its reads
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
            reads.start("contact", lambda: leat().contacts.get(uuid))
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


class TransactionsPanel(Panel):
    name, title, loading = "transactions", gettext_lazy("Loyalty transactions"), gettext_lazy("Loading transactions…")
    url_name, template, paged = "contacts:transactions", "contacts/panels/transactions.html", True

    @staticmethod
    def filters(query: QueryDict, shops: list[tuple[str, str]]) -> TransactionFilterForm:
        form = TransactionFilterForm(query, shops=shops)
        form.is_valid()
        return form

    def start(self, request, uuid, reads):
        reads.start_cached("shops", shop_choices, SHOPS_CACHE_KEY, choices_of)
        # The shop filter is checked against Leat's shops once they are in; the
        # transactions are asked for meanwhile, as if the shop asked for exists.
        asked = request.GET.get("tx_shop", "")
        filters = self.filters(request.GET, [(asked, asked)] if asked else [])
        if filters.errors:
            return ("shops",)
        wanted = filters.cleaned_data
        query = {
            "contact_uuid": uuid,
            "type": wanted["tx_type"] or None,
            "shop_uuid": wanted["tx_shop"] or None,
            "created_from": wanted["tx_from"],
            "created_until": wanted["tx_to"],
            "page": page_number(request, "tx_page"),
            "limit": int(wanted["tx_per_page"]),
        }
        reads.start("transactions", lambda: leat().transactions.list(**query))
        return ("shops", "transactions")

    def context(self, request, uuid, reads):
        filters = self.filters(request.GET, reads.result("shops"))
        table = None
        if not filters.errors:
            table = TransactionTable(
                reads.result("transactions"),
                panel_url=self.url(uuid),
                page_field="tx_page",
                contact_uuid=uuid,
                can_undo=request.user.has_perm("staff.correct_loyalty"),
            )
        # The filters are a GET form (they work without JavaScript) that keeps the page's other parameters.
        keep = page_query(request.GET, *TransactionFilterForm.base_fields, "tx_page")
        return {"table": table, "filters": filters, "keep": keep, "kind": filters.cleaned_data.get("tx_type", "")}


class VisitsPanel(Panel):
    name, title, loading = "visits", gettext_lazy("Visits"), gettext_lazy("Loading visits…")
    permission, url_name, template, paged, refresh = "staff.view_visits", "contacts:visits", "contacts/panels/visits.html", True, False

    def start(self, request, uuid, reads):
        page = page_number(request, "v_page")
        reads.start("visits", lambda: leat().visits.list(contact_uuid=uuid, page=page, limit=VISITS_PER_PAGE))
        return ("visits",)

    def context(self, request, uuid, reads):
        return {"table": VisitTable(reads.result("visits"), panel_url=self.url(uuid), page_field="v_page")}


class BookingsPanel(Panel):
    """From leatadmin's own ledger: no Leat call."""

    name, title, loading = "bookings", gettext_lazy("Bookings"), gettext_lazy("Loading bookings…")
    permission, url_name, template, paged, refresh = "staff.view_bookings", "contacts:bookings", "contacts/panels/bookings.html", True, False
    note = gettext_lazy("(known to leatadmin)")

    def context(self, request, uuid, reads):
        # Its own prefix: its page and sort ("b_page", "b_sort") are not the page's others'.
        table = ContactBookingTable(contact_bookings(contact_uuid=uuid), panel_url=self.url(uuid), prefix="b_")
        RequestConfig(request, paginate={"per_page": BOOKINGS_PER_PAGE}).configure(table)
        # Most contacts have no booking leatadmin knows of: a sentence says so,
        # not an empty table with seven sorting links (most of this panel's drawing).
        return {"table": table if table.paginator.count else None}


class CardsPanel(Panel):
    name, title, loading, url_name, template = "cards", gettext_lazy("Loyalty cards"), gettext_lazy("Loading cards…"), "cards:panel", "cards/panel.html"

    def start(self, request, uuid, reads):
        reads.start("cards", lambda: card_list(contact_uuid=uuid))
        return ("cards",)

    def context(self, request, uuid, reads):
        cards = reads.result("cards")
        return {"cards": cards, "any_active": any(card.active for card in cards)}


class SubscriptionsPanel(Panel):
    name, title, loading = "subscriptions", gettext_lazy("Subscriptions"), gettext_lazy("Loading subscriptions…")
    url_name, template = "subscriptions:panel", "subscriptions/panel.html"

    def start(self, request, uuid, reads):
        reads.start("subscriptions", lambda: leat().subscriptions.list(uuid))
        reads.start_cached("subscription-types", subscription_types, TYPES_CACHE_KEY)
        return ("subscriptions", "subscription-types")

    def context(self, request, uuid, reads):
        return {"rows": subscription_rows_from(reads.result("subscription-types"), reads.result("subscriptions"))}


class PrepaidPanel(Panel):
    name, title, loading = "prepaid", gettext_lazy("Prepaid"), gettext_lazy("Loading prepaid history…")
    url_name, template, paged = "prepaid:panel", "prepaid/panel.html", True

    def start(self, request, uuid, reads):
        page = page_number(request, "pp_page")
        reads.start("prepaid", lambda: prepaid_history(contact_uuid=uuid, page=page, per_page=PREPAID_PER_PAGE))
        return ("prepaid",)

    def context(self, request, uuid, reads):
        table = PrepaidTable(
            reads.result("prepaid"), panel_url=self.url(uuid), page_field="pp_page", contact_uuid=uuid, may_reverse=request.user.has_perm("staff.refund_prepaid")
        )
        return {"table": table}


PROFILE, TRANSACTIONS, VISITS, BOOKINGS = ProfilePanel(), TransactionsPanel(), VisitsPanel(), BookingsPanel()
CARDS, SUBSCRIPTIONS, PREPAID = CardsPanel(), SubscriptionsPanel(), PrepaidPanel()

#: The contact page, in reading order.
ALL = (PROFILE, TRANSACTIONS, VISITS, BOOKINGS, CARDS, SUBSCRIPTIONS, PREPAID)
