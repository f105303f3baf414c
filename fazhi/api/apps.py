from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fazhi.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from fazhi.api import schema  # noqa: F401  (registers the OpenAPI descriptions of our authenticators)
