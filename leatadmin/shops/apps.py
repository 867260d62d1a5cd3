from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "leatadmin.shops"
    label = "shops"
