from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "leatadmin.bookings"
    label = "bookings"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page
        from leatadmin.contacts.signals import contact_deleted
        from leatadmin.core import history

        from .panels import BOOKINGS
        from .services import booking_contact_deleted
        from .status import label

        contact_deleted.connect(booking_contact_deleted, dispatch_uid="bookings.contact_deleted")
        # The one status with a recorded history; others read as their own words.
        history.register_value_words("status", label)
        show_on_contact_page(BOOKINGS)
