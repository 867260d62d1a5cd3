from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "leatadmin.visits"
    label = "visits"

    def ready(self) -> None:
        from leatadmin.contacts.panels import register as show_on_contact_page
        from leatadmin.contacts.signals import contact_deleted
        from leatadmin.core import housekeeping

        from .index import visit_index_chore
        from .panels import VISITS
        from .receivers import visit_index_contact_deleted

        contact_deleted.connect(visit_index_contact_deleted, dispatch_uid="visits.contact_deleted")
        housekeeping.register("visit index", visit_index_chore)
        show_on_contact_page(VISITS)
