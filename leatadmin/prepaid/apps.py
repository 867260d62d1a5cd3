from django.apps import AppConfig


class PrepaidConfig(AppConfig):
    name = "leatadmin.prepaid"
    label = "prepaid"
