from django.urls import path

from shared_apps.directory import views

app_name = "directory"

urlpatterns = [
    path("find/", views.find_view, name="find"),
]
