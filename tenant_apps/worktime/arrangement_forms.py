"""Forms of the arrangement pages. They only parse: the rules live in arrangement_services, whose
refusals are shown on the field they concern (``ERROR_FIELDS``)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.worktime.models import Arrangement

Kind = Arrangement.Kind

# The field a service refusal belongs to; anything else is shown above the form.
ERROR_FIELDS: dict[str, str] = {
    "kind": "kind",
    "dates_order": "ends_on",
    "too_far_back": "starts_on",
    "scope": "scope",
    "scope_bdr_only": "scope",
    "delivery_missing": "expected_delivery",
    "pregnancy_end": "ends_on",
    "pregnancy_too_early": "starts_on",
    "ramadan_too_long": "ends_on",
    "note_required": "note",
}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=Kind.choices)
    starts_on = forms.DateField(label=_("From"), initial=timezone.localdate, widget=_date_input())
    ends_on = forms.DateField(label=_("Until"), initial=timezone.localdate, widget=_date_input())
    scope = forms.ChoiceField(
        label=_("Part of the day"),
        choices=Arrangement.Scope.choices,
        initial=Arrangement.Scope.FULL,
        required=False,
        help_text=_("For BDR only: a full day, the morning or the afternoon."),
    )
    expected_delivery = forms.DateField(
        label=_("Expected delivery date"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "For pregnancy early leave only. It ends at the latest on the day before this date."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        """Fields that do not apply to the chosen kind are dropped, not refused."""
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind != Kind.BDR or not cleaned.get("scope"):
            cleaned["scope"] = Arrangement.Scope.FULL
        if kind != Kind.PREGNANCY_EARLY_LEAVE:
            cleaned["expected_delivery"] = None
        cleaned["reason"] = cleaned.get("reason") or ""
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a rejection."),
    )


class ApproverForm(forms.Form):
    login_id = forms.CharField(
        label=_("Login ID"),
        max_length=20,
        help_text=_("The MyKad or passport number of an active user of this agency."),
    )

    def clean_login_id(self) -> User:
        raw = re.sub(r"[\s-]", "", self.cleaned_data["login_id"]).upper()
        user = User.objects.filter(login_id=raw, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active user of this agency has this login ID."), code="unknown_user"
            )
        return user
