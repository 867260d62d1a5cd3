from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "leatadmin.cards"
    label = "cards"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page

        from .panels import CARDS

        show_on_contact_page(CARDS)
