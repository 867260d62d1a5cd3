"""The contact page's vouchers panel: Leat's list of the contact's vouchers,
one Leat page at a time (registered in vouchers/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from leatadmin.contacts.panels import Panel
from leatadmin.core.paging import page_number

from .finder import PERMISSION
from .selectors import contact_vouchers
from .tables import VoucherTable

PER_PAGE = 10


class VouchersPanel(Panel):
    name, order, title, loading = "vouchers", 70, gettext_lazy("Vouchers"), gettext_lazy("Loading vouchers…")
    url_name, template, paged = "vouchers:panel", "vouchers/panel.html", True

    def start(self, request, uuid, reads):
        page = page_number(request, "vc_page")
        reads.start("vouchers", lambda: contact_vouchers(contact_uuid=uuid, page=page, per_page=PER_PAGE))
        return ("vouchers",)

    def context(self, request, uuid, reads):
        table = VoucherTable(reads.result("vouchers"), panel_url=self.url(uuid), page_field="vc_page", link_vouchers=request.user.has_perm(PERMISSION))
        return {"table": table}


VOUCHERS = VouchersPanel()
