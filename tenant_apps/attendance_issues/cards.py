"""Card colours (kad kuning / hijau / merah): the monthly evaluation of every officer from the
month's unexcused exceptions, the org admin's override, and the history an officer reads.

The card of month M is judged from M's exceptions on the agency's evaluation day of M+1. An
exception whose issue was accepted is excused (the stored day no longer carries it), so it is not
counted; an issue left unexplained simply stays unexcused. Evaluating again (after a late
decision) rewrites the month's card from the same rules, except a card the org admin overrode."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer
from tenant_apps.worktime import engine
from tenant_apps.worktime.models import CardColour
from tenant_apps.worktime.months import month_start, next_month, previous_month
from tenant_apps.worktime.selectors import worktime_settings

Colour = CardColour.Colour

COLOUR_MS = {"yellow": "kuning", "green": "hijau", "red": "merah"}


class CardError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def card_rules() -> engine.CardRules:
    settings = worktime_settings()
    counted = frozenset(
        engine.Category(name)
        for name in (settings.counted_categories or [])
        if name in {c.value for c in engine.Category}
    )
    return engine.CardRules(
        yellow_to_green=settings.yellow_to_green,
        green_to_red=settings.green_to_red,
        counted=counted or frozenset(engine.cards.DEFAULT_COUNTED),
    )


def month_counts(month: date, officer_ids: list[int] | None) -> dict[int, Counter[str]]:
    """Unexcused exceptions per officer and category over the month's stored days."""
    rows = AttendanceDay.objects.filter(day__gte=month, day__lt=next_month(month))
    if officer_ids is not None:
        rows = rows.filter(officer_id__in=officer_ids)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for officer_id, categories in rows.values_list("officer_id", "categories"):
        counts[officer_id].update(categories)
    return counts


@dataclass(frozen=True)
class Change:
    officer_id: int
    before: str
    after: str


def cards_evaluate(
    *, month: date, officer_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Judge month ``month``'s card of every active officer (or those named) and store it.
    Returns how many cards were written; notifies the officer and supervisor of each change."""
    now = now or timezone.now()
    month = month_start(month)
    rules = card_rules()
    officers = Officer.objects.filter(
        status=Officer.Status.ACTIVE, created_at__lt=_start_of(next_month(month))
    )
    if officer_ids is not None:
        officers = officers.filter(pk__in=officer_ids)
    ids = list(officers.values_list("pk", flat=True))
    counts = month_counts(month, ids)
    before = dict(
        CardColour.objects.filter(officer_id__in=ids, month=previous_month(month)).values_list(
            "officer_id", "colour"
        )
    )
    existing = {card.officer_id: card for card in CardColour.objects.filter(month=month)}
    changes: list[Change] = []
    written = 0
    with transaction.atomic():
        for officer_id in ids:
            card = existing.get(officer_id)
            if card is not None and card.overridden_by_id is not None:
                continue  # the org admin's decision stands
            previous = before.get(officer_id, Colour.YELLOW)
            decision = engine.card_colour_next(previous, counts.get(officer_id, {}), rules)
            values = {
                "colour": decision.colour.value,
                "counts": decision.counts | {"counted": decision.counted},
                "rule_version": decision.rule_version,
                "reason": decision.reason.ms[:300],
            }
            shown_before = card.colour if card is not None else previous
            if card is None:
                CardColour.objects.create(officer_id=officer_id, month=month, **values)
            else:
                for name, value in values.items():
                    setattr(card, name, value)
                card.save(update_fields=[*values])
            written += 1
            if shown_before != decision.colour.value:
                changes.append(Change(officer_id, shown_before, decision.colour.value))
        if changes:
            _notify_later(month, changes)
    return written


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), engine.MALAYSIA)


def _notify_later(month: date, changes: list[Change]) -> None:
    from tenant_apps.attendance.tasks import cards_changed_notify

    payload = [[c.officer_id, c.before, c.after] for c in changes]
    transaction.on_commit(lambda: cards_changed_notify.delay(month.isoformat(), payload))


def card_override(
    *, officer: Officer, month: date, colour: str, reason: str, actor: User
) -> CardColour:
    """The org admin sets a month's colour with a reason; a later evaluation keeps it."""
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise CardError("reason_required", "Give a reason of at least 5 characters.")
    if colour not in Colour.values:
        raise CardError("colour_invalid", "Choose yellow, green or red.")
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise CardError("month_future", "A month that has not started cannot be set.")
    with transaction.atomic():
        card = CardColour.objects.select_for_update().filter(officer=officer, month=month).first()
        before = card.colour if card is not None else None
        if card is None:
            card = CardColour(officer=officer, month=month, counts={}, rule_version="override")
        card.colour = colour
        card.overridden_by = actor
        card.override_reason = reason
        card.save()
        audit_record(
            actor=actor,
            action="cards.override",
            target=card,
            summary=f"Card of {officer.user.full_name} for {month:%Y-%m} set to {colour}: {reason}",
            detail={
                "officer": officer.pk,
                "month": month.isoformat(),
                "before": before,
                "after": colour,
                "reason": reason,
            },
        )
        if before != colour:
            _notify_later(month, [Change(officer.pk, before or "", colour)])
    return card


def cards_due(today: date) -> date | None:
    """The month to evaluate today: last month, once the evaluation day has come and until its
    cards exist. None when nothing is due."""
    if today.day < worktime_settings().evaluation_day:
        return None
    month = previous_month(today)
    if CardColour.objects.filter(month=month).exists():
        return None
    return month


def card_history(officer: Officer, *, months: int = 24) -> list[CardColour]:
    return list(
        CardColour.objects.filter(officer=officer)
        .select_related("overridden_by")
        .order_by("-month")[:months]
    )


def cards_reevaluate_after(officer_ids: list[int], day: date) -> int:
    """After an accepted explanation for ``day``: judge that month's cards again, and every later
    month already judged (each card starts from the month before), for these officers only."""
    month = month_start(day)
    written = 0
    while CardColour.objects.filter(month=month, officer_id__in=officer_ids).exists():
        written += cards_evaluate(month=month, officer_ids=officer_ids)
        month = next_month(month)
    return written
