"""The org admin's holiday calendar by year: the package's holidays, switchable, and the
agency's own days off. Anyone else gets 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.worktime.admin_forms import HolidayForm, add_refusal
from tenant_apps.worktime.models import PublicHoliday
from tenant_apps.worktime.policy_services import WorktimeAdminError
from tenant_apps.worktime.roster_services import holiday_add, holiday_toggle
from tenant_apps.worktime.selectors import holiday_list, holidays_between

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(raw: str | None) -> int:
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _list_page(
    request: HttpRequest, year: int, form: HolidayForm | None = None, status: int = 200
) -> HttpResponse:
    rows = list(holiday_list(year))
    in_force = holidays_between(date(year, 1, 1), date(year, 12, 31))
    agency_days = {h.date for h in rows if h.is_active and h.source == PublicHoliday.Source.AGENCY}
    # A package holiday on a date where the agency has its own is not the day's holiday.
    overridden = {
        h.pk
        for h in rows
        if h.is_active and h.source == PublicHoliday.Source.PACKAGE and h.date in agency_days
    }
    context = {
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "holidays": rows,
        "overridden": overridden,
        "days_off": len(in_force),
        "form": form or HolidayForm(),
        "section": "holidays",
    }
    return render(request, "worktime/holiday_list.html", context, status=status)


def _back_to(year: int) -> HttpResponse:
    return redirect(f"{reverse('worktime:holiday-list')}?year={year}")


@org_admin_required
def holiday_list_view(request: HttpRequest) -> HttpResponse:
    return _list_page(request, _year(request.GET.get("year")))


@org_admin_required
@require_POST
def holiday_add_view(request: HttpRequest) -> HttpResponse:
    form = HolidayForm(request.POST)
    year = _year(request.POST.get("year"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            holiday = holiday_add(
                actor=request_user(request),
                day=data["date"],
                name=data["name"],
                replacement=data["replacement"],
            )
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": holiday.name})
            return _back_to(holiday.date.year)
    return _list_page(request, year, form, status=400)


@org_admin_required
@require_POST
def holiday_toggle_view(request: HttpRequest, holiday_id: int) -> HttpResponse:
    holiday = visible_or_404(PublicHoliday.objects.all(), holiday_id)
    active = request.POST.get("active") == "1"
    holiday_toggle(actor=request_user(request), holiday=holiday, active=active)
    if active:
        messages.success(request, _("%(name)s is a day off again.") % {"name": holiday.name})
    else:
        messages.success(request, _("%(name)s is now a working day.") % {"name": holiday.name})
    return _back_to(holiday.date.year)
