"""Utama: the agency's home after login. For an officer it is the seed's "Paparan Dashboard
Pegawai": today's times and verdict with the punch buttons, today's task notes and movements,
and this year's months; every role also finds its links here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import user_role_labels
from tenant_apps.assignments.selectors import task_notes_of_day
from tenant_apps.attendance.selectors import attendance_settings, year_strip
from tenant_apps.attendance.views import today_context
from tenant_apps.attendance_issues.selectors import open_issues_of
from tenant_apps.movements.selectors import has_team, movements_of_day
from tenant_apps.people.selectors import actor_officer, executive_unit_ids, is_org_admin
from tenant_apps.worktime.models import CardColour

MONTH_NAMES = [
    gettext_lazy("Jan"),
    gettext_lazy("Feb"),
    gettext_lazy("Mar"),
    gettext_lazy("Apr"),
    gettext_lazy("May"),
    gettext_lazy("Jun"),
    gettext_lazy("Jul"),
    gettext_lazy("Aug"),
    gettext_lazy("Sep"),
    gettext_lazy("Oct"),
    gettext_lazy("Nov"),
    gettext_lazy("Dec"),
]


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    officer = actor_officer(user)
    context: dict[str, Any] = {"roles": user_role_labels(user=user), "officer": officer}
    if officer is not None:
        today = timezone.localdate()
        context |= today_context(officer)
        context["notes"] = task_notes_of_day(officer, today)
        context["open_issues"] = open_issues_of(officer)
        context["movements"] = movements_of_day(officer, today)
        cards = dict(
            CardColour.objects.filter(officer=officer, month__year=today.year).values_list(
                "month__month", "colour"
            )
        )
        context["strip"] = [
            (MONTH_NAMES[summary.month - 1], summary, cards.get(summary.month))
            for summary in year_strip(officer, today.year, today)
        ]
        context["settings"] = attendance_settings()
    context["is_org_admin"] = is_org_admin(user)
    context["has_team"] = has_team(user)
    context["sees_units"] = context["is_org_admin"] or bool(executive_unit_ids(user))
    return render(request, "dashboard/home.html", context)
