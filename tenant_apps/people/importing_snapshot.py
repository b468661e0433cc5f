"""What the agency has now, read once for an import's preview (a few queries, however large the
file) and keyed the way a file names things: officers by login ID, units by short name and name."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from tenant_apps.people.models import Officer, OrgUnit


@dataclass(frozen=True)
class ExistingOfficer:
    pk: int
    login_id: str
    login_kind: str
    full_name: str
    email: str
    phone: str
    position: str
    grade: str
    gender: str
    status: str
    org_unit_id: int
    supervisor: str  # login IDs, "" for none
    second_supervisor: str


@dataclass(frozen=True)
class UnitRef:
    pk: int
    name: str
    short_name: str
    is_active: bool


@dataclass
class Snapshot:
    """What the agency has now, keyed the way a file names things."""

    officers: dict[str, ExistingOfficer]
    other_users: dict[str, tuple[int, str]]  # logins without an officer record: (user id, kind)
    units: dict[int, UnitRef]
    by_short: dict[str, list[UnitRef]] = field(default_factory=dict)
    by_name: dict[str, list[UnitRef]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units.values():
            if unit.is_active:
                if unit.short_name:
                    self.by_short.setdefault(unit.short_name.lower(), []).append(unit)
                self.by_name.setdefault(unit.name.lower(), []).append(unit)

    def unit_label(self, unit_id: int) -> str:
        """What to write in the unit column so that it reads back as this unit."""
        unit = self.units[unit_id]
        if unit.short_name and self.by_short.get(unit.short_name.lower()) == [unit]:
            return unit.short_name
        return unit.name


def snapshot_load() -> Snapshot:
    login_of = dict(Officer.objects.values_list("pk", "user__login_id"))
    officers = {}
    for row in Officer.objects.values(
        "pk", "user__login_id", "user__login_kind", "user__full_name", "user__email", "phone",
        "position", "grade", "gender", "status", "org_unit_id", "supervisor_id",
        "second_supervisor_id",
    ):  # fmt: skip
        officers[row["user__login_id"]] = ExistingOfficer(
            pk=row["pk"],
            login_id=row["user__login_id"],
            login_kind=row["user__login_kind"],
            full_name=row["user__full_name"],
            email=row["user__email"],
            phone=row["phone"],
            position=row["position"],
            grade=row["grade"],
            gender=row["gender"],
            status=row["status"],
            org_unit_id=row["org_unit_id"],
            supervisor=login_of.get(row["supervisor_id"], ""),
            second_supervisor=login_of.get(row["second_supervisor_id"], ""),
        )
    others = {
        login: (pk, kind)
        for pk, login, kind in User.objects.filter(officer__isnull=True).values_list(
            "pk", "login_id", "login_kind"
        )
    }
    return Snapshot(officers=officers, other_users=others, units=units_load())


def units_load() -> dict[int, UnitRef]:
    return {
        pk: UnitRef(pk, name, short_name, active)
        for pk, name, short_name, active in OrgUnit.objects.values_list(
            "pk", "name", "short_name", "is_active"
        )
    }
