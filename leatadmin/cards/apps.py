from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "leatadmin.cards"
    label = "cards"
