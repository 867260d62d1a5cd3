from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "leatadmin.loyalty"
    label = "loyalty"
    verbose_name = "Loyalty corrections"
