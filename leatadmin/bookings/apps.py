from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "leatadmin.bookings"
    label = "bookings"

    def ready(self) -> None:
        from leatadmin.contacts.signals import contact_deleted

        from .services import booking_contact_deleted

        contact_deleted.connect(booking_contact_deleted, dispatch_uid="bookings.contact_deleted")
