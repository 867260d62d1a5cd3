from django.apps import AppConfig


class PrepaidConfig(AppConfig):
    name = "leatadmin.prepaid"
    label = "prepaid"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page

        from .panels import PREPAID

        show_on_contact_page(PREPAID)
