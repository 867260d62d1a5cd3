from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leatadmin.core"
    label = "core"
    verbose_name = "leatadmin core"

    def ready(self) -> None:
        from django.conf import settings

        # checks registers the checks; observability connects the task signals' receivers (a task's request id).
        from . import checks, observability, tracing  # noqa: F401

        # Before the first request builds the middleware: OpenTelemetry's Django instrumentation adds its own.
        tracing.configure(endpoint=settings.OTEL_EXPORTER_OTLP_ENDPOINT, release=settings.SENTRY_RELEASE)
