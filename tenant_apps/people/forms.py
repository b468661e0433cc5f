"""Forms of the org admin's pages for units and officers. Supervisors are named by login ID (MyKad
or passport), which scales to agencies of tens of thousands where a drop-down would not."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import validate_mykad
from accounts.models import User
from tenant_apps.people.models import Officer, OrgUnit

PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,20}$")


def normalise_login_id(raw: str, kind: str) -> str:
    """The stored form of a login ID: 12 digits for a MyKad, upper-case letters and digits for a
    passport; a ValidationError that says what is wrong otherwise."""
    if kind == User.LoginKind.MYKAD:
        return validate_mykad(raw)
    value = re.sub(r"[\s-]", "", raw).upper()
    if not PASSPORT_RE.match(value):
        raise forms.ValidationError(
            _("A passport number has 6 to 20 letters and digits."), code="bad_passport"
        )
    return value


if TYPE_CHECKING:
    _UnitChoiceBase = forms.ModelChoiceField[OrgUnit]
else:  # Django's form fields are not subscriptable at run time
    _UnitChoiceBase = forms.ModelChoiceField


class UnitChoiceField(_UnitChoiceBase):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, min_length=2)
    short_name = forms.CharField(label=_("Short name"), max_length=30, required=False)


class UnitMoveForm(forms.Form):
    parent = UnitChoiceField(label=_("Move under"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, UnitChoiceField)
        field.queryset = units


class SupervisorField(forms.CharField):
    """A supervisor named by login ID; cleans to the active Officer or None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text", _("MyKad or passport number of an officer of this agency; blank: none.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Officer | None:
        raw = (super().clean(value) or "").strip()
        if not raw:
            return None
        key = re.sub(r"[\s-]", "", raw).upper()
        officer = Officer.objects.select_related("user").filter(user__login_id=key).first()
        if officer is None or officer.status != Officer.Status.ACTIVE:
            raise forms.ValidationError(
                _("No active officer of this agency has the login ID %(id)s."),
                code="unknown_supervisor",
                params={"id": raw},
            )
        return officer


class OfficerDetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, min_length=3)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Officer.Gender.choices)


class OfficerCreateForm(OfficerDetailsForm):
    login_kind = forms.ChoiceField(
        label=_("Login ID kind"), choices=User.LoginKind.choices, initial=User.LoginKind.MYKAD
    )
    login_id = forms.CharField(
        label=_("MyKad or passport number"),
        max_length=20,
        help_text=_("MyKad for citizens; a passport number for officers without one."),
    )
    org_unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.filter(is_active=True))
    supervisor = SupervisorField(label=_("Supervisor (Penyelia)"))
    second_supervisor = SupervisorField(label=_("Second-level supervisor"))
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("From the MyKad")), *Officer.Gender.choices],
        required=False,
    )

    field_order = ["login_kind", "login_id", "full_name", "email", "phone", "position", "grade"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw, kind = cleaned.get("login_id"), cleaned.get("login_kind")
        if raw and kind:
            try:
                login_id = normalise_login_id(raw, kind)
            except forms.ValidationError as exc:
                self.add_error("login_id", exc)
            else:
                if User.objects.filter(login_id=login_id).exists():
                    self.add_error(
                        "login_id",
                        forms.ValidationError(
                            _("An officer with this login ID already exists."), code="login_taken"
                        ),
                    )
                cleaned["login_id"] = login_id
        return cleaned


class OfficerLineForm(forms.Form):
    org_unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.filter(is_active=True))
    supervisor = SupervisorField(label=_("Supervisor (Penyelia)"))
    second_supervisor = SupervisorField(label=_("Second-level supervisor"))
    effective_from = forms.DateField(
        label=_("Effective from"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class OfficerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Officer.Status.choices)
    since = forms.DateField(
        label=_("Since"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActingForm(forms.Form):
    acting = SupervisorField(label=_("Acting officer (Pemangku)"), required=True)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                forms.ValidationError(_("The end comes before the start."), code="dates_order"),
            )
        return cleaned


class GrantForm(forms.Form):
    executive = forms.CharField(
        label=_("Executive's login ID"),
        max_length=20,
        help_text=_("The MyKad or passport number of a user with the Eksekutif role."),
    )

    def clean_executive(self) -> User:
        raw = re.sub(r"[\s-]", "", self.cleaned_data["executive"]).upper()
        user = User.objects.filter(login_id=raw, is_active=True, groups__name="executive").first()
        if user is None:
            raise forms.ValidationError(
                _("No active user with the Eksekutif role has this login ID."),
                code="unknown_executive",
            )
        return user
