from django.urls import path

from accounts import invitation_views, password_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", password_views.password_reset_view, name="password_reset"),
    path(
        "password/reset/sent/",
        password_views.password_reset_sent_view,
        name="password_reset_sent",
    ),
    path(
        "password/reset/<str:token>/",
        password_views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("account/activity/", views.activity_view, name="activity"),
    path("invitation/<str:token>/", invitation_views.invitation_view, name="invitation"),
]
