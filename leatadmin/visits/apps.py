from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "leatadmin.visits"
    label = "visits"

    def ready(self) -> None:
        from leatadmin.contacts.signals import contact_deleted

        from .receivers import visit_index_contact_deleted

        contact_deleted.connect(visit_index_contact_deleted, dispatch_uid="visits.contact_deleted")
