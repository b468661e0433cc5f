"""The report filter: a period (this month, last month or any dates up to 12 months), a unit
and an officer chosen among those the user may report on, a category when the report uses one,
and the format. A unit or officer id outside the user's scope is not a form error but a 404
(``scope.narrowed``): ids cannot be probed."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.reports.models import Format
from tenant_apps.reports.scope import Scope
from tenant_apps.reports.table import ReportSpec

MAX_MONTHS = 12
# Above this many officers in scope the officer filter is a MyKad box, not a list.
OFFICER_SELECT_LIMIT = 500

CATEGORY_CHOICES = [
    ("LATE_IN", _("Late in")),
    ("EARLY_OUT", _("Early out")),
    ("INCOMPLETE", _("Incomplete")),
    ("ABSENT", _("Absent")),
    ("EXTERNAL", _("Outside the office")),
]


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def latest_end(start: date) -> date:
    """The last day a period starting on ``start`` may reach: 12 months, not more."""
    return add_months(start, MAX_MONTHS) - timedelta(days=1)


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            ("this_month", _("This month")),
            ("last_month", _("Last month")),
            ("custom", _("Other dates")),
        ],
        initial="last_month",
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.IntegerField(label=_("Unit (and the units below it)"), required=False)
    officer = forms.CharField(label=_("Officer"), required=False, max_length=20)
    category = forms.ChoiceField(
        label=_("Exception"),
        required=False,
        choices=[("", _("Every exception")), *CATEGORY_CHOICES],
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=Format.choices, initial=Format.HTML
    )

    def __init__(self, *args: Any, spec: ReportSpec, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.scope = scope
        self._unit_field(scope)
        self._officer_field(scope, required=spec.needs_officer)
        if not spec.uses_category:
            del self.fields["category"]

    def _unit_field(self, scope: Scope) -> None:
        units = OrgUnit.objects.order_by("name")
        if scope.unit_ids is not None:
            units = units.filter(pk__in=scope.unit_ids)
        choices = list(units.values_list("pk", "name"))
        if not choices:
            del self.fields["unit"]  # a supervisor: their officers, whatever their unit
            return
        self.fields["unit"].widget = forms.Select(
            choices=[("", _("Every unit in your reach")), *choices]
        )

    def _officer_field(self, scope: Scope, *, required: bool) -> None:
        field = self.fields["officer"]
        field.required = required
        self.officer_by_mykad = len(scope.officer_ids) > OFFICER_SELECT_LIMIT
        if self.officer_by_mykad:
            field.label = _("Officer (MyKad number)")
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            return
        officers = (
            Officer.objects.filter(pk__in=scope.officer_ids)
            .order_by("user__full_name", "pk")
            .values_list("pk", "user__full_name", "org_unit__name")
        )
        choices = [(str(pk), f"{name} · {unit}") for pk, name, unit in officers]
        field.widget = forms.Select(choices=[("", _("Every officer")), *choices])

    def clean_officer(self) -> int | None:
        raw = (self.cleaned_data.get("officer") or "").strip()
        if not raw:
            return None
        if not self.officer_by_mykad:
            if not raw.isdigit():
                raise forms.ValidationError(_("Choose an officer from the list."))
            return int(raw)
        login_id = raw.replace("-", "").replace(" ", "")
        found = (
            Officer.objects.filter(pk__in=self.scope.officer_ids, user__login_id=login_id)
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise forms.ValidationError(_("No officer in your reach has this MyKad number."))
        return int(found)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        today = timezone.localdate()
        period = data.get("period")
        if period == "this_month":
            data["start"], data["end"] = month_bounds(today)
        elif period == "last_month":
            data["start"], data["end"] = month_bounds(today.replace(day=1) - timedelta(days=1))
        elif period == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Give the first day of the period."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Give the last day of the period."))
            if start is not None and end is not None:
                if end < start:
                    self.add_error("end", _("The period cannot end before it starts."))
                elif end > latest_end(start):
                    self.add_error(
                        "end",
                        _("A report covers at most 12 months: end on %(day)s at the latest.")
                        % {"day": latest_end(start).strftime("%d/%m/%Y")},
                    )
        return data

    def values(self) -> dict[str, Any]:
        """The filter as JSON (kept on a report run)."""
        data = self.cleaned_data
        return {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "unit": data.get("unit"),
            "officer": data.get("officer"),
            "category": data.get("category") or None,
        }
