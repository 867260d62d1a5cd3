"""The contact page's bookings panel, from leatadmin's own ledger: no Leat
call (registered in bookings/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from leatadmin.contacts.panels import Panel
from leatadmin.staff.scoping import shops_of

from .selectors import contact_bookings, contact_bookings_elsewhere
from .tables import ContactBookingTable

PER_PAGE = 10


class BookingsPanel(Panel):
    name, order, title, loading = "bookings", 30, gettext_lazy("Bookings"), gettext_lazy("Loading bookings…")
    permission, url_name, template, paged, refresh = "staff.view_bookings", "contacts:bookings", "contacts/panels/bookings.html", True, False
    note = gettext_lazy("(known to leatadmin)")

    def context(self, request, uuid, reads):
        # Its own prefix: its page and sort ("b_page", "b_sort") are not the page's others'.
        # Staff limited to shops see only their shops' bookings, and how many others there are (staff/scoping.py).
        shops = shops_of(request.user)
        table = ContactBookingTable(contact_bookings(contact_uuid=uuid, shops=shops), panel_url=self.url(uuid), prefix="b_")
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        hidden = contact_bookings_elsewhere(contact_uuid=uuid, shops=shops) if shops is not None else 0
        # Most contacts have no booking leatadmin knows of: a sentence says so,
        # not an empty table with seven sorting links (most of this panel's drawing).
        return {"table": table if table.paginator.count else None, "hidden": hidden}


BOOKINGS = BookingsPanel()
