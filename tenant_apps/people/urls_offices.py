"""Office locations and home locations (BDR), under /org/offices/ in the "people" namespace."""

from django.urls import URLPattern, path

from tenant_apps.people.views import offices

urlpatterns: list[URLPattern] = [
    path("", offices.office_list_view, name="office-list"),
    path("new/", offices.office_create_view, name="office-create"),
    path("<int:office_id>/", offices.office_detail_view, name="office-detail"),
    path("<int:office_id>/edit/", offices.office_edit_view, name="office-edit"),
    path(
        "<int:office_id>/deactivate/",
        offices.office_active_view,
        {"active": False},
        name="office-deactivate",
    ),
    path(
        "<int:office_id>/activate/",
        offices.office_active_view,
        {"active": True},
        name="office-activate",
    ),
    path("home/mine/", offices.home_location_mine_view, name="home-location-mine"),
    path("home/<int:officer_id>/", offices.home_location_view, name="home-location"),
]
