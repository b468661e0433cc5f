from django.urls import include, path

app_name = "worktime"

urlpatterns = [
    path("", include("tenant_apps.worktime.urls_admin")),
    path("requests/", include("tenant_apps.worktime.urls_arrangements")),
]
