"""Paparan Dashboard Penyelia: the supervisor's board, an officer's day and the year grid."""

from django.urls import path

from tenant_apps.dashboard import views_supervisor as views

app_name = "supervision"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("board/rows/", views.board_rows_view, name="board-rows"),
    path("officers/<int:officer_id>/", views.officer_day_view, name="officer-day"),
    path("year/", views.year_view, name="year"),
]
