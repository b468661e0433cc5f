"""API v1 routes that exist on every host (the public host's people are JDN operators)."""

from django.urls import path

from accounts import api as accounts_api

urlpatterns = [
    path("auth/token", accounts_api.TokenApi.as_view(), name="api-auth-token"),
    path("me", accounts_api.MeApi.as_view(), name="api-me"),
    path("me/activity", accounts_api.MyActivityListApi.as_view(), name="api-me-activity"),
]
