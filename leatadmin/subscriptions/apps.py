from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "leatadmin.subscriptions"
    label = "subscriptions"
