from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "leatadmin.signin"
    label = "signin"
    verbose_name = "Staff sign-in"

    def ready(self) -> None:
        from leatadmin.actions import fresh as action_fresh

        from . import audit, checks, fresh  # noqa: F401 (audit connects its receivers, checks registers its checks)

        # StaffAction (a lower layer) asks for the fresh check through its registry.
        action_fresh.register(fresh.GATE)
