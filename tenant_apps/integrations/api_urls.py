"""The integration API under ``/api/v1/`` (API keys only): ``data/...`` to read, ``kiosk/...`` to
record."""

from django.urls import URLPattern, path

from tenant_apps.integrations import api_views

urlpatterns: list[URLPattern] = [
    path("data/officers", api_views.OfficersApi.as_view(), name="api-data-officers"),
    path("data/org-units", api_views.OrgUnitsApi.as_view(), name="api-data-org-units"),
    path("data/punches", api_views.PunchesApi.as_view(), name="api-data-punches"),
    path("data/days", api_views.DaysApi.as_view(), name="api-data-days"),
    path("data/issues", api_views.IssuesApi.as_view(), name="api-data-issues"),
    path("data/movements", api_views.MovementsApi.as_view(), name="api-data-movements"),
    path("kiosk/punches", api_views.KioskPunchApi.as_view(), name="api-kiosk-punches"),
]
