"""The agency's organisation: units, officers and their supervision lines, and where they work."""

from tenant_apps.people.models.imports import ImportBatch
from tenant_apps.people.models.locations import HomeLocation, OfficeLocation
from tenant_apps.people.models.officers import ActingSupervisor, Officer, OfficerLine
from tenant_apps.people.models.units import OrgUnit

__all__ = [
    "ActingSupervisor",
    "HomeLocation",
    "ImportBatch",
    "OfficeLocation",
    "Officer",
    "OfficerLine",
    "OrgUnit",
]
