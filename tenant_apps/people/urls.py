from django.urls import include, path

app_name = "people"

urlpatterns = [
    path("", include("tenant_apps.people.urls_org")),
    path("offices/", include("tenant_apps.people.urls_offices")),
    path("import/", include("tenant_apps.people.urls_import")),
    path("accounts/", include("tenant_apps.people.urls_accounts")),
]
