"""A policy version laid over one day's calendar: the minutes a verdict is measured against.

Built by ``wbf.schedule``, ``fixed.schedule`` and ``shift.schedule``; read by ``evaluate``."""

from __future__ import annotations

from datetime import time
from typing import NamedTuple

from tenant_apps.worktime.engine.assign import minutes_of
from tenant_apps.worktime.engine.types import PolicyKind, PolicyVersion


class Schedule(NamedTuple):
    """Minutes from the duty day's midnight."""

    kind: PolicyKind
    label_ms: str
    label_en: str
    late_from: int  # a check-in after it is late (past the grace); late minutes count from it
    grace: int
    open_at: int  # WBF: an earlier check-in counts as this time
    span: int  # WBF: the day ends this long after the (deemed) check-in
    latest_out: int  # WBF: the end of office hours (a late officer's check-out); else: the end
    out_is_fixed: bool  # fixed hours and shifts: the check-out does not follow the check-in
    rest: tuple[int, int] | None
    short_day: bool
    nominal: tuple[int, int]  # the scheduled hours (for BDR halves)


def rest_of(policy: PolicyVersion, friday_rest: tuple[time, time] | None) -> tuple[int, int] | None:
    """The day's rest on the clock: the region's Friday rest on a working Friday, else the
    policy's daily rest; ``None`` when the policy puts no rest on the clock (shifts)."""
    if policy.rest is None:
        return None
    start, end = friday_rest or policy.rest
    return minutes_of(start), minutes_of(end)
