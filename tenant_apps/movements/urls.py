"""Pergerakan Harian, under /movements/ in the "movements" namespace."""

from django.urls import URLPattern, path

from tenant_apps.movements import views

app_name = "movements"

urlpatterns: list[URLPattern] = [
    path("", views.history_view, name="history"),
    path("new/", views.create_view, name="create"),
    path("team/", views.team_view, name="team"),
    path("<int:movement_id>/", views.detail_view, name="detail"),
    path("<int:movement_id>/edit/", views.edit_view, name="edit"),
    path("<int:movement_id>/cancel/", views.cancel_view, name="cancel"),
    path("<int:movement_id>/acknowledge/", views.acknowledge_view, name="acknowledge"),
]
