"""The contact page's visits panel: Leat's list of the contact's visits, one
page at a time (registered in visits/apps.py)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel
from leatadmin.core.paging import page_number
from leatadmin.staff.scoping import may_see_shop, shops_of

from .selectors import contact_visits, visit_shops
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
        page = reads.result("visits")
        hidden = 0
        if shops_of(request.user) is not None:
            # Limited to their shops (staff/scoping.py): Leat's page without the
            # visits of other shops, or of a shop leatadmin does not know; the panel says how many.
            shops = visit_shops(page.items)
            shown = [visit for visit in page.items if may_see_shop(request.user, shops[visit.uuid].uuid)]
            hidden, page = len(page.items) - len(shown), replace(page, items=shown)
        return {"table": VisitTable(page, panel_url=self.url(uuid), page_field="v_page"), "hidden": hidden}


VISITS = VisitsPanel()
