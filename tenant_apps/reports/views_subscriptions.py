"""Langganan laporan: the user's scheduled reports (a list and a form to add one) and removing one.
Only someone with officers to report on (a supervisor, an executive, the org admin) reaches the
page; anyone else gets 404. The rules live in tenant_apps.reports.subscriptions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.people.access import request_user
from tenant_apps.people.models import OrgUnit
from tenant_apps.reports.models import ReportSubscription
from tenant_apps.reports.scope import Scope, scope_of
from tenant_apps.reports.subscriptions import (
    SubscriptionError,
    subscribable_reports,
    subscription_create,
    subscription_delete,
    subscription_list_of,
)

Frequency = ReportSubscription.Frequency

# The field a service refusal belongs to; anything else is shown above the form.
ERROR_FIELDS: dict[str, str] = {
    "report_unknown": "report",
    "report_per_officer": "report",
    "unit_out_of_reach": "unit",
    "category_unknown": "category",
    "frequency_unknown": "frequency",
    "day_of_month": "day_of_month",
    "weekday": "weekday",
}


def _unit_choices(scope: Scope) -> list[tuple[int, str]]:
    if scope.whole_agency:
        units = OrgUnit.objects.all()
    elif scope.unit_ids:
        units = OrgUnit.objects.filter(pk__in=scope.unit_ids)
    else:
        return []
    return list(units.order_by("name", "pk").values_list("pk", "name"))


class SubscriptionForm(forms.Form):
    report = forms.ChoiceField(label=gettext_lazy("Report"))
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Unit (and the units below it)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Exception"),
        required=False,
        choices=[("", gettext_lazy("All exceptions")), *AttendanceIssue.Category.choices],
        help_text=gettext_lazy("Only for the reports that list exceptions."),
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=Frequency.choices,
        initial=Frequency.MONTHLY,
        widget=forms.RadioSelect,
    )
    day_of_month = forms.IntegerField(
        label=gettext_lazy("Day of the month"),
        min_value=1,
        max_value=28,
        initial=1,
        required=False,
        help_text=gettext_lazy("Monthly: sent on this day (1–28), covering the previous month."),
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day of the week"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        initial=0,
        required=False,
        help_text=gettext_lazy("Weekly: sent on this day, covering the previous Monday–Sunday."),
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        report = self.fields["report"]
        assert isinstance(report, forms.ChoiceField)
        report.choices = [(spec.slug, spec.title) for spec in subscribable_reports()]
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)
        if units:
            unit.choices = [("", _("All the officers I may report on")), *units]
        else:
            del self.fields["unit"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "report": data["report"],
            "unit_id": data.get("unit"),
            "category": data.get("category") or None,
            "frequency": data["frequency"],
            "day_of_month": data.get("day_of_month"),
            "weekday": data.get("weekday"),
        }


@login_required
def subscriptions_view(request: HttpRequest) -> HttpResponse:
    """The list of the user's subscriptions and the form to add one (POST)."""
    actor = request_user(request)
    scope = scope_of(actor)
    rows = subscription_list_of(user=actor)
    if not scope.officer_ids and not rows:
        raise Http404
    units = _unit_choices(scope)
    form = None
    if scope.officer_ids:
        form = SubscriptionForm(request.POST or None, units=units)
        if request.method == "POST" and form.is_valid():
            try:
                subscription_create(user=actor, **form.service_arguments())
            except SubscriptionError as exc:
                form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
            else:
                messages.success(request, _("You are subscribed: the report will be e-mailed."))
                return redirect("reports:subscriptions")
    elif request.method == "POST":
        raise Http404
    titles = {spec.slug: spec.title for spec in subscribable_reports()}
    unit_names = dict(units) if units else {}
    missing = {row.params.get("unit") for row in rows} - set(unit_names) - {None}
    if missing:
        unit_names.update(OrgUnit.objects.filter(pk__in=missing).values_list("pk", "name"))
    for row in rows:
        row.title = titles.get(row.report, row.report)  # type: ignore[attr-defined]
        row.unit_name = unit_names.get(row.params.get("unit"), "")  # type: ignore[attr-defined]
        row.weekday_name = WEEKDAYS[row.weekday]  # type: ignore[attr-defined]
        category = row.params.get("category")
        row.category_name = (  # type: ignore[attr-defined]
            AttendanceIssue.Category(category).label if category else ""
        )
    context = {"form": form, "rows": rows, "has_email": bool(actor.email)}
    status = 400 if form is not None and form.errors else 200
    return render(request, "reports/subscriptions.html", context, status=status)


@login_required
@require_POST
def subscription_delete_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription_delete(user=request_user(request), subscription_id=subscription_id)
    messages.success(request, _("The subscription has been removed."))
    return redirect("reports:subscriptions")
