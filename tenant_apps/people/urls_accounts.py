"""The org admin's actions on one login account, under /org/accounts/ in the "people" namespace."""

from django.urls import URLPattern, path

from tenant_apps.people.views import accounts

urlpatterns: list[URLPattern] = [
    path("<int:user_id>/", accounts.account_detail_view, name="account-detail"),
    path("<int:user_id>/invite/", accounts.account_invite_view, name="account-invite"),
    path(
        "<int:user_id>/temporary-password/",
        accounts.account_temp_password_view,
        name="account-temp-password",
    ),
    path("<int:user_id>/deactivate/", accounts.account_deactivate_view, name="account-deactivate"),
    path("<int:user_id>/activate/", accounts.account_activate_view, name="account-activate"),
]
