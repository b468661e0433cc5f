"""Forms of the org admin's working-time pages. They parse; the rules live in
tenant_apps.worktime.policy_services, whose refusals ``add_refusal`` puts on the field concerned."""

from __future__ import annotations

import re
from datetime import time
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.worktime.models import WorkPolicy
from tenant_apps.worktime.policy_services import PolicyData, WorktimeAdminError
from tenant_apps.worktime.selectors import CARD_CATEGORIES

if TYPE_CHECKING:
    _PolicyChoiceBase = forms.ModelChoiceField[WorkPolicy]
    _UnitChoiceBase = forms.ModelChoiceField[OrgUnit]
else:  # Django's form fields are not subscriptable at run time
    _PolicyChoiceBase = _UnitChoiceBase = forms.ModelChoiceField


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, widget=widget, **kwargs)


def _time_field(label: Any, **kwargs: Any) -> forms.TimeField:
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    return forms.TimeField(label=label, widget=widget, required=False, **kwargs)


def _minutes_field(label: Any, initial: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, initial=initial, required=False)


class PolicyChoiceField(_PolicyChoiceBase):
    def label_from_instance(self, obj: WorkPolicy) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class UnitChoiceField(_UnitChoiceBase):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name


class OfficerLoginField(forms.CharField):
    """An officer named by login ID (MyKad or passport); cleans to the Officer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Officer's login ID"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("MyKad or passport number."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Officer:
        raw = (super().clean(value) or "").strip()
        key = re.sub(r"[\s-]", "", raw).upper()
        officer = Officer.objects.select_related("user").filter(user__login_id=key).first()
        if officer is None:
            raise forms.ValidationError(
                _("No officer of this agency has the login ID %(id)s."),
                code="unknown_officer",
                params={"id": raw},
            )
        return officer


# Which fields each kind needs; the others are ignored (the page groups them by kind).
REQUIRED_BY_KIND = {
    WorkPolicy.Kind.WBF: ("check_in_start", "check_in_end", "span_minutes"),
    WorkPolicy.Kind.FIXED: ("start_time", "end_time"),
    WorkPolicy.Kind.SHIFT: ("start_time", "end_time"),
}


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=WorkPolicy.Kind.choices,
        widget=forms.RadioSelect,
        initial=WorkPolicy.Kind.WBF,
    )
    effective_from = _date_field(_("In force from"), initial=timezone.localdate)
    is_default = forms.BooleanField(
        label=_("The agency's default policy"),
        required=False,
        help_text=_("For officers without a policy of their own, a roster or a unit policy."),
    )
    check_in_start = _time_field(_("Check-in window opens"), initial=time(7, 30))
    check_in_end = _time_field(_("Check-in window closes"), initial=time(9, 0))
    span_minutes = _minutes_field(_("Daily span (minutes, rest included)"), 540)
    short_day_span_minutes = _minutes_field(_("Short Thursday span (minutes)"), 450)
    start_time = _time_field(_("Starts"))
    end_time = _time_field(_("Ends"), help_text=_("A shift may end the next morning."))
    day_split = _time_field(
        _("Day split"),
        help_text=_("Shifts: check-outs before this time the next day belong to the shift."),
    )
    rest_minutes = _minutes_field(_("Rest (minutes)"), 60)
    grace_minutes = _minutes_field(_("Grace (minutes)"), 0)

    def __init__(self, *args: Any, family: WorkPolicy | None = None, **kwargs: Any) -> None:
        if family is not None:
            kwargs.setdefault("initial", self.initial_of(family))
        super().__init__(*args, **kwargs)
        if family is not None:
            # A new version keeps the family's name.
            self.fields["name"].required = False
            self.fields["name"].disabled = True

    @staticmethod
    def initial_of(policy: WorkPolicy) -> dict[str, Any]:
        fields = [f for f in PolicyForm.base_fields if f != "effective_from"]
        return {field: getattr(policy, field) for field in fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in REQUIRED_BY_KIND.get(data.get("kind", ""), ()):
            if data.get(field) is None and field not in self.errors:
                self.add_error(field, forms.ValidationError(_("Needed for this kind of policy.")))
        return data

    def policy_data(self) -> PolicyData:
        data = self.cleaned_data
        numbers = {
            f: data[f] if data.get(f) is not None else PolicyForm.base_fields[f].initial
            for f in ("span_minutes", "short_day_span_minutes", "rest_minutes", "grace_minutes")
        }
        window = {
            f: data.get(f) or PolicyForm.base_fields[f].initial
            for f in ("check_in_start", "check_in_end")
        }
        return PolicyData(
            name=data.get("name") or "",
            kind=data["kind"],
            effective_from=data["effective_from"],
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            day_split=data.get("day_split"),
            is_default=data.get("is_default", False),
            **numbers,
            **window,
        )


class PolicyUnitAssignForm(forms.Form):
    policy = PolicyChoiceField(label=_("Policy"), queryset=WorkPolicy.objects.none())
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    effective_from = _date_field(_("From"), initial=timezone.localdate)

    def __init__(self, *args: Any, policies: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PolicyOfficerAssignForm(forms.Form):
    policy = PolicyChoiceField(label=_("Policy"), queryset=WorkPolicy.objects.none())
    officer = OfficerLoginField()
    effective_from = _date_field(_("From"), initial=timezone.localdate)

    def __init__(self, *args: Any, policies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies  # type: ignore[attr-defined]


class HolidayForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=180)
    date = _date_field(_("Date"))
    replacement = forms.BooleanField(
        label=_("Replacement day (cuti ganti)"),
        required=False,
        help_text=_("Marked in the name; a replacement for a holiday on a weekend."),
    )


PATTERN_HELP = _(
    "One entry per day of the cycle, separated by commas: a policy number from the list, or R "
    "for a rest day. Example: 3,3,4,4,R,R"
)


class RosterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    anchor = _date_field(_("First day of the cycle"), initial=timezone.localdate)
    pattern = forms.CharField(label=_("Cycle"), max_length=500, help_text=PATTERN_HELP)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_pattern(self) -> list[int | None]:
        entries: list[int | None] = []
        for token in self.cleaned_data["pattern"].replace(" ", "").split(","):
            if token.upper() in {"R", "-"}:
                entries.append(None)
            elif token.isdigit():
                entries.append(int(token))
            else:
                raise forms.ValidationError(
                    _("%(entry)s is neither a policy number nor R."),
                    code="pattern_entry",
                    params={"entry": token or "''"},
                )
        return entries

    @staticmethod
    def pattern_text(pattern: list[int | None]) -> str:
        return ",".join("R" if entry is None else str(entry) for entry in pattern)


class RosterAssignForm(forms.Form):
    officer = OfficerLoginField()
    effective_from = _date_field(_("From"), initial=timezone.localdate)


CATEGORY_LABELS = {
    "LATE_IN": _("Late check-in"),
    "EARLY_OUT": _("Early check-out"),
    "INCOMPLETE": _("Incomplete day (a punch missing)"),
}


class SettingsForm(forms.Form):
    yellow_to_green = forms.IntegerField(label=_("Exceptions in a month: yellow card to green"))
    green_to_red = forms.IntegerField(label=_("Exceptions in a month: green card to red"))
    counted_categories = forms.MultipleChoiceField(
        label=_("Exceptions counted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, CATEGORY_LABELS[code]) for code in CARD_CATEGORIES],
    )
    evaluation_day = forms.IntegerField(
        label=_("Day of the month the cards are evaluated"), help_text=_("From 1 to 28.")
    )


# The field each refusal concerns; the others go on top of the form.
FIELD_OF_CODE = {
    "policy_name": "name",
    "name_taken": "name",
    "policy_kind": "kind",
    "grace_range": "grace_minutes",
    "span_range": "span_minutes",
    "short_day_span": "short_day_span_minutes",
    "rest_range": "rest_minutes",
    "wbf_window": "check_in_start",
    "times_required": "start_time",
    "fixed_order": "end_time",
    "shift_times": "end_time",
    "day_split": "day_split",
    "version_past": "effective_from",
    "version_order": "effective_from",
    "default_taken": "is_default",
    "assignment_order": "effective_from",
    "unit_inactive": "unit",
    "officer_inactive": "officer",
    "roster_name": "name",
    "pattern_length": "pattern",
    "pattern_policy": "pattern",
    "holiday_name": "name",
    "holiday_exists": "date",
    "threshold_range": "yellow_to_green",
    "categories": "counted_categories",
    "evaluation_day": "evaluation_day",
}


def add_refusal(form: forms.Form, error: WorktimeAdminError) -> None:
    field = FIELD_OF_CODE.get(error.code)
    form.add_error(field if field in form.fields else None, error.message)
