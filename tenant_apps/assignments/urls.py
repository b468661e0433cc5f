"""Catatan Tugasan Harian, under /notes/ in the "assignments" namespace."""

from django.urls import URLPattern, path

from tenant_apps.assignments import views

app_name = "assignments"

urlpatterns: list[URLPattern] = [
    path("", views.notes_view, name="notes"),
    path("<int:note_id>/edit/", views.note_edit_view, name="note-edit"),
    path("<int:note_id>/delete/", views.note_delete_view, name="note-delete"),
    path("officer/<int:officer_id>/", views.officer_notes_view, name="officer-notes"),
]
