"""Writes of office locations (name, address, geofence, and whom each applies to) and of officers'
home locations for BDR. Geofences are checked by tenant_apps.people.geo: a bad one raises
geo.GeofenceError, any other refused change raises PeopleError."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from tenant_apps.people import geo
from tenant_apps.people.models import HomeLocation, OfficeLocation, Officer, OrgUnit
from tenant_apps.people.services import PeopleError


@dataclass(frozen=True)
class OfficeData:
    name: str
    address: str
    fence: geo.Shape


def office_geofence(office: OfficeLocation) -> geo.Shape:
    """The office's stored fence as a geo shape (what a check-in is tested against)."""
    if office.shape == OfficeLocation.Shape.POLYGON:
        return geo.Polygon(tuple((float(lat), float(lon)) for lat, lon in office.polygon))
    return geo.Circle(office.latitude, office.longitude, float(office.radius_m or 0))


def home_geofence(home: HomeLocation) -> geo.Circle:
    return geo.Circle(home.latitude, home.longitude, float(home.radius_m))


def _whole_metres(radius_m: float) -> int:
    # The models store whole metres; a radius that rounds to 0 is no radius.
    metres = round(radius_m)
    if metres < 1:
        raise geo.GeofenceError("radius_zero", "The radius must be more than 0 metres.")
    return metres


def _fill(office: OfficeLocation, data: OfficeData) -> None:
    name = " ".join(data.name.split())
    if len(name) < 2:
        raise PeopleError("office_name", "An office needs a name of at least 2 characters.")
    office.name = name[:200]
    office.address = data.address.strip()
    fence = data.fence
    if isinstance(fence, geo.Circle):
        office.shape = OfficeLocation.Shape.CIRCLE
        office.latitude, office.longitude = fence.lat, fence.lon
        office.radius_m = _whole_metres(fence.radius_m)
        office.polygon = []
    else:
        office.shape = OfficeLocation.Shape.POLYGON
        office.latitude, office.longitude = fence.centroid
        office.radius_m = None
        office.polygon = [[lat, lon] for lat, lon in fence.points]


@transaction.atomic
def office_create(
    *,
    data: OfficeData,
    units: Iterable[OrgUnit] = (),
    officers: Iterable[Officer] = (),
    actor: User | None,
) -> OfficeLocation:
    office = OfficeLocation()
    _fill(office, data)
    office.save()
    office_assign(office=office, units=units, officers=officers, actor=actor)
    return office


@transaction.atomic
def office_update(
    *,
    office: OfficeLocation,
    data: OfficeData,
    units: Iterable[OrgUnit] | None = None,
    officers: Iterable[Officer] | None = None,
    actor: User | None,
) -> OfficeLocation:
    """Change the office's details and fence; with ``units`` and ``officers``, also whom it
    applies to (in the same transaction)."""
    office = OfficeLocation.objects.select_for_update().get(pk=office.pk)
    _fill(office, data)
    office.save()
    if units is not None or officers is not None:
        office_assign(
            office=office,
            units=office.units.all() if units is None else units,
            officers=office.officers.all() if officers is None else officers,
            actor=actor,
        )
    return office


@transaction.atomic
def office_assign(
    *,
    office: OfficeLocation,
    units: Iterable[OrgUnit],
    officers: Iterable[Officer],
    actor: User | None,
) -> OfficeLocation:
    """The units and officers the office applies to, replacing the previous ones. An officer may
    have several offices. Inactive units or officers already assigned may stay, but none can be
    newly assigned."""
    units, officers = list(units), list(officers)
    had_units = set(office.units.values_list("pk", flat=True))
    had_officers = set(office.officers.values_list("pk", flat=True))
    if any(not u.is_active and u.pk not in had_units for u in units):
        raise PeopleError("unit_inactive", "An office can only be given to active units.")
    if any(o.status != Officer.Status.ACTIVE and o.pk not in had_officers for o in officers):
        raise PeopleError("officer_inactive", "An office can only be given to active officers.")
    office.units.set(units)
    office.officers.set(officers)
    return office


@transaction.atomic
def office_deactivate(*, office: OfficeLocation, actor: User | None) -> OfficeLocation:
    """No check-in is accepted at an inactive office; its history and assignments stay."""
    office.is_active = False
    office.save(update_fields=["is_active", "updated_at"])
    return office


@transaction.atomic
def office_activate(*, office: OfficeLocation, actor: User | None) -> OfficeLocation:
    office.is_active = True
    office.save(update_fields=["is_active", "updated_at"])
    return office


@transaction.atomic
def home_location_set(
    *,
    officer: Officer,
    lat: float,
    lon: float,
    radius_m: float,
    address: str,
    actor: User | None,
) -> HomeLocation:
    """The officer's home for BDR, from the HR record. Only the org admin enters it."""
    circle = geo.Circle(lat, lon, radius_m)
    home, _ = HomeLocation.objects.select_for_update().update_or_create(
        officer=officer,
        defaults={
            "latitude": circle.lat,
            "longitude": circle.lon,
            "radius_m": _whole_metres(circle.radius_m),
            "address": address.strip(),
            "entered_by": actor,
        },
    )
    return home


@transaction.atomic
def home_location_clear(*, officer: Officer, actor: User | None) -> None:
    HomeLocation.objects.filter(officer=officer).delete()
