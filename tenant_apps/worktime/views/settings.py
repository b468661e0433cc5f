"""The org admin's card-colour settings. Anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tenant_apps.people.access import org_admin_required, request_user
from tenant_apps.worktime.admin_forms import SettingsForm, add_refusal
from tenant_apps.worktime.models import WorktimeSettings
from tenant_apps.worktime.policy_services import WorktimeAdminError
from tenant_apps.worktime.roster_services import worktime_settings_update
from tenant_apps.worktime.selectors import worktime_settings


@org_admin_required
def settings_view(request: HttpRequest) -> HttpResponse:
    current = worktime_settings()
    if request.method != "POST":
        form = SettingsForm(
            initial={
                "yellow_to_green": current.yellow_to_green,
                "green_to_red": current.green_to_red,
                "counted_categories": current.counted_categories,
                "evaluation_day": current.evaluation_day,
            }
        )
        return _page(request, form, current)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            worktime_settings_update(actor=request_user(request), **form.cleaned_data)
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The card-colour settings have been saved."))
            return redirect("worktime:settings")
    return _page(request, form, current, status=400)


def _page(
    request: HttpRequest, form: SettingsForm, current: WorktimeSettings, status: int = 200
) -> HttpResponse:
    context = {"form": form, "current": current, "section": "settings"}
    return render(request, "worktime/settings.html", context, status=status)
