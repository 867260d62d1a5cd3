from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "leatadmin.bookings"
    label = "bookings"
