"""Fixed hours (counters, offices outside WBF): late after the start, out at the end
(rules.md §1.3, practice). On the short Thursday of a Friday–Saturday-weekend state the day is
cut to the policy's short-day span (7 h 30 min by default; rules.md §5, WBB-era Thursday
07:30–16:30) unless the policy says the short day does not apply."""

from __future__ import annotations

from datetime import time

from tenant_apps.worktime.engine.assign import minutes_of
from tenant_apps.worktime.engine.schedule import Schedule, rest_of
from tenant_apps.worktime.engine.types import PolicyKind, PolicyVersion


def schedule(
    policy: PolicyVersion, short_day: bool, friday_rest: tuple[time, time] | None
) -> Schedule:
    start, end = (minutes_of(value) for value in policy.times)
    short = short_day and policy.short_day_applies and start + policy.short_day_span_minutes < end
    if short:
        end = start + policy.short_day_span_minutes
    return Schedule(
        kind=PolicyKind.FIXED,
        label_ms="waktu tetap",
        label_en="fixed hours",
        late_from=start,
        grace=policy.grace_minutes,
        open_at=start,
        span=end - start,
        latest_out=end,
        out_is_fixed=True,
        rest=rest_of(policy, friday_rest),
        short_day=short,
        nominal=(start, end),
    )
