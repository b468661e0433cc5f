"""Forms of the device, import and unmapped-queue pages. They only parse; the rules live in the
services, whose refusals are shown on the field they concern (``ERROR_FIELDS``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.integrations.attlog import TIMESTAMP_FORMATS
from tenant_apps.integrations.models import Device
from tenant_apps.people.models import OfficeLocation

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DEFAULT_TIME_ZONE = "Asia/Kuala_Lumpur"
MAPPING_FIELDS = ("user_id", "timestamp", "date", "time", "state", "timestamp_format")

ERROR_FIELDS: dict[str, str] = {
    "device_serial_invalid": "serial",
    "device_serial_taken": "serial",
    "device_name_required": "name",
    "device_zone_unknown": "time_zone",
    "device_office_inactive": "office",
    "device_networks_invalid": "keyless_networks",
    "device_networks_too_wide": "keyless_networks",
    "settings_silent_invalid": "device_silent_minutes",
    "settings_drift_invalid": "device_drift_minutes",
}

if TYPE_CHECKING:
    _OfficeChoiceBase = forms.ModelChoiceField[OfficeLocation]
    _DeviceChoiceBase = forms.ModelChoiceField[Device]
else:  # Django's form fields are not subscriptable at run time
    _OfficeChoiceBase = forms.ModelChoiceField
    _DeviceChoiceBase = forms.ModelChoiceField


class DeviceChoiceField(_DeviceChoiceBase):
    def label_from_instance(self, obj: Device) -> str:
        return f"{obj.name} ({obj.serial})"


def _time_zone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Time zone of the device clock"),
        max_length=50,
        initial=DEFAULT_TIME_ZONE,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text=_(
            "The zone the terminal's clock is set to, such as Asia/Kuala_Lumpur. Its lines are "
            "read in this zone."
        ),
    )


class DeviceEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    office = _OfficeChoiceBase(
        label=_("Office"),
        queryset=OfficeLocation.objects.none(),
        required=False,
        empty_label=_("No office"),
        help_text=_("Where the terminal stands; its punches are recorded at this office."),
    )
    time_zone = _time_zone_field()
    keyless_networks = forms.CharField(
        label=_("Networks that may push without the secret"),
        max_length=300,
        required=False,
        help_text=_(
            "Only for a terminal whose firmware cannot send the secret: the addresses it pushes "
            "from (e.g. your office's public address), separated by commas. Leave empty to "
            "always require the secret."
        ),
    )

    def __init__(self, *args: Any, current_office_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        offices = OfficeLocation.objects.filter(is_active=True)
        if current_office_id is not None:
            offices = offices | OfficeLocation.objects.filter(pk=current_office_id)
        field.queryset = offices.order_by("name")


class DeviceCreateForm(DeviceEditForm):
    serial = forms.CharField(
        label=_("Serial number"),
        max_length=40,
        help_text=_("As shown on the terminal (Menu → System info → Device info)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    field_order = ["serial", "name", "office", "time_zone", "keyless_networks"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Device.Status.choices)


class ImportUploadForm(forms.Form):
    device = DeviceChoiceField(
        label=_("Device"), queryset=Device.objects.none(), empty_label=_("Choose a device")
    )
    fmt = forms.ChoiceField(
        label=_("File format"),
        choices=[
            ("dat", _("ATTLOG file (.dat) from the terminal's USB export")),
            ("csv", _("CSV file")),
        ],
        initial="dat",
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".dat,.txt,.csv,text/csv,text/plain"}),
    )
    user_id = forms.CharField(
        label=_("Column of the device user id"), max_length=100, required=False
    )
    timestamp = forms.CharField(
        label=_("Column of the date and time"),
        max_length=100,
        required=False,
        help_text=_("Or give the date and the time columns below."),
    )
    date = forms.CharField(label=_("Column of the date"), max_length=100, required=False)
    time = forms.CharField(label=_("Column of the time"), max_length=100, required=False)
    state = forms.CharField(
        label=_("Column of the punch state (optional)"), max_length=100, required=False
    )
    timestamp_format = forms.ChoiceField(
        label=_("Date and time format"),
        required=False,
        choices=[("", _("Find out from the file")), *((f, f) for f in TIMESTAMP_FORMATS)],
        help_text=_("Dates are read day first (31/12/2026), as Malaysia writes them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["device"]
        assert isinstance(field, DeviceChoiceField)
        field.queryset = Device.objects.order_by("name", "serial")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="file_empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Split it and upload the parts."),
                code="file_too_big",
            )
        return upload

    def mapping_values(self) -> dict[str, str]:
        """The mapping fields typed in (blank ones left out)."""
        return {
            name: str(self.cleaned_data.get(name) or "").strip()
            for name in MAPPING_FIELDS
            if str(self.cleaned_data.get(name) or "").strip()
        }


class UnmappedResolveForm(forms.Form):
    device = forms.IntegerField(widget=forms.HiddenInput)
    device_user_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    mykad = forms.CharField(
        label=_("MyKad of the officer"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )

    def clean_mykad(self) -> str:
        """The login id as stored: dashes and spaces dropped, letters in capitals."""
        raw = self.cleaned_data["mykad"]
        key = re.sub(r"[\s-]", "", raw).upper()
        if not key:
            raise forms.ValidationError(_("Type the officer's MyKad."), code="mykad_required")
        return key


class SettingsForm(forms.Form):
    device_silent_minutes = forms.IntegerField(
        label=_("A device is silent after (minutes without contact)"),
        widget=forms.NumberInput(attrs={"min": 10, "max": 7 * 24 * 60}),
        help_text=_("From 10 minutes to 7 days (10080 minutes)."),
    )
    device_drift_minutes = forms.IntegerField(
        label=_("A device clock drifts when it is off by more than (minutes)"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 720}),
        help_text=_("From 1 to 720 minutes."),
    )
