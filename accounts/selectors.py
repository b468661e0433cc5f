from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import SecurityEvent, User
from accounts.roles import Role


def security_event_list_for_user(*, user: User) -> QuerySet[SecurityEvent]:
    """The signed-in user's own account activity, newest first."""
    return SecurityEvent.objects.filter(user=user).order_by("-created_at", "-id")


def user_role_names(*, user: User) -> list[str]:
    """Role codes (``officer``, ``supervisor``...) held by the user, in the Role enum's order."""
    held = {group.name for group in user.groups.all()}
    return [role.value for role in Role if role.value in held]


def user_role_labels(*, user: User) -> list[str]:
    return [str(Role(code).label) for code in user_role_names(user=user)]
