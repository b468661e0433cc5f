"""Forms of the attendance issue pages. They only parse; the rules live in
attendance_issues.services, whose refusals are shown on the field they concern
(``ERROR_FIELDS``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
from tenant_apps.attendance_issues.selectors import active_reasons

ERROR_FIELDS: dict[str, str] = {
    "reason_required": "reason",
    "reason_inactive": "reason",
    "explanation_required": "explanation",
    "explanation_too_long": "explanation",
    "attachment_type": "attachment",
    "attachment_empty": "attachment",
    "attachment_too_big": "attachment",
    "comment_required": "comment",
    "comment_too_long": "comment",
    "code_invalid": "code",
    "code_taken": "code",
    "deadline_day_invalid": "deadline_day",
    "max_kb_invalid": "attachment_max_kb",
}

ACCEPT = "accept"
REJECT = "reject"


def reason_label(reason: IssueReason) -> str:
    """The reason in the page's language."""
    return reason.label_ms if get_language() == "ms" else reason.label_en


class ReasonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return reason_label(obj)


class ExplainForm(forms.Form):
    reason = ReasonChoiceField(
        label=_("Reason"), queryset=IssueReason.objects.none(), empty_label=_("Choose a reason")
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text=_("Required for the reason Other. At most 2000 characters."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )

    def __init__(self, *args: Any, max_kb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        assert isinstance(field, ReasonChoiceField)
        field.queryset = active_reasons()
        self.fields["attachment"].help_text = _(
            "A PDF, PNG or JPEG file of at most %(kb)s KB, such as a letter or a receipt."
        ) % {"kb": max_kb}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (REJECT, _("Reject"))])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        help_text=_("Required when rejecting (at least 5 characters)."),
    )

    @property
    def accept(self) -> bool:
        return bool(self.cleaned_data.get("decision") == ACCEPT)


class IdsField(forms.TypedMultipleChoiceField):
    """Issue ids as integers; whether each may be decided is the service's question."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class BulkDecideForm(DecideForm):
    issue = IdsField(coerce=int, required=False)


class IssueFilterForm(forms.Form):
    """The filters of Isu Kehadiran Saya; anything invalid is ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *AttendanceIssue.Status.choices],
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or None, "month": data.get("month")}


class ReasonCreateForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Capital letters, digits and underscores, such as TUGAS_LUAR."),
    )
    label_ms = forms.CharField(label=_("Label (Malay)"), max_length=150)
    label_en = forms.CharField(label=_("Label (English)"), max_length=150)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class ReasonEditForm(forms.Form):
    label_ms = forms.CharField(label=_("Label (Malay)"), max_length=150)
    label_en = forms.CharField(label=_("Label (English)"), max_length=150)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class SettingsForm(forms.Form):
    deadline_day = forms.IntegerField(
        label=_("Explanations are due by this day of the next month"),
        min_value=1,
        max_value=28,
        help_text=_("Applies to issues opened from now on."),
    )
    attachment_max_kb = forms.IntegerField(
        label=_("Largest attachment (KB)"), min_value=100, max_value=20 * 1024
    )
