from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.tables import LeatTable, LinkColumn, LocalDateTimeColumn
from leatadmin.leat.models import Page, Visit

from .selectors import visit_shops


def not_given() -> str:
    return format_html('<span class="muted" title="{}">{}</span>', _("Leat does not say which shop a visit was at; leatadmin knows it only for visits made here"), _("not given by Leat"))


def _visit_url(visit: Visit) -> str:
    return reverse("visits:detail", args=[visit.uuid])


class VisitTable(LeatTable):
    starts_at = LocalDateTimeColumn(verbose_name=_("Start"), orderable=False, url_of=_visit_url)
    ends_at = LocalDateTimeColumn(verbose_name=_("End"), format="TIME_FORMAT", orderable=False)
    shop = tables.Column(verbose_name=_("Shop"), orderable=False, empty_values=())
    source = tables.Column(verbose_name=_("Source"), orderable=False, default="—")
    external_id = tables.Column(verbose_name=_("External id"), orderable=False, default="—")

    pager_label = _("Visit pages")

    class Meta:
        empty_text = _("No visits.")
        attrs = {"class": "visits"}

    def __init__(self, page: Page[Visit], **kwargs: Any) -> None:
        super().__init__(page, **kwargs)
        self.known_shops = visit_shops(page.items)

    def render_shop(self, record: Visit) -> str:
        shop = self.known_shops.get(record.uuid)
        return shop.name if shop and shop.known else not_given()


class VisitListTable(VisitTable):
    """All visits: which contact, and a link to each visit."""

    contact = tables.Column(verbose_name=_("Contact"), accessor="contact__email", default=_("(deleted contact)"), orderable=False)
    view = LinkColumn(verbose_name=_("Visit"), orderable=False, url_of=lambda visit: reverse("visits:detail", args=[visit.uuid]), text=lambda visit: _("Open"))

    class Meta(VisitTable.Meta):
        sequence = ("starts_at", "ends_at", "contact", "shop", "source", "external_id", "view")
