from __future__ import annotations

import django_tables2 as tables

from leatadmin.core.tables import ModelTable
from leatadmin.core.templatetags.leat_format import cents

from .models import BookingRecord


class BookingTable(ModelTable):
    starts_at = tables.DateTimeColumn(verbose_name="Start", format="j M Y, H:i")
    contact_email = tables.TemplateColumn('<a href="{% url \'bookings:detail\' record.uuid %}">{{ record.contact_email|default:record.contact_uuid }}</a>', verbose_name="Contact", order_by="contact_email")
    shop_name = tables.Column(verbose_name="Shop")
    number_of_people = tables.Column(verbose_name="Party", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    status = tables.Column(verbose_name="Status")
    prepaid_amount = tables.Column(verbose_name="Prepaid", attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    external_id = tables.Column(verbose_name="External id")
    updated_at = tables.DateTimeColumn(verbose_name="Last change", format="j M, H:i")

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

    starts_at = tables.TemplateColumn('<a href="{% url \'bookings:detail\' record.uuid %}">{{ record.starts_at|date:"j M Y, H:i"|default:"—" }}</a>', verbose_name="Start", order_by="starts_at")
