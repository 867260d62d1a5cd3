from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "leatadmin.directory"
    label = "directory"
    verbose_name = "Contact directory"
