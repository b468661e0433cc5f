"""The form that makes an API key (org admin)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.integrations.api_keys import DEFAULT_LIFETIME, MAX_LIFETIME, RATE_LIMIT_MAX
from tenant_apps.integrations.models.api import Scope

# The service refusal each field shows; anything else goes above the form.
ERROR_FIELDS: dict[str, str] = {
    "api_key_name_required": "name",
    "api_key_name_too_long": "name",
    "api_key_scopes_required": "scopes",
    "api_key_scope_unknown": "scopes",
    "api_key_expiry_past": "expires_on",
    "api_key_expiry_too_far": "expires_on",
    "api_key_rate_invalid": "rate_limit_per_minute",
}


def expiry_end_of(day: date) -> datetime:
    """A key expiring "on" a day works until the end of that day (Malaysian time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the key, e.g. 'HR system (payroll)'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most two years from today. The key stops working after this day."),
    )
    rate_limit_per_minute = forms.IntegerField(
        label=_("Calls allowed per minute"),
        min_value=1,
        max_value=RATE_LIMIT_MAX,
        initial=120,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        expires = self.fields["expires_on"]
        expires.initial = today + DEFAULT_LIFETIME
        expires.widget.attrs.update(
            {
                "min": (today + timedelta(days=1)).isoformat(),
                "max": (today + MAX_LIFETIME - timedelta(days=1)).isoformat(),
            }
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "scopes": data["scopes"],
            "expires_at": expiry_end_of(data["expires_on"]),
            "rate_limit_per_minute": data["rate_limit_per_minute"],
        }
