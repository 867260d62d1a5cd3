from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leatadmin.core"
    label = "core"
    verbose_name = "leatadmin core"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
