from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "leatadmin.directory"
    label = "directory"
    verbose_name = "Contact directory"

    def ready(self) -> None:
        from leatadmin.core import housekeeping

        from .services import webhook_deliveries_chore

        housekeeping.register("webhook deliveries", webhook_deliveries_chore)
