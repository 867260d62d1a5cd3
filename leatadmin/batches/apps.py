from django.apps import AppConfig


class BatchesConfig(AppConfig):
    """Corrections in bulk (#25): a file of corrections, previewed, applied once per row, undone as a batch."""

    name = "leatadmin.batches"
    label = "batches"

    def ready(self) -> None:
        from leatadmin.core import history

        from .words import audit_labels

        history.register_labels(audit_labels)  # the batch and the row in a write's audit entry
