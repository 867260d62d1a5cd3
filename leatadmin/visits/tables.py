from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leatadmin.core.tables import ContactColumn, LeatTable, LocalDateTimeColumn, ModelTable
from leatadmin.leat.models import Page, Visit

from .models import VisitRecord
from .selectors import visit_shops


def not_given() -> str:
    return format_html('<span class="muted" title="{}">{}</span>', _("Leat does not say which shop a visit was at; leatadmin knows it only for visits made here"), _("not given by Leat"))


def _visit_url(visit: Visit | VisitRecord) -> str:
    return reverse("visits:detail", args=[visit.uuid])


class VisitTable(LeatTable):
    """One page of Leat's visits (a contact's, on their page)."""

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


class VisitListTable(ModelTable):
    """The visit list, from leatadmin's index: newest start first, each visit and contact a link."""

    starts_at = LocalDateTimeColumn(verbose_name=_("Start"), orderable=False, url_of=_visit_url)
    ends_at = LocalDateTimeColumn(verbose_name=_("End"), format="TIME_FORMAT", orderable=False)
    contact = ContactColumn(verbose_name=_("Contact"), orderable=False, uuid_of=lambda visit: visit.contact_uuid, email_of=lambda visit: visit.contact_email)
    shop = tables.Column(verbose_name=_("Shop"), orderable=False, empty_values=())
    source = tables.Column(verbose_name=_("Source"), orderable=False, default="—")
    external_id = tables.Column(verbose_name=_("External id"), orderable=False, default="—")

    pager_label = _("Visit pages")

    class Meta:
        empty_text = _("No visits match.")
        attrs = {"class": "visits"}

    def render_shop(self, record: VisitRecord) -> str:
        return record.shop_name or record.shop_uuid or not_given()
