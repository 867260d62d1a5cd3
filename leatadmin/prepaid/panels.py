"""The contact page's prepaid panel: the history, one Leat page at a time
(registered in prepaid/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel
from leatadmin.core.paging import page_number

from .selectors import prepaid_history
from .tables import PrepaidTable

PER_PAGE = 10


class PrepaidPanel(Panel):
    name, order, title, loading = "prepaid", 60, gettext_lazy("Prepaid"), gettext_lazy("Loading prepaid history…")
    url_name, template, paged = "prepaid:panel", "prepaid/panel.html", True

    def start(self, request, uuid, reads):
        page = page_number(request, "pp_page")
        reads.start("prepaid", lambda: prepaid_history(contact_uuid=uuid, page=page, per_page=PER_PAGE))
        return ("prepaid",)

    def context(self, request, uuid, reads):
        table = PrepaidTable(
            reads.result("prepaid"), panel_url=self.url(uuid), page_field="pp_page", contact_uuid=uuid, may_reverse=request.user.has_perm("staff.refund_prepaid")
        )
        return {"table": table}


PREPAID = PrepaidPanel()
