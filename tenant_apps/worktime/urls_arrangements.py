"""Requests for BDR, pregnancy early leave and the Ramadan rest, under /worktime/requests/ in the
"worktime" namespace."""

from django.urls import URLPattern, path

from tenant_apps.worktime.views import arrangements

urlpatterns: list[URLPattern] = [
    path("", arrangements.request_list_view, name="request-list"),
    path("approvals/", arrangements.approvals_view, name="approvals"),
    path("approvers/", arrangements.approvers_view, name="approvers"),
    path(
        "approvers/<int:user_id>/remove/",
        arrangements.approver_remove_view,
        name="approver-remove",
    ),
    path("<int:arrangement_id>/", arrangements.request_detail_view, name="request-detail"),
    path("<int:arrangement_id>/decide/", arrangements.request_decide_view, name="request-decide"),
    path("<int:arrangement_id>/cancel/", arrangements.request_cancel_view, name="request-cancel"),
]
