from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "leatadmin.agenda"
    label = "agenda"
