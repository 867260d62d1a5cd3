from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leatadmin.core"
    label = "core"
    verbose_name = "leatadmin core"
