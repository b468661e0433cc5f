"""Laporan: /reports/ and its pages."""

from django.urls import path

from tenant_apps.reports import views, views_dashboard, views_evidence, views_subscriptions

app_name = "reports"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("dashboard/", views_dashboard.dashboard_view, name="dashboard"),
    path("runs/", views.runs_view, name="runs"),
    path("runs/<int:run_id>/", views.run_view, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress_view, name="run-progress"),
    path("runs/<int:run_id>/download/", views.run_download_view, name="run-download"),
    path("subscriptions/", views_subscriptions.subscriptions_view, name="subscriptions"),
    path(
        "subscriptions/<int:subscription_id>/delete/",
        views_subscriptions.subscription_delete_view,
        name="subscription-delete",
    ),
    path("evidence/", views_evidence.evidence_view, name="evidence"),
    path(
        "evidence/<int:officer_id>/<str:month>/",
        views_evidence.evidence_pack_view,
        name="evidence-pack",
    ),
    path("<slug:slug>/", views.report_view, name="report"),
    path("<slug:slug>/export/", views.export_view, name="export"),
]
