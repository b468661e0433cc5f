"""Forms of the office and home-location pages. Geofence input is checked by
tenant_apps.people.geo; its error codes become translated messages on the field concerned."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people import geo
from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # Generic only in the stubs: Django's classes cannot be subscripted at run time.
    UnitsField = forms.ModelMultipleChoiceField[OrgUnit]
    OfficersField = forms.ModelMultipleChoiceField[Officer]
else:
    UnitsField = OfficersField = forms.ModelMultipleChoiceField

GEOFENCE_MESSAGES = {
    "latitude_range": _("Latitude must be between -90 and 90."),
    "longitude_range": _("Longitude must be between -180 and 180."),
    "radius_zero": _("The radius must be more than 0 metres."),
    "radius_invalid": _("The radius must be a number of metres."),
    "polygon_points": _("A polygon needs at least 3 different points."),
    "polygon_area": _("The polygon's points enclose no area."),
    "polygon_line": _("Line %(line)s is not “latitude, longitude”."),
}
LINE_MESSAGES = {
    "latitude_range": _("Line %(line)s: latitude must be between -90 and 90."),
    "longitude_range": _("Line %(line)s: longitude must be between -180 and 180."),
}
FIELD_OF_CODE = {
    "latitude_range": "latitude",
    "longitude_range": "longitude",
    "radius_zero": "radius_m",
    "radius_invalid": "radius_m",
}


def geofence_message(error: geo.GeofenceError) -> str:
    if error.line is not None:
        message = LINE_MESSAGES.get(error.code) or GEOFENCE_MESSAGES.get(error.code)
        return str(message) % {"line": error.line} if message else error.message
    return str(GEOFENCE_MESSAGES.get(error.code, error.message))


def _coordinate_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=help_text,
    )


LATITUDE_HELP = _("Decimal degrees, -90 to 90 (Putrajaya is about 2.93).")
LONGITUDE_HELP = _("Decimal degrees, -180 to 180 (Putrajaya is about 101.69).")


class UnitChoiceField(UnitsField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.short_name})" if obj.short_name else str(obj.name)


class OfficerChoiceField(OfficersField):
    def label_from_instance(self, obj: Officer) -> str:
        return f"{obj.user.full_name} · {obj.org_unit.name}"


class OfficeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    shape = forms.ChoiceField(
        label=_("Geofence"),
        choices=OfficeLocation.Shape.choices,
        initial=OfficeLocation.Shape.CIRCLE,
        widget=forms.RadioSelect,
    )
    latitude = _coordinate_field(_("Centre latitude"), LATITUDE_HELP)
    longitude = _coordinate_field(_("Centre longitude"), LONGITUDE_HELP)
    radius_m = forms.IntegerField(
        label=_("Radius (metres)"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    polygon = forms.CharField(
        label=_("Polygon points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "One point a line, as “latitude, longitude” in decimal degrees, in order around "
            "the area; at least 3 points."
        ),
    )
    units = UnitChoiceField(
        label=_("Units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Every officer of these units may check in here."),
    )
    officers = OfficerChoiceField(
        label=_("Officers"),
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Also these officers, whatever their unit. Hold Ctrl (or ⌘) to pick several."),
    )

    def __init__(self, *args: Any, office: OfficeLocation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active ones, and whatever the office already applies to (kept unless unticked).
        units = Q(is_active=True)
        officers = Q(status=Officer.Status.ACTIVE)
        if office is not None and office.pk:
            units |= Q(offices=office)
            officers |= Q(offices=office)
        unit_field = self.fields["units"]
        officer_field = self.fields["officers"]
        assert isinstance(unit_field, UnitChoiceField)
        assert isinstance(officer_field, OfficerChoiceField)
        unit_field.queryset = OrgUnit.objects.filter(units).distinct().order_by("name")
        officer_field.queryset = (
            Officer.objects.filter(officers)
            .distinct()
            .select_related("user", "org_unit")
            .order_by("user__full_name")
        )

    @staticmethod
    def initial_of(office: OfficeLocation) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": office.name,
            "address": office.address,
            "shape": office.shape,
            "units": list(office.units.all()),
            "officers": list(office.officers.all()),
        }
        if office.shape == OfficeLocation.Shape.POLYGON:
            initial["polygon"] = "\n".join(f"{lat}, {lon}" for lat, lon in office.polygon)
        else:
            initial.update(
                latitude=office.latitude, longitude=office.longitude, radius_m=office.radius_m
            )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("shape") == OfficeLocation.Shape.POLYGON:
            data["fence"] = self._polygon(data)
        elif data.get("shape") == OfficeLocation.Shape.CIRCLE:
            data["fence"] = self._circle(data)
        return data

    def _circle(self, data: dict[str, Any]) -> geo.Circle | None:
        required = {
            "latitude": _("Give the centre's latitude."),
            "longitude": _("Give the centre's longitude."),
            "radius_m": _("Give the radius in metres."),
        }
        missing = False
        for name, message in required.items():
            if data.get(name) is None:
                missing = True
                if name not in self.errors:
                    self.add_error(name, message)
        if missing:
            return None
        try:
            return geo.Circle(data["latitude"], data["longitude"], data["radius_m"])
        except geo.GeofenceError as error:
            self.add_error(FIELD_OF_CODE.get(error.code), geofence_message(error))
            return None

    def _polygon(self, data: dict[str, Any]) -> geo.Polygon | None:
        text = data.get("polygon") or ""
        if not text.strip():
            self.add_error(
                "polygon", _("Give the polygon's points, one “latitude, longitude” a line.")
            )
            return None
        try:
            return geo.Polygon(geo.parse_points(text))
        except geo.GeofenceError as error:
            self.add_error("polygon", geofence_message(error))
            return None


class PointForm(forms.Form):
    """A coordinate to test against a geofence (GET lat & lon)."""

    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class HomeLocationForm(forms.Form):
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    latitude = _coordinate_field(_("Latitude"), LATITUDE_HELP)
    longitude = _coordinate_field(_("Longitude"), LONGITUDE_HELP)
    radius_m = forms.IntegerField(
        label=_("Radius (metres)"), initial=100, widget=forms.NumberInput(attrs={"min": 1})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["latitude"].required = True
        self.fields["longitude"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) is not None for name in ("latitude", "longitude", "radius_m")):
            try:
                data["circle"] = geo.Circle(data["latitude"], data["longitude"], data["radius_m"])
            except geo.GeofenceError as error:
                self.add_error(FIELD_OF_CODE.get(error.code), geofence_message(error))
        return data


# Refusals of tenant_apps.people.office_services, by code: (field, translated message).
REFUSALS: dict[str, tuple[str | None, StrOrPromise]] = {
    "office_name": ("name", _("An office needs a name of at least 2 characters.")),
    "unit_inactive": ("units", _("An office can only be given to active units.")),
    "officer_inactive": ("officers", _("An office can only be given to active officers.")),
}


def add_refusal(form: forms.Form, error: Exception) -> None:
    """Put a service's refusal (PeopleError or GeofenceError) on the form field it concerns."""
    code = str(getattr(error, "code", ""))
    field: str | None
    message: StrOrPromise
    if isinstance(error, geo.GeofenceError):
        field, message = FIELD_OF_CODE.get(code, "polygon"), geofence_message(error)
    else:
        field, message = REFUSALS.get(code, (None, str(error)))
    form.add_error(field if field in form.fields else None, str(message))
