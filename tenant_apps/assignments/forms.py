"""Forms of the task note pages: they only parse; assignments.services holds the rules."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.assignments.services import MAX_TEXT


class TaskNoteForm(forms.Form):
    text = forms.CharField(
        label=_("What did you work on?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )


def day_from(raw: str | None) -> date:
    """The ``day`` query parameter (YYYY-MM-DD); today when missing, invalid or in the future."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return today
    return min(day, today)
