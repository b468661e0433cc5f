"""Isu Kehadiran, under /issues/ in the "attendance_issues" namespace."""

from django.urls import URLPattern, path

from tenant_apps.attendance_issues.views import admin, officer, team

app_name = "attendance_issues"

urlpatterns: list[URLPattern] = [
    path("", officer.list_view, name="list"),
    path("inbox/", team.inbox_view, name="inbox"),
    path("waiting/", team.waiting_view, name="waiting"),
    path("reasons/", admin.reasons_view, name="reasons"),
    path("reasons/<int:reason_id>/", admin.reason_edit_view, name="reason-edit"),
    path("<int:issue_id>/", officer.detail_view, name="detail"),
    path("<int:issue_id>/explain/", officer.explain_view, name="explain"),
    path("<int:issue_id>/decide/", officer.decide_view, name="decide"),
    path("<int:issue_id>/attachment/", officer.attachment_view, name="attachment"),
]
