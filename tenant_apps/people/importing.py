"""The officer import's preview: what each row of a file would do (create, update, unchanged) and
what is wrong with it. Nothing here writes: it is pure over the rows and a snapshot of the agency
(tenant_apps.people.importing_snapshot)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext_noop

from accounts.forms import validate_mykad
from accounts.models import User
from tenant_apps.people.importing_files import Issue, SheetRow
from tenant_apps.people.importing_snapshot import ExistingOfficer, Snapshot
from tenant_apps.people.models import Officer

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
DETAIL_COLUMNS = ("full_name", "email", "phone", "position", "grade", "gender")
LINE_COLUMNS = ("unit", "supervisor_login_id", "second_supervisor_login_id")
MAX_LENGTHS = {"full_name": 200, "email": 254, "phone": 30, "position": 150, "grade": 20}
PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,20}$")
GENDERS = frozenset({Officer.Gender.MALE.value, Officer.Gender.FEMALE.value})
STATUSES = frozenset(Officer.Status.values)
LOGIN_KINDS = frozenset(User.LoginKind.values)

ROW_MESSAGES = {
    "missing_login_id": gettext_noop("The login ID (MyKad or passport number) is missing."),
    "bad_login_kind": gettext_noop("The login kind is mykad or passport."),
    "bad_passport": gettext_noop("A passport number has 6 to 20 letters and digits."),
    "duplicate_login_id": gettext_noop("This login ID is on more than one row of the file."),
    "missing_name": gettext_noop("The full name is missing."),
    "too_long": gettext_noop("This value is too long."),
    "bad_email": gettext_noop("This is not a valid e-mail address."),
    "unknown_unit": gettext_noop("No active unit has this short name or name."),
    "ambiguous_unit": gettext_noop("Several units have this short name or name. Use another."),
    "unit_inactive": gettext_noop("This unit is no longer active: no officer can be placed in it."),
    "unknown_supervisor": gettext_noop(
        "No officer of the agency and no row of this file has this login ID."
    ),
    "own_supervisor": gettext_noop("An officer cannot supervise themselves."),
    "same_supervisors": gettext_noop("The second-level supervisor must be another person."),
    "supervisor_inactive": gettext_noop("A supervisor must be an active officer."),
    "supervisor_cycle": gettext_noop(
        "These supervisors go round in a circle: the officer would end up supervising themselves."
    ),
    "bad_gender": gettext_noop("The gender is male, female or blank."),
    "bad_status": gettext_noop("The status is active, inactive or transferred_out."),
}


@dataclass
class RowPlan:
    row: int
    login_id: str = ""
    login_kind: str = User.LoginKind.MYKAD
    full_name: str = ""
    email: str = ""
    phone: str = ""
    position: str = ""
    grade: str = ""
    gender: str | None = None  # None: the MyKad's hint (new officer) or as it is (existing)
    status: str = Officer.Status.ACTIVE  # final status
    unit_id: int = 0
    supervisor: str = ""
    second_supervisor: str = ""
    existing: ExistingOfficer | None = None
    user_id: int | None = None  # a login of the agency without an officer record yet
    action: str = CREATE
    changed: list[str] = field(default_factory=list)
    depth: int = 0  # levels of supervisors above, in the final chart: writes go top-down
    issues: list[Issue] = field(default_factory=list)

    def refuse(self, column: str, code: str, message: str | None = None) -> None:
        self.issues.append(Issue(self.row, column, code, message or ROW_MESSAGES[code]))


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    file_issues: list[Issue] = field(default_factory=list)
    snapshot: Snapshot | None = None

    @property
    def issues(self) -> list[Issue]:
        return [*self.file_issues, *(issue for row in self.rows for issue in row.issues)]

    def count(self, action: str) -> int:
        """Rows that would do ``action``; a row with an error does nothing."""
        return sum(1 for row in self.rows if row.action == action and not row.issues)

    def changes(self, limit: int) -> list[dict[str, object]]:
        shown = [row for row in self.rows if row.action != UNCHANGED][:limit]
        return [
            {
                "row": row.row,
                "action": row.action,
                "login_id": row.login_id,
                "full_name": row.full_name,
                "changed": row.changed,
            }
            for row in shown
        ]


def login_key(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw).upper()


def plan_build(rows: list[SheetRow], snapshot: Snapshot) -> ImportPlan:
    plans = [_row_read(sheet_row, snapshot) for sheet_row in rows]
    counts = Counter(plan.login_id for plan in plans if plan.login_id)
    for plan in plans:
        if counts[plan.login_id] > 1:
            plan.refuse("login_id", "duplicate_login_id")
    in_file = {plan.login_id: plan for plan in plans if counts[plan.login_id] == 1}
    file_logins = set(counts)
    for plan, sheet_row in zip(plans, rows, strict=True):
        _supervisors_read(plan, sheet_row.cells, snapshot, file_logins)
    _chart_check(plans, snapshot, in_file)
    for plan in plans:
        _action_decide(plan, snapshot, in_file)
    return ImportPlan(rows=plans, snapshot=snapshot)


def _row_read(sheet_row: SheetRow, snapshot: Snapshot) -> RowPlan:
    cells = sheet_row.cells
    plan = RowPlan(row=sheet_row.number)
    _login_read(plan, cells.get("login_id", ""), cells.get("login_kind", ""), snapshot)
    plan.full_name = cells.get("full_name", "")
    if not plan.full_name:
        plan.refuse("full_name", "missing_name")
    plan.email = cells.get("email", "")
    if plan.email:
        try:
            validate_email(plan.email)
        except ValidationError:
            plan.refuse("email", "bad_email")
    plan.phone, plan.position = cells.get("phone", ""), cells.get("position", "")
    plan.grade = cells.get("grade", "")
    for column, limit in MAX_LENGTHS.items():
        if len(getattr(plan, column)) > limit:
            plan.refuse(column, "too_long")
    gender = cells.get("gender", "").lower()
    if gender in GENDERS:
        plan.gender = gender
    elif gender:
        plan.refuse("gender", "bad_gender")
    status = cells.get("status", "").lower()
    if status in STATUSES:
        plan.status = status
    elif status:
        plan.refuse("status", "bad_status")
    elif plan.existing is not None:
        plan.status = plan.existing.status  # blank keeps an officer's status as it is
    _unit_read(plan, cells.get("unit", ""), snapshot)
    return plan


def _login_read(plan: RowPlan, raw: str, kind: str, snapshot: Snapshot) -> None:
    if not raw:
        plan.refuse("login_id", "missing_login_id")
        return
    key = login_key(raw)
    if not kind:  # blank: as the login already is, else a MyKad
        known = snapshot.officers.get(key)
        other = snapshot.other_users.get(key)
        kind = known.login_kind if known else other[1] if other else User.LoginKind.MYKAD
    kind = kind.lower()
    if kind not in LOGIN_KINDS:
        plan.refuse("login_kind", "bad_login_kind")
        return
    plan.login_kind = kind
    if kind == User.LoginKind.MYKAD:
        try:
            key = validate_mykad(raw)
        except ValidationError as exc:
            with translation.override("en"):  # the msgid, translated when shown
                plan.refuse("login_id", "bad_mykad", str(exc.messages[0]))
            return
    elif not PASSPORT_RE.match(key):
        plan.refuse("login_id", "bad_passport")
        return
    plan.login_id = key
    plan.existing = snapshot.officers.get(key)
    if plan.existing is None and key in snapshot.other_users:
        plan.user_id = snapshot.other_users[key][0]


def _unit_read(plan: RowPlan, text: str, snapshot: Snapshot) -> None:
    wanted = text.lower()
    current = plan.existing.org_unit_id if plan.existing else None
    for index in (snapshot.by_short, snapshot.by_name):
        found = [unit.pk for unit in index.get(wanted, [])]
        if len(found) == 1 or (found and current in found):
            plan.unit_id = current if current in found else found[0]
            return
        if found:
            plan.refuse("unit", "ambiguous_unit")
            return
    if current is not None:
        # An officer left in a unit since deactivated: naming that unit keeps them there.
        unit = snapshot.units[current]
        if wanted in {unit.short_name.lower(), unit.name.lower()} and wanted:
            plan.unit_id = current
            return
    plan.refuse("unit", "unknown_unit")


def _supervisors_read(
    plan: RowPlan, cells: dict[str, str], snapshot: Snapshot, in_file: set[str]
) -> None:
    for column in ("supervisor_login_id", "second_supervisor_login_id"):
        raw = cells.get(column, "")
        if not raw:
            continue
        key = login_key(raw)
        if key not in in_file and key not in snapshot.officers:
            plan.refuse(column, "unknown_supervisor")
        elif plan.login_id and key == plan.login_id:
            plan.refuse(column, "own_supervisor")
        elif column == "supervisor_login_id":
            plan.supervisor = key
        else:
            plan.second_supervisor = key
    if plan.supervisor and plan.supervisor == plan.second_supervisor:
        plan.refuse("second_supervisor_login_id", "same_supervisors")


def _chart_check(plans: list[RowPlan], snapshot: Snapshot, in_file: dict[str, RowPlan]) -> None:
    """The supervision chart once the file is applied (the agency's officers, the file's rows
    over them) must have no circle: a walk up from anyone reaches the top."""
    above = {login: known.supervisor for login, known in snapshot.officers.items()}
    for login, plan in in_file.items():
        above[login] = plan.supervisor
    on_circle, depth = _chart_walk(above)
    for login, plan in in_file.items():
        plan.depth = depth.get(login, 0)
        if login in on_circle:
            plan.refuse("supervisor_login_id", "supervisor_cycle")


def _chart_walk(above: dict[str, str]) -> tuple[set[str], dict[str, int]]:
    """Who is on a circle of supervisors, and everyone's depth below the top. Each person has at
    most one supervisor, so one walk per person, each stopping at anyone already seen: O(n)."""
    depth: dict[str, int] = {}
    on_circle: set[str] = set()
    for start in above:
        if start in depth:
            continue
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node and node not in depth and node not in position:
            position[node] = len(path)
            path.append(node)
            node = above.get(node, "")
        if node in position:
            circle = path[position[node] :]
            on_circle.update(circle)
            depth.update(dict.fromkeys(circle, 0))
            path, below = path[: position[node]], 0
        else:
            below = depth[node] if node else -1
        for person in reversed(path):
            below += 1
            depth[person] = below
    return on_circle, depth


def _action_decide(plan: RowPlan, snapshot: Snapshot, in_file: dict[str, RowPlan]) -> None:
    known = plan.existing
    if known is None:
        plan.action = CREATE
        plan.changed = []
    else:
        now = {
            "full_name": known.full_name,
            "email": known.email,
            "phone": known.phone,
            "position": known.position,
            "grade": known.grade,
            "gender": known.gender,
            "unit": known.org_unit_id,
            "supervisor_login_id": known.supervisor,
            "second_supervisor_login_id": known.second_supervisor,
            "status": known.status,
        }
        wanted = {**now, **_values(plan)}
        if plan.gender is None:
            wanted["gender"] = known.gender
        plan.changed = [column for column in now if wanted[column] != now[column]]
        plan.action = UPDATE if plan.changed else UNCHANGED
    line_set = plan.action == CREATE or any(c in LINE_COLUMNS for c in plan.changed)
    if not line_set or plan.issues:
        return
    if not snapshot.units[plan.unit_id].is_active:
        plan.refuse("unit", "unit_inactive")
    for column, login in (
        ("supervisor_login_id", plan.supervisor),
        ("second_supervisor_login_id", plan.second_supervisor),
    ):
        if login and _final_status(login, snapshot, in_file) != Officer.Status.ACTIVE:
            plan.refuse(column, "supervisor_inactive")


def _values(plan: RowPlan) -> dict[str, object]:
    return {
        "full_name": plan.full_name,
        "email": plan.email,
        "phone": plan.phone,
        "position": plan.position,
        "grade": plan.grade,
        "gender": plan.gender,
        "unit": plan.unit_id,
        "supervisor_login_id": plan.supervisor,
        "second_supervisor_login_id": plan.second_supervisor,
        "status": plan.status,
    }


def _final_status(login: str, snapshot: Snapshot, in_file: dict[str, RowPlan]) -> str:
    if login in in_file:
        return in_file[login].status
    known = snapshot.officers.get(login)
    return known.status if known else Officer.Status.ACTIVE  # a duplicated row: refused anyway
