"""Isu Kehadiran pages: the officer's issues and one issue (``officer``), the supervisors' inbox
and the executives' waiting report (``team``), the org admin's reason list and settings
(``admin``). Views parse and check reach; attendance_issues.services writes. An issue outside the
actor's reach answers 404."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from tenant_apps.attendance_issues.selectors import has_team, may_see_waiting
from tenant_apps.people.selectors import is_org_admin

PAGE_SIZE = 20


def nav(actor: User) -> dict[str, Any]:
    return {
        "has_team": has_team(actor),
        "may_see_waiting": may_see_waiting(actor),
        "is_org_admin": is_org_admin(actor),
    }
