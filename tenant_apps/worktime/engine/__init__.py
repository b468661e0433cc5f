"""The attendance rule engine: pure functions over plain data, no Django.

Given one officer's duty day (its calendar, the policy version in force, the punches and the
approved arrangements) ``evaluate_day`` returns a ``Verdict``: a status, the exceptions found,
minutes, the required check-out and bilingual reasons. ``card_colour_next`` turns a month's
unexcused exceptions into the next card colour. docs/rules-engine.md is the manual; every rule
cites research/rules.md."""

from tenant_apps.worktime.engine.assign import assign_punches, duty_day_of
from tenant_apps.worktime.engine.calendar import UnknownRegion, day_calendar
from tenant_apps.worktime.engine.cards import (
    CARD_RULES_VERSION,
    CardColour,
    CardDecision,
    CardRules,
    card_colour_next,
    card_counts,
)
from tenant_apps.worktime.engine.evaluate import evaluate_day
from tenant_apps.worktime.engine.types import (
    MALAYSIA,
    NO_ARRANGEMENTS,
    PREGNANCY_EARLY_LEAVE_MINUTES,
    RAMADAN_REST_CUT_MINUTES,
    Arrangements,
    BdrScope,
    Category,
    DayCalendar,
    Holiday,
    Movement,
    Place,
    PolicyKind,
    PolicyVersion,
    Punch,
    PunchKind,
    PunchSource,
    Reason,
    Status,
    Verdict,
)

__all__ = [
    "CARD_RULES_VERSION",
    "MALAYSIA",
    "NO_ARRANGEMENTS",
    "PREGNANCY_EARLY_LEAVE_MINUTES",
    "RAMADAN_REST_CUT_MINUTES",
    "Arrangements",
    "BdrScope",
    "CardColour",
    "CardDecision",
    "CardRules",
    "Category",
    "DayCalendar",
    "Holiday",
    "Movement",
    "Place",
    "PolicyKind",
    "PolicyVersion",
    "Punch",
    "PunchKind",
    "PunchSource",
    "Reason",
    "Status",
    "UnknownRegion",
    "Verdict",
    "assign_punches",
    "card_colour_next",
    "card_counts",
    "day_calendar",
    "duty_day_of",
    "evaluate_day",
]
