"""Catatan Tugasan Harian and Papan Tugasan, under /notes/ in the "assignments" namespace."""

from django.urls import URLPattern, path

from tenant_apps.assignments import task_views, views

app_name = "assignments"

urlpatterns: list[URLPattern] = [
    path("", views.notes_view, name="notes"),
    path("<int:note_id>/edit/", views.note_edit_view, name="note-edit"),
    path("<int:note_id>/delete/", views.note_delete_view, name="note-delete"),
    path("officer/<int:officer_id>/", views.officer_notes_view, name="officer-notes"),
    path("tasks/", task_views.task_board_view, name="task-board"),
    path("tasks/list/", task_views.task_list_view, name="task-list"),
    path("tasks/new/", task_views.task_create_view, name="task-create"),
    path("tasks/<int:task_id>/", task_views.task_detail_view, name="task-detail"),
    path("tasks/<int:task_id>/edit/", task_views.task_edit_view, name="task-edit"),
    path("tasks/<int:task_id>/progress/", task_views.task_progress_view, name="task-progress"),
    path("tasks/<int:task_id>/cancel/", task_views.task_cancel_view, name="task-cancel"),
]
