from django.urls import path

from accounts import invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/activity/", views.activity_view, name="activity"),
    path("invitation/<str:token>/", invitation_views.invitation_view, name="invitation"),
]
