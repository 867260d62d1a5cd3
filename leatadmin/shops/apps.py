from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "leatadmin.shops"
    label = "shops"

    def ready(self) -> None:
        from leatadmin.core import history

        from .selectors import cached_shop_name

        history.register_value_words("shop_uuid", cached_shop_name)  # a shop reads by its name in a history
