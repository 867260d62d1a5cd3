"""The contact page's visits panel: Leat's list of the contact's visits, one
page at a time (registered in visits/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel
from leatadmin.core.paging import page_number

from .selectors import contact_visits
from .tables import VisitTable

PER_PAGE = 10


class VisitsPanel(Panel):
    name, order, title, loading = "visits", 20, gettext_lazy("Visits"), gettext_lazy("Loading visits…")
    permission, url_name, template, paged, refresh = "staff.view_visits", "contacts:visits", "contacts/panels/visits.html", True, False

    def start(self, request, uuid, reads):
        page = page_number(request, "v_page")
        reads.start("visits", lambda: contact_visits(uuid=uuid, page=page, per_page=PER_PAGE))
        return ("visits",)

    def context(self, request, uuid, reads):
        return {"table": VisitTable(reads.result("visits"), panel_url=self.url(uuid), page_field="v_page")}


VISITS = VisitsPanel()
