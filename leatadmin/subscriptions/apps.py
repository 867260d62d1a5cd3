from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "leatadmin.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page

        from .panels import SUBSCRIPTIONS

        show_on_contact_page(SUBSCRIPTIONS)
