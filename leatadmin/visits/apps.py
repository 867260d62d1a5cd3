from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "leatadmin.visits"
    label = "visits"
