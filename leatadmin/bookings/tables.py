from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leatadmin.core.badges import badge
from leatadmin.core.tables import ContactColumn, LocalDateTimeColumn, ModelTable
from leatadmin.core.templatetags.leat_format import cents

from .models import BookingRecord
from .status import label as status_label


def _booking_url(booking: BookingRecord) -> str:
    return reverse("bookings:detail", args=[booking.uuid])


class BookingTable(ModelTable):
    """The ledger's bookings: the start opens the booking, the contact their contact page."""

    starts_at = LocalDateTimeColumn(verbose_name=_("Start"), url_of=_booking_url)
    contact_email = ContactColumn(verbose_name=_("Contact"), uuid_of=lambda booking: booking.contact_uuid, email_of=lambda booking: booking.contact_email)
    shop_name = tables.Column(verbose_name=_("Shop"))
    number_of_people = tables.Column(verbose_name=_("Party"), attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    status = tables.Column(verbose_name=_("Status"), empty_values=())
    prepaid_amount = tables.Column(verbose_name=_("Prepaid"), attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    external_id = tables.Column(verbose_name=_("External id"))
    updated_at = LocalDateTimeColumn(verbose_name=_("Last change"))

    pager_label = _("Booking pages")

    class Meta:
        model = BookingRecord
        fields = ("starts_at", "contact_email", "shop_name", "number_of_people", "status", "prepaid_amount", "external_id", "updated_at")
        empty_text = _("No bookings match.")
        attrs = {"class": "bookings"}

    def render_prepaid_amount(self, value: int) -> str:
        return cents(value)

    def render_status(self, value: str, record: BookingRecord) -> str:
        if not record.confirmed:
            return badge("booking", "unconfirmed", _("Unconfirmed"), title=_("Leat's answer to creating it was lost: settle it on its page"))
        return badge("booking", value, status_label(value)) if value else "—"


class ContactBookingTable(BookingTable):
    class Meta(BookingTable.Meta):
        exclude = ("contact_email",)
        sequence = ("starts_at", "shop_name", "number_of_people", "status", "prepaid_amount", "external_id", "updated_at")
