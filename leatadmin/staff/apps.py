from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "leatadmin.staff"
    label = "staff"
    verbose_name = "Staff roles"
