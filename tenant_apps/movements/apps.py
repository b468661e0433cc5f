from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "tenant_apps.movements"
    label = "movements"
    verbose_name = "Movements (pergerakan)"
