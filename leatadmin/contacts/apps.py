from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "leatadmin.contacts"
    label = "contacts"
