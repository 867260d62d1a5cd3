from django.apps import AppConfig


class GiftcardsConfig(AppConfig):
    name = "leatadmin.giftcards"
    label = "giftcards"

    def ready(self) -> None:
        from leatadmin.contacts import lookup_extras
        from leatadmin.core import history

        from .finder import GIFTCARD
        from .selectors import cached_program_name

        lookup_extras.register(GIFTCARD)  # a gift card number typed in the search box opens its page
        history.register_value_words("giftcard_program_uuid", cached_program_name)  # a program reads by its name in a history
