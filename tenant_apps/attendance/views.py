"""Attendance pages: the officer's dashboard (the first screen), today's fragment the check-in
script refreshes, Transaksi Kehadiran (one's own punches, and an officer's for their supervisors
and the org admin, who adds correction punches there), and the agency's attendance settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tenant_apps.attendance.days import PolicyOn, day_window, duty_day_of, punches_of_day
from tenant_apps.attendance.models import AttendanceEvent, AttendanceSettings
from tenant_apps.attendance.selectors import (
    attendance_settings,
    day_of,
    punches_of_month,
)
from tenant_apps.attendance.services import (
    SETTINGS_FIELDS,
    AttendanceError,
    attendance_settings_update,
    punch_correct,
)
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import actor_officer, is_org_admin, officer_list_visible_to
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.months import next_month, previous_month


def today_context(officer: Officer) -> dict[str, Any]:
    policy_on = PolicyOn(officer)
    duty_day = duty_day_of(officer, timezone.now(), policy_on)
    bounds = day_window(duty_day, policy_on(duty_day))
    return {
        "officer": officer,
        "duty_day": duty_day,
        "day": day_of(officer, duty_day),
        "punches": punches_of_day(officer, duty_day, policy_on, bounds),
    }


@login_required
def today_fragment_view(request: HttpRequest) -> HttpResponse:
    officer = actor_officer(request_user(request))
    if officer is None:
        raise Http404
    return render(request, "attendance/_today.html", today_context(officer))


def _month(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


def _month_nav(year: int, month: int) -> dict[str, str]:
    first = date(year, month, 1)
    return {
        "month_value": f"{first:%Y-%m}",
        "previous_month": f"{previous_month(first):%Y-%m}",
        "next_month": f"{next_month(first):%Y-%m}",
    }


def _transactions(request: HttpRequest, officer: Officer) -> dict[str, Any]:
    year, month = _month(request)
    page = Paginator(punches_of_month(officer, year, month), 50).get_page(request.GET.get("page"))
    return {"officer": officer, "page": page, **_month_nav(year, month)}


@login_required
def my_transactions_view(request: HttpRequest) -> HttpResponse:
    """Transaksi Kehadiran: one's own punches, by month."""
    officer = actor_officer(request_user(request))
    if officer is None:
        raise Http404
    context = _transactions(request, officer) | {"own": True}
    return render(request, "attendance/transactions.html", context)


def _officers_in_reach(request: HttpRequest) -> QuerySet[Officer]:
    """The org admin, the officer's supervisors (acting ones too) and executives of the units
    granted to them; the officer themself reads the same list at /attendance/transactions/."""
    return officer_list_visible_to(actor=request_user(request))


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            (AttendanceEvent.Kind.IN, gettext_lazy("Check in")),
            (AttendanceEvent.Kind.OUT, gettext_lazy("Check out")),
        ],
    )
    at = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


@login_required
def officer_transactions_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    """An officer's punches with their evidence, for those who may see the officer (anyone else:
    404). The org admin adds correction punches here."""
    officer = visible_or_404(_officers_in_reach(request), officer_id)
    context = _transactions(request, officer) | {"own": False}
    if is_org_admin(request_user(request)):
        context["form"] = CorrectionForm()
    return render(request, "attendance/transactions.html", context)


@org_admin_required
@require_POST
def correction_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = visible_or_404(Officer.objects.select_related("user"), officer_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        at: datetime = form.cleaned_data["at"]
        if timezone.is_naive(at):
            at = timezone.make_aware(at, MALAYSIA)
        try:
            punch_correct(
                officer=officer,
                kind=form.cleaned_data["kind"],
                at=at,
                reason=form.cleaned_data["reason"],
                actor=request_user(request),
            )
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The correction punch was added."))
            return redirect("attendance:officer-transactions", officer_id=officer.pk)
    context = _transactions(request, officer) | {"own": False, "form": form}
    return render(request, "attendance/transactions.html", context, status=400)


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AttendanceSettings
        fields = list(SETTINGS_FIELDS)


@org_admin_required
def settings_view(request: HttpRequest) -> HttpResponse:
    """Tetapan Kehadiran: how punches are judged (never refused for their evidence)."""
    row = attendance_settings()
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST":
        if form.is_valid():
            attendance_settings_update(actor=request_user(request), values=form.cleaned_data)
            messages.success(request, _("Attendance settings saved."))
            return redirect("attendance:settings")
        return render(request, "attendance/settings.html", {"form": form}, status=400)
    return render(request, "attendance/settings.html", {"form": form})
