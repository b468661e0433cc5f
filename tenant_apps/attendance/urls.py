"""Attendance pages on the agency host (the dashboard itself is the site's root)."""

from django.urls import path

from tenant_apps.attendance import views, views_cards

app_name = "attendance"

urlpatterns = [
    path("today/", views.today_fragment_view, name="today"),
    path("transactions/", views.my_transactions_view, name="transactions"),
    path(
        "officers/<int:officer_id>/", views.officer_transactions_view, name="officer-transactions"
    ),
    path("officers/<int:officer_id>/correct/", views.correction_view, name="correct"),
    path("settings/", views.settings_view, name="settings"),
    path("cards/", views_cards.my_cards_view, name="cards"),
    path("cards/officer/<int:officer_id>/", views_cards.officer_cards_view, name="officer-cards"),
    path(
        "cards/officer/<int:officer_id>/set/",
        views_cards.card_override_view,
        name="card-override",
    ),
]
