from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "tenant_apps.integrations"
    label = "integrations"
    verbose_name = "Integrations"

    def ready(self) -> None:
        from tenant_apps.integrations import receivers  # noqa: F401 - connects the webhook events
