"""The attendance notifications, in the seed's words. Run inside Celery tasks only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.notifications.models import Kind
from tenant_apps.notifications.services import notification_send
from tenant_apps.people.selectors import supervisor_users_of


def punch_outside_notify_send(event_id: int) -> int:
    event = AttendanceEvent.objects.select_related("officer__user").filter(pk=event_id).first()
    if event is None:
        return 0
    name = event.officer.user.full_name
    if event.kind == AttendanceEvent.Kind.OUT:
        text_ms = f"{name} telah mendaftar keluar dari luar kawasan pejabat."
        text_en = f"{name} checked out from outside the office area."
    else:
        text_ms = f"{name} telah mendaftar masuk dari luar kawasan pejabat."
        text_en = f"{name} checked in from outside the office area."
    sent = notification_send(
        recipients=supervisor_users_of(event.officer, on=timezone.localdate(event.claimed_at)),
        kind=Kind.PUNCH_OUTSIDE,
        text_ms=text_ms,
        text_en=text_en,
        link=f"/attendance/officers/{event.officer_id}/",
    )
    return len(sent)


def checkout_reminders_send(*, now: datetime | None = None) -> int:
    """Remind officers who checked in but not out, shortly before their required check-out."""
    now = now or timezone.now()
    lead = timedelta(minutes=attendance_settings().reminder_minutes_before)
    due = AttendanceDay.objects.filter(
        closed=False,
        check_in__isnull=False,
        check_out__isnull=True,
        reminder_sent_at__isnull=True,
        required_out__gt=now,
        required_out__lte=now + lead,
    ).select_related("officer__user")
    count = 0
    for day in due:
        # Claim the reminder first, so two workers never send it twice.
        claimed = AttendanceDay.objects.filter(pk=day.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed or day.required_out is None:
            continue
        at = timezone.localtime(day.required_out).strftime("%H:%M")
        notification_send(
            recipients=[day.officer.user],
            kind=Kind.CHECKOUT_REMINDER,
            text_ms=f"Peringatan: anda belum mendaftar keluar. Waktu keluar yang ditetapkan {at}.",
            text_en=f"Reminder: you have not checked out yet. Your check-out time is {at}.",
            link="/",
        )
        count += 1
    return count


def cards_changed_send(month: date, changes: list[list[object]]) -> int:
    """ "Kad anda bagi November 2026 bertukar daripada kuning kepada hijau." to the officer, and
    the same about them to their supervisor."""
    from tenant_apps.attendance_issues.cards import COLOUR_MS
    from tenant_apps.people.models import Officer

    officers = Officer.objects.select_related("user").in_bulk(
        [int(str(officer_id)) for officer_id, _, _ in changes]
    )
    sent = 0
    for officer_id, before, after in changes:
        officer = officers.get(int(str(officer_id)))
        if officer is None:
            continue
        when_ms, when_en = (_month_name(month, language) for language in ("ms", "en"))
        was_ms = COLOUR_MS.get(str(before), "")
        now_ms = COLOUR_MS.get(str(after), str(after))
        change_ms = f"daripada {was_ms} kepada {now_ms}" if was_ms else f"kepada {now_ms}"
        change_en = f"from {before} to {after}" if before else f"to {after}"
        link = "/attendance/cards/"
        sent += len(
            notification_send(
                recipients=[officer.user],
                kind=Kind.CARD_CHANGED,
                text_ms=f"Kad anda bagi {when_ms} bertukar {change_ms}.",
                text_en=f"Your card for {when_en} changed {change_en}.",
                link=link,
            )
        )
        sent += len(
            notification_send(
                recipients=supervisor_users_of(officer),
                kind=Kind.CARD_CHANGED,
                text_ms=f"Kad {officer.user.full_name} bagi {when_ms} bertukar {change_ms}.",
                text_en=f"The card of {officer.user.full_name} for {when_en} changed {change_en}.",
                link=f"/attendance/cards/officer/{officer.pk}/",
            )
        )
    return sent


def _month_name(month: date, language: str) -> str:
    """ "November 2026" in Malay or English (Django's own month names)."""
    with translation.override(language):
        return date_format(month, "F Y")
