"""What each role may do, as Django model permissions given to the role's group. Reach (which
officers, units and offices) is a separate question, answered by tenant_apps.people.selectors."""

from __future__ import annotations

from accounts.roles import Role

ADMIN_MODELS = (
    "officer",
    "orgunit",
    "officelocation",
    "homelocation",
    "actingsupervisor",
    "officerline",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.OFFICER: ("people.view_officer", "people.view_orgunit", "people.view_officelocation"),
    Role.SUPERVISOR: ("people.view_officer", "people.view_orgunit", "people.view_officelocation"),
    Role.EXECUTIVE: ("people.view_officer", "people.view_orgunit", "people.view_officelocation"),
    Role.ORG_ADMIN: (
        *(
            f"people.{action}_{model}"
            for model in ADMIN_MODELS
            for action in ("add", "change", "view")
        ),
        "people.view_unit_tree",
    ),
}
