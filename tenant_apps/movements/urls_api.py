"""API routes of movements, included under /api/v1/."""

from django.urls import URLPattern, path

from tenant_apps.movements import api

urlpatterns: list[URLPattern] = [
    path("movements", api.MovementListCreateApi.as_view(), name="api-movements"),
    path(
        "movements/<int:movement_id>", api.MovementDetailApi.as_view(), name="api-movement-detail"
    ),
]
