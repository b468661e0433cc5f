"""Calendar months as their first day: the arithmetic every monthly figure uses (cards, reports,
the evidence pack, subscriptions). Pure functions."""

from __future__ import annotations

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(month: date, count: int) -> date:
    """The first day of the month ``count`` months before ``month``'s (negative: after)."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def next_month(month: date) -> date:
    return months_back(month, -1)


def previous_month(month: date) -> date:
    return months_back(month, 1)
