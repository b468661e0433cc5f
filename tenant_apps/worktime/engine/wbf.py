"""Waktu Bekerja Fleksi, PP 5/2019 → MyPPSM SR.4.1.1 (rules.md §2).

Check in from 07:30 to 09:00 (earlier counts as 07:30); the day is 9 hours including the
1-hour rest, so the check-out window is 16:30–18:00. After 09:00 the officer is late and leaves
at the end of office hours, 18:00. On the short Thursday of a Friday–Saturday-weekend state the
span is 7 h 30 min: check-out 15:00–16:30, 16:30 when late. A working Friday keeps the daily
span (its longer rest unpaid) unless the policy sets ``friday_span_minutes``."""

from __future__ import annotations

from datetime import time

from tenant_apps.worktime.engine.assign import minutes_of
from tenant_apps.worktime.engine.schedule import Schedule, rest_of
from tenant_apps.worktime.engine.types import PolicyKind, PolicyVersion


def schedule(
    policy: PolicyVersion, short_day: bool, friday_rest: tuple[time, time] | None
) -> Schedule:
    short = short_day and policy.short_day_applies
    span = policy.short_day_span_minutes if short else policy.span_minutes
    if friday_rest is not None and policy.friday_span_minutes is not None:
        span = policy.friday_span_minutes
    opens, closes = minutes_of(policy.check_in_start), minutes_of(policy.check_in_end)
    return Schedule(
        kind=PolicyKind.WBF,
        label_ms="WBF",
        label_en="WBF",
        late_from=closes,
        grace=policy.grace_minutes,
        open_at=opens,
        span=span,
        latest_out=closes + span,
        out_is_fixed=False,
        rest=rest_of(policy, friday_rest),
        short_day=short,
        nominal=(opens, closes + span),
    )
