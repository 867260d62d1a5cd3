from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "leatadmin.audit"
    label = "audit"
    verbose_name = "Audit log"
