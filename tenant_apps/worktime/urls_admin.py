"""The org admin's working-time pages, under /worktime/ in the "worktime" namespace."""

from django.urls import URLPattern, path

from tenant_apps.worktime.views import holidays, policies, rosters, settings, simulate

urlpatterns: list[URLPattern] = [
    path("simulate/", simulate.simulate_view, name="simulate"),
    path("policies/", policies.policy_list_view, name="policy-list"),
    path("policies/new/", policies.policy_create_view, name="policy-create"),
    path(
        "policies/<int:policy_id>/version/",
        policies.policy_version_create_view,
        name="policy-version-create",
    ),
    path("policies/assign/", policies.policy_assign_view, name="policy-assign"),
    path("holidays/", holidays.holiday_list_view, name="holiday-list"),
    path("holidays/add/", holidays.holiday_add_view, name="holiday-add"),
    path("holidays/<int:holiday_id>/toggle/", holidays.holiday_toggle_view, name="holiday-toggle"),
    path("rosters/", rosters.roster_list_view, name="roster-list"),
    path("rosters/new/", rosters.roster_create_view, name="roster-create"),
    path("rosters/<int:roster_id>/", rosters.roster_detail_view, name="roster-detail"),
    path("rosters/<int:roster_id>/edit/", rosters.roster_update_view, name="roster-update"),
    path("rosters/<int:roster_id>/assign/", rosters.roster_assign_view, name="roster-assign"),
    path("settings/", settings.settings_view, name="settings"),
]
