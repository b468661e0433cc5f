"""The people app's refusals, as people read them (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tenant_apps.people.services import PeopleError


def people_error_message(error: PeopleError) -> str:
    return {
        "unit_name": _("A unit needs a name of at least 2 characters."),
        "parent_inactive": _("The unit above is not active."),
        "root_fixed": _("The agency's top-level unit cannot be moved or deactivated."),
        "move_cycle": _("A unit cannot be moved under itself or one of its own units."),
        "unit_has_units": _("Deactivate or move the units under it first."),
        "unit_has_officers": _("Move its active officers to another unit first."),
        "login_taken": _("An officer with this login ID already exists."),
        "own_supervisor": _("An officer cannot supervise themselves."),
        "supervisor_cycle": _(
            "This supervisor is already supervised, directly or not, by this officer."
        ),
        "same_supervisors": _("The second-level supervisor must be another person."),
        "supervisor_inactive": _("A supervisor must be an active officer."),
        "future_date": _("A change takes effect today or on a past date."),
        "before_current_line": _("The change cannot take effect before the current line began."),
        "unit_inactive": _("Officers can only be placed in an active unit."),
        "acting_self": _("An officer cannot act for themselves."),
        "dates_order": _("The end comes before the start."),
    }.get(error.code, str(error))
