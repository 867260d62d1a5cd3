from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse

from leatadmin.core.tables import LinkColumn, LocalDateTimeColumn, ModelTable
from leatadmin.core.templatetags.leat_format import cents

from .models import BookingRecord


def _booking_url(booking: BookingRecord) -> str:
    return reverse("bookings:detail", args=[booking.uuid])


class BookingTable(ModelTable):
    starts_at = LocalDateTimeColumn(verbose_name="Start")
    contact_email = LinkColumn(verbose_name="Contact", url_of=_booking_url, text=lambda booking: booking.contact_email or booking.contact_uuid)
    shop_name = tables.Column(verbose_name="Shop")
    number_of_people = tables.Column(verbose_name="Party", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    status = tables.Column(verbose_name="Status")
    prepaid_amount = tables.Column(verbose_name="Prepaid", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    external_id = tables.Column(verbose_name="External id")
    updated_at = LocalDateTimeColumn(verbose_name="Last change", format="j M, H:i")

    pager_label = "Booking pages"

    class Meta:
        model = BookingRecord
        fields = ("starts_at", "contact_email", "shop_name", "number_of_people", "status", "prepaid_amount", "external_id", "updated_at")
        empty_text = "No bookings match."
        attrs = {"class": "bookings"}

    def render_prepaid_amount(self, value: int) -> str:
        return cents(value)


class ContactBookingTable(BookingTable):
    class Meta(BookingTable.Meta):
        exclude = ("contact_email",)
        sequence = ("starts_at", "shop_name", "number_of_people", "status", "prepaid_amount", "external_id", "updated_at")

    starts_at = LocalDateTimeColumn(verbose_name="Start", url_of=_booking_url)
