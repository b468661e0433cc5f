from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the reason: the applicant reads it."),
            "min_length": _("Give a reason of at least 10 characters."),
        },
    )


class LifecycleReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Give the reason; it is kept in the audit log."),
            "min_length": _("Give a reason of at least 5 characters."),
        },
    )


class PurgeForm(forms.Form):
    short_name = forms.CharField(label=_("Type the agency's short name to confirm"), max_length=30)
