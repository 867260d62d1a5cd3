from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "leatadmin.sandbox"
    label = "sandbox"
    verbose_name = "Leat sandbox"
