"""``/api/v1/attendance/...`` on the agency host."""

from django.urls import path

from tenant_apps.attendance import api

urlpatterns = [
    path("punches", api.PunchApi.as_view(), name="api-attendance-punches"),
    path("today", api.TodayApi.as_view(), name="api-attendance-today"),
]
