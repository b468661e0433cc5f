"""The officer import's bulk writes of new officers: the rows officer_create writes for one (a
login without a password in the Officer group, the officer, its first supervision line, the
Penyelia role for its supervisors), for hundreds at once in a few statements. Called by
tenant_apps.people.import_services, inside its transactions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from accounts.services import users_bulk_written_notify
from tenant_apps.people.importing import RowPlan
from tenant_apps.people.models import Officer, OfficerLine
from tenant_apps.people.officer_services import gender_hint


def role_group_ids() -> dict[str, int]:
    return dict(Group.objects.filter(name__in=[r.value for r in Role]).values_list("name", "pk"))


def officers_bulk_create(
    rows: list[RowPlan], *, groups: dict[str, int], today: date
) -> dict[str, int]:
    fresh: list[User] = []
    for row in rows:
        if row.user_id is None:
            user = User(
                login_id=row.login_id,
                login_kind=row.login_kind,
                full_name=row.full_name,
                email=row.email,
                is_active=row.status == Officer.Status.ACTIVE,
            )
            user.set_unusable_password()
            fresh.append(user)
    User.objects.bulk_create(fresh)
    user_ids = {user.login_id: user.pk for user in fresh}
    linked = [
        User(
            pk=row.user_id,
            full_name=row.full_name,
            email=row.email,
            is_active=row.status == Officer.Status.ACTIVE,
        )
        for row in rows
        if row.user_id is not None
    ]
    if linked:
        # A login of the agency without an officer record (an org admin): it becomes one.
        User.objects.bulk_update(linked, ["full_name", "email", "is_active"])
        user_ids.update({row.login_id: row.user_id for row in rows if row.user_id is not None})
    _groups_add(list(user_ids.values()), groups[Role.OFFICER.value])
    officers = [
        Officer(
            user_id=user_ids[row.login_id],
            phone=row.phone,
            position=row.position,
            grade=row.grade,
            org_unit_id=row.unit_id,
            gender=row.gender or gender_hint(row.login_id, row.login_kind),
            status=row.status,
            status_since=today,
        )
        for row in rows
    ]
    Officer.objects.bulk_create(officers)
    # bulk_create sends no post_save: tell the login finder about these logins.
    users_bulk_written_notify(user_ids=list(user_ids.values()))
    return {row.login_id: officer.pk for row, officer in zip(rows, officers, strict=True)}


def first_lines_bulk_create(
    rows: list[RowPlan],
    *,
    pks: dict[str, int],
    groups: dict[str, int],
    actor: User | None,
    today: date,
) -> None:
    """The first line of each officer just created; every officer it names exists by now."""
    supervised: list[tuple[int, int | None, int | None]] = []
    lines: list[OfficerLine] = []
    for row in rows:
        supervisor = pks[row.supervisor] if row.supervisor else None
        second = pks[row.second_supervisor] if row.second_supervisor else None
        if supervisor or second:
            supervised.append((pks[row.login_id], supervisor, second))
        lines.append(
            OfficerLine(
                officer_id=pks[row.login_id],
                org_unit_id=row.unit_id,
                supervisor_id=supervisor,
                second_supervisor_id=second,
                effective_from=today,
                recorded_by=actor,
            )
        )
    _supervisors_write(supervised)
    OfficerLine.objects.bulk_create(lines)
    supervisors = {pk for _, first, second in supervised for pk in (first, second) if pk}
    users = Officer.objects.filter(pk__in=supervisors).values_list("user_id", flat=True)
    _groups_add(list(users), groups[Role.SUPERVISOR.value])


def _supervisors_write(supervised: list[tuple[int, int | None, int | None]]) -> None:
    """Officer.supervisor and second_supervisor of officers just created, in one statement:
    bulk_update's CASE WHEN per row costs seconds of Python on 10,000 rows."""
    if not supervised:
        return
    ids, firsts, seconds = (list(column) for column in zip(*supervised, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Officer._meta.db_table} AS o
               SET supervisor_id = v.first, second_supervisor_id = v.second
              FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v(id, first, second)
             WHERE o.id = v.id
            """,  # noqa: S608 - the table name is the model's, the values are parameters
            [ids, firsts, seconds],
        )


def _groups_add(user_ids: list[int], group_id: int) -> None:
    # Typed loosely: django-stubs loses the through model's manager once any AnonymousUser
    # subclass exists in the project.
    through: Any = User.groups.through
    through.objects.bulk_create(
        [through(user_id=pk, group_id=group_id) for pk in user_ids], ignore_conflicts=True
    )
