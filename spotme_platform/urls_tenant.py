"""URLs on an agency's host (<slug>.<platform domain>), served in the agency's schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tenant_apps.attendance import pwa
from tenant_apps.dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home_view, name="home"),
    path("", include("accounts.urls")),
    path("org/", include("tenant_apps.people.urls")),
    path("worktime/", include("tenant_apps.worktime.urls")),
    path("audit/", include("tenant_apps.audit.urls")),
    path("attendance/", include("tenant_apps.attendance.urls")),
    path("movements/", include("tenant_apps.movements.urls")),
    path("notes/", include("tenant_apps.assignments.urls")),
    path("supervision/", include("tenant_apps.dashboard.urls")),
    path("notifications/", include("tenant_apps.notifications.urls")),
    path("issues/", include("tenant_apps.attendance_issues.urls")),
    path("reports/", include("tenant_apps.reports.urls")),
    path("integrations/", include("tenant_apps.integrations.urls")),
    path("iclock/", include("tenant_apps.integrations.adms_urls")),
    path("manifest.webmanifest", pwa.manifest_view, name="pwa-manifest"),
    path("sw.js", pwa.service_worker_view, name="pwa-service-worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/attendance/", include("tenant_apps.attendance.api_urls")),
    path("api/v1/", include("tenant_apps.movements.urls_api")),
    path("api/v1/", include("tenant_apps.notifications.api_urls")),
    path("api/v1/", include("tenant_apps.integrations.api_urls")),
    path("api/v1/", include("spotme_platform.urls_api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
