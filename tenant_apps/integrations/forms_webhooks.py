"""Forms of the webhook pages. They only parse; the rules (URL checks, known events) live in
tenant_apps.integrations.webhook_services, whose refusals are shown on the field they concern."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.integrations.models.webhooks import Event


def error_field(code: str) -> str | None:
    """The form field a service refusal belongs to (None: above the form)."""
    if code.startswith("webhook_url"):
        return "url"
    if code.startswith("webhook_event"):
        return "events"
    return None


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        widget=forms.URLInput(
            attrs={"placeholder": "https://example.gov.my/spotme-hook", "autocomplete": "off"}
        ),
        help_text=_(
            "Where each event is sent as a signed HTTPS POST. Public https:// addresses only; "
            "no user name or password in it."
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
