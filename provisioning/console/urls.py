from django.urls import path

from provisioning.console import agency_views, application_views

app_name = "console"

urlpatterns = [
    path("", agency_views.overview_view, name="home"),
    path("stats/refresh/", agency_views.stats_refresh_view, name="stats-refresh"),
    path("agencies/<int:agency_id>/", agency_views.agency_detail_view, name="agency-detail"),
    path(
        "agencies/<int:agency_id>/<slug:action>/",
        agency_views.agency_action_view,
        name="agency-action",
    ),
    path(
        "exports/<int:export_id>/download/",
        agency_views.export_download_view,
        name="export-download",
    ),
    path("audit/", agency_views.audit_view, name="audit"),
    path("applications/", application_views.application_list_view, name="applications"),
    path(
        "applications/<int:application_id>/",
        application_views.application_detail_view,
        name="application-detail",
    ),
    path(
        "applications/<int:application_id>/approve/",
        application_views.application_approve_view,
        name="application-approve",
    ),
    path(
        "applications/<int:application_id>/reject/",
        application_views.application_reject_view,
        name="application-reject",
    ),
    path("runs/<int:run_id>/progress/", application_views.run_progress_view, name="run-progress"),
    path("runs/<int:run_id>/retry/", application_views.run_retry_view, name="run-retry"),
]
