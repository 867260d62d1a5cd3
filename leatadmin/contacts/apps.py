from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "leatadmin.contacts"
    label = "contacts"

    def ready(self) -> None:
        from leatadmin.core import history, housekeeping

        from . import panels
        from .attributes import cached_labels
        from .exports import exports_chore

        history.register_labels(cached_labels)  # a contact attribute reads by Leat's label in a history
        housekeeping.register("exports", exports_chore)
        panels.register(panels.PROFILE)
