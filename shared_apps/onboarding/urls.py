from django.urls import path

from shared_apps.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("apply/", views.apply_view, name="apply"),
    path("apply/submitted/<str:reference>/", views.submitted_view, name="submitted"),
    path("apply/status/", views.status_view, name="status"),
    path("apply/subdomain-check/", views.subdomain_check_view, name="subdomain_check"),
]
