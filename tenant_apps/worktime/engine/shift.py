"""Shifts (syif), overnight ones included: a shift belongs to the day it starts on (its window
is in ``assign``); late after the start, out at the end, the next morning for an overnight
shift. Shifts work the roster, not the state's week: by default weekends, public holidays and
the short Thursday do not apply, and no rest is on the clock (rules.md §2: shift officers are
outside WBF; §4: pregnancy early leave is not for shift workers, which the caller decides)."""

from __future__ import annotations

from datetime import time

from tenant_apps.worktime.engine.assign import nominal
from tenant_apps.worktime.engine.schedule import Schedule, rest_of
from tenant_apps.worktime.engine.types import PolicyKind, PolicyVersion


def schedule(
    policy: PolicyVersion, short_day: bool, friday_rest: tuple[time, time] | None
) -> Schedule:
    start, end = nominal(policy)
    return Schedule(
        kind=PolicyKind.SHIFT,
        label_ms="syif",
        label_en="shift",
        late_from=start,
        grace=policy.grace_minutes,
        open_at=start,
        span=end - start,
        latest_out=end,
        out_is_fixed=True,
        rest=rest_of(policy, friday_rest),
        short_day=False,
        nominal=(start, end),
    )
