from django.urls import path

from tenant_apps.people.views import delegation, officers, units

urlpatterns = [
    path("units/", units.unit_tree_view, name="unit-tree"),
    path("units/<int:unit_id>/", units.unit_detail_view, name="unit-detail"),
    path(
        "units/<int:unit_id>/revoke/<int:user_id>/",
        units.unit_revoke_view,
        name="unit-revoke",
    ),
    path("units/<int:unit_id>/<slug:action>/", units.unit_action_view, name="unit-action"),
    path("delegation/", delegation.delegation_view, name="delegation"),
    path("officers/", officers.officer_list_view, name="officer-list"),
    path("officers/new/", officers.officer_create_view, name="officer-create"),
    path("officers/<int:officer_id>/", officers.officer_detail_view, name="officer-detail"),
    path(
        "officers/<int:officer_id>/acting/<int:acting_id>/end/",
        officers.acting_end_view,
        name="acting-end",
    ),
    path(
        "officers/<int:officer_id>/<slug:action>/",
        officers.officer_action_view,
        name="officer-action",
    ),
]
