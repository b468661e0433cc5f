"""Forms of the task note and task board pages: they only parse; assignments.services and
assignments.task_services hold the rules (their refusals are shown on the field they concern)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.assignments.models import Task
from tenant_apps.assignments.services import MAX_TEXT
from tenant_apps.assignments.task_selectors import STATUS_OVERDUE, TaskFilters
from tenant_apps.assignments.task_services import DESCRIPTION_MAX, TITLE_MAX
from tenant_apps.people.models import Officer

# The field a task refusal belongs to; anything else is shown above the form.
TASK_ERROR_FIELDS: dict[str, str] = {
    "title_length": "title",
    "description_too_long": "description",
    "due_past": "due_date",
    "priority_invalid": "priority",
    "not_in_reach": "officer",
    "own_task": "officer",
    "officer_inactive": "officer",
    "status_invalid": "status",
    "progress_range": "progress",
    "cancel_by_supervisor": "status",
}

if TYPE_CHECKING:
    _TaskChoiceBase = forms.ModelChoiceField[Task]
    _OfficerChoiceBase = forms.ModelChoiceField[Officer]
else:  # Django's form fields are not subscriptable at run time
    _TaskChoiceBase = forms.ModelChoiceField
    _OfficerChoiceBase = forms.ModelChoiceField


class TaskChoiceField(_TaskChoiceBase):
    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.title} ({obj.due_date:%d/%m/%Y})" if obj.due_date else obj.title


class OfficerChoiceField(_OfficerChoiceBase):
    def label_from_instance(self, obj: Officer) -> str:
        return obj.user.full_name


class TaskNoteForm(forms.Form):
    text = forms.CharField(
        label=_("What did you work on?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )
    task = TaskChoiceField(
        label=_("Task (optional)"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("No task"),
        help_text=_("Link the note to one of your open tasks on the task board."),
    )

    def __init__(self, *args: Any, tasks: QuerySet[Task] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["task"]
        assert isinstance(field, TaskChoiceField)
        field.queryset = tasks if tasks is not None else Task.objects.none()


def day_from(raw: str | None) -> date:
    """The ``day`` query parameter (YYYY-MM-DD); today when missing, invalid or in the future."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return today
    return min(day, today)


class TaskForm(forms.Form):
    """Assign a task (with ``officers``) or change one (without: the officer stays)."""

    officer = OfficerChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": TITLE_MAX}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": DESCRIPTION_MAX}),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Task.Priority.choices, initial=Task.Priority.NORMAL
    )

    def __init__(
        self, *args: Any, officers: QuerySet[Officer] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if officers is None:
            del self.fields["officer"]
        else:
            field = self.fields["officer"]
            assert isinstance(field, OfficerChoiceField)
            field.queryset = officers
        self.fields["due_date"].widget.attrs["min"] = timezone.localdate().isoformat()

    @classmethod
    def for_task(cls, task: Task, data: Any = None) -> TaskForm:
        initial = {
            "title": task.title,
            "description": task.description,
            "due_date": task.due_date,
            "priority": task.priority,
        }
        return cls(data, initial=initial)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "due_date": data.get("due_date"),
            "priority": data["priority"],
        }


class TaskProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Task.Status.TODO, Task.Status.TODO.label),
            (Task.Status.IN_PROGRESS, Task.Status.IN_PROGRESS.label),
            (Task.Status.DONE, Task.Status.DONE.label),
        ],
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )


class TaskFilterForm(forms.Form):
    officer = OfficerChoiceField(
        label=_("Officer"),
        queryset=Officer.objects.none(),
        required=False,
        empty_label=_("All officers"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Task.Status.choices, (STATUS_OVERDUE, _("Overdue"))],
    )
    mine = forms.BooleanField(label=_("My own tasks"), required=False)

    def __init__(self, *args: Any, officers: QuerySet[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, OfficerChoiceField)
        field.queryset = officers

    def filters(self) -> TaskFilters:
        """What the page asked for; a value that does not parse (or an officer outside the
        list) is ignored."""
        if not self.is_valid():
            cleaned = {
                key: value for key, value in self.cleaned_data.items() if key not in self.errors
            }
        else:
            cleaned = self.cleaned_data
        officer = cleaned.get("officer")
        return TaskFilters(
            officer_id=officer.pk if officer is not None else None,
            status=cleaned.get("status") or None,
            mine=bool(cleaned.get("mine")),
        )
