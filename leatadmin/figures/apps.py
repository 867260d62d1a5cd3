from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "leatadmin.figures"
    label = "figures"

    def ready(self) -> None:
        from leatadmin.contacts.signals import contact_deleted
        from leatadmin.core import housekeeping

        from .mirror import mirror_chore
        from .receivers import mirror_contact_deleted

        contact_deleted.connect(mirror_contact_deleted, dispatch_uid="figures.contact_deleted")
        housekeeping.register("figures mirror", mirror_chore)
