"""URLs on the platform domain, served in the public schema (the control plane)."""

from django.urls import include, path

from shared_apps.portal import views as portal_views

urlpatterns = [
    path("", portal_views.landing_view, name="home"),
    path("operator/", include("provisioning.console.urls")),
    path("", include("shared_apps.onboarding.urls")),
    path("", include("shared_apps.directory.urls")),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("spotme_platform.urls_api")),
]
