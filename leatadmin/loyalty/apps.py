from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "leatadmin.loyalty"
    label = "loyalty"
    verbose_name = "Loyalty corrections"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page

        from .panels import COLLECTABLES, TRANSACTIONS

        show_on_contact_page(TRANSACTIONS)
        show_on_contact_page(COLLECTABLES)
