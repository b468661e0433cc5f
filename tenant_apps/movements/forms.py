"""Forms of the movement pages. They only parse (a date, a from time, a to time and, for a
movement over several days, an end date, in Malaysian time); the rules live in
movements.services, whose refusals are shown on the field they concern (``ERROR_FIELDS``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import WHEN_PAST, WHEN_UPCOMING

# The field a service refusal belongs to; anything else is shown above the form.
ERROR_FIELDS: dict[str, str] = {
    "purpose_required": "purpose",
    "purpose_too_long": "purpose",
    "place_required": "place",
    "place_too_long": "place",
    "window_order": "ends_time",
    "too_far_back": "day",
    "too_far_ahead": "day",
    "too_long": "ends_day",
}


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class MovementForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("For example: a meeting, a briefing, a site visit."),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    day = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_day = forms.DateField(
        label=_("Until date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a movement that ends on a later day."),
    )

    @classmethod
    def for_movement(cls, movement: Movement, data: Any = None) -> MovementForm:
        start = timezone.localtime(movement.starts_at)
        end = timezone.localtime(movement.ends_at)
        initial = {
            "purpose": movement.purpose,
            "place": movement.place,
            "day": start.date(),
            "starts_time": start.time(),
            "ends_time": end.time(),
            "ends_day": end.date() if end.date() != start.date() else None,
        }
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        """Adds ``starts_at`` and ``ends_at``, aware datetimes in the current (Malaysian) time."""
        cleaned = super().clean() or {}
        day, starts, ends = cleaned.get("day"), cleaned.get("starts_time"), cleaned.get("ends_time")
        if day is not None and starts is not None and ends is not None:
            cleaned["starts_at"] = _at(day, starts)
            cleaned["ends_at"] = _at(cleaned.get("ends_day") or day, ends)
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "purpose": data["purpose"],
            "place": data["place"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }


class HistoryFilterForm(forms.Form):
    """The filters of Semak Pergerakan; anything invalid is ignored."""

    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Movement.Status.choices],
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All")), (WHEN_UPCOMING, _("Upcoming")), (WHEN_PAST, _("Past"))],
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()  # an invalid field is left out of cleaned_data, the others still apply
        data = self.cleaned_data
        return {
            "month": data.get("month"),
            "status": data.get("status") or None,
            "when": data.get("when") or None,
        }
