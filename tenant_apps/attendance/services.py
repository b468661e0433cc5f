"""Every write of attendance: recording a punch (with its evidence, once per event id), an admin's
correction punch, and the agency's attendance settings. A punch is never refused for where it
was made or what its evidence says; only bad input, a missing position (when the agency requires
one) and an offline punch older than the agency's window are refused, and then nothing is kept."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.attendance import evidence
from tenant_apps.attendance.days import PolicyOn, day_recompute, duty_day_of
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent, AttendanceSettings
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.audit.services import audit_record
from tenant_apps.movements.selectors import movements_overlapping
from tenant_apps.people import geo
from tenant_apps.people.models import Officer
from tenant_apps.people.office_services import home_geofence, office_geofence
from tenant_apps.people.selectors import offices_for_officer
from tenant_apps.worktime.arrangement_selectors import approved_arrangements_on
from tenant_apps.worktime.models import Arrangement

Source = AttendanceEvent.Source
Place = AttendanceEvent.Place

# A device clock may run a little ahead; a claimed time further in the future than this is the
# clock's fault, and the server's time is kept instead (flagged).
FUTURE_TOLERANCE = timedelta(minutes=2)

MESSAGES = {
    "offline_too_old": _(
        "This punch was made offline more than %(hours)s hours ago, which is longer than your "
        "agency accepts. It was not recorded; ask your organisation administrator for a "
        "correction."
    ),
    "position_required": _(
        "Your agency requires your location to check in or out. Allow location access in your "
        "browser and try again."
    ),
    "not_an_officer": _("Your account has no officer record in this agency."),
    "officer_inactive": _("Your officer record is not active."),
    "event_id_taken": _("This event id belongs to another officer's punch."),
    "correction_reason": _("A correction needs a reason."),
    "correction_future": _("A correction cannot be in the future."),
}


class AttendanceError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])


@dataclass(frozen=True)
class PunchInput:
    kind: str  # "in" / "out" (biometric devices may say "unknown")
    event_id: uuid.UUID
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    device_time: datetime | None = None  # when the button was pressed, by the device's clock
    offline: bool = False
    sent_at: datetime | None = None  # the device's clock when it sent an offline punch
    source: str = Source.WEB
    ip: str | None = None
    user_agent: str = ""


@dataclass(frozen=True)
class PunchResult:
    event: AttendanceEvent
    day: AttendanceDay
    created: bool


@dataclass(frozen=True)
class PlaceVerdict:
    place: str
    office_id: int | None
    distance_m: float | None


def place_of(officer: Officer, lat: float | None, lon: float | None, at: datetime) -> PlaceVerdict:
    """Office if inside any of the officer's offices, home if inside the home fence on a BDR
    day, else outside (with the distance to the nearest office). No position: outside."""
    if lat is None or lon is None:
        return PlaceVerdict(Place.OUTSIDE, None, None)
    nearest: tuple[float, int] | None = None
    for office in offices_for_officer(officer).filter(is_active=True):
        verdict = geo.geofence_test(office_geofence(office), lat, lon)
        if verdict.inside:
            return PlaceVerdict(Place.OFFICE, office.pk, 0.0)
        if nearest is None or verdict.distance_m < nearest[0]:
            nearest = (verdict.distance_m, office.pk)
    home = getattr(officer, "home", None)
    if (
        home is not None
        and _bdr_on(officer, at)
        and geo.geofence_test(home_geofence(home), lat, lon).inside
    ):
        return PlaceVerdict(
            Place.HOME, nearest[1] if nearest else None, nearest[0] if nearest else None
        )
    if nearest is None:
        return PlaceVerdict(Place.OUTSIDE, None, None)
    return PlaceVerdict(Place.OUTSIDE, nearest[1], round(nearest[0], 1))


def _bdr_on(officer: Officer, at: datetime) -> bool:
    day = timezone.localdate(at)
    return approved_arrangements_on(officer, day).filter(kind=Arrangement.Kind.BDR).exists()


def _times(
    data: PunchInput, now: datetime, rules: AttendanceSettings
) -> tuple[datetime, int | None]:
    """The claimed time and the device clock's skew (device minus server, seconds)."""
    if not data.offline:
        skew = int((data.device_time - now).total_seconds()) if data.device_time else None
        return now, skew
    assert data.device_time is not None
    # The clock's error, measured when the punch was sent, applies to when it was made.
    skew = int((data.sent_at - now).total_seconds()) if data.sent_at else None
    claimed = data.device_time
    if now - claimed > timedelta(hours=rules.offline_window_hours):
        raise AttendanceError("offline_too_old", hours=rules.offline_window_hours)
    if claimed > now + FUTURE_TOLERANCE:
        claimed = now
        skew = int((data.device_time - now).total_seconds())
    return claimed, skew


def punch_record(*, officer: Officer, data: PunchInput, now: datetime | None = None) -> PunchResult:
    """Record a punch once per event id and judge its duty day again. A second call with the same
    event id returns the first result and writes nothing."""
    existing = _replay(officer, data.event_id)
    if existing is not None:
        return existing
    now = now or timezone.now()
    rules = attendance_settings()
    if officer.status != Officer.Status.ACTIVE:
        raise AttendanceError("officer_inactive")
    has_position = data.latitude is not None and data.longitude is not None
    if not has_position and not rules.accept_without_position:
        raise AttendanceError("position_required")
    claimed_at, skew = _times(data, now, rules)
    try:
        with transaction.atomic():
            # One officer's punches are chained: take them one at a time.
            Officer.objects.select_for_update().only("pk").get(pk=officer.pk)
            existing = _replay(officer, data.event_id)
            if existing is not None:
                return existing
            event = _event_create(officer, data, now, claimed_at, skew, rules, has_position)
            policy_on = PolicyOn(officer)
            day = day_recompute(
                officer,
                duty_day_of(officer, claimed_at, policy_on),
                now=now,
                policy_on=policy_on,
            )
    except IntegrityError:
        # The same event id arrived on another connection first (or belongs to someone else).
        existing = _replay(officer, data.event_id)
        if existing is None:
            raise AttendanceError("event_id_taken") from None
        return existing
    if event.place == Place.OUTSIDE and not _covered(officer, claimed_at):
        _notify_outside(event)
    return PunchResult(event=event, day=day, created=True)


def _replay(officer: Officer, event_id: uuid.UUID) -> PunchResult | None:
    event = AttendanceEvent.objects.filter(event_id=event_id).first()
    if event is None:
        return None
    if event.officer_id != officer.pk:
        raise AttendanceError("event_id_taken")
    # The day stored when the punch was recorded: the latest one open at the punch's time.
    local = timezone.localdate(event.claimed_at)
    day = (
        AttendanceDay.objects.filter(
            officer=officer,
            day__range=(local - timedelta(days=1), local),
            ends_at__gt=event.claimed_at,
        )
        .order_by("day")
        .first()
    )
    if day is None:
        day = day_recompute(officer, duty_day_of(officer, event.claimed_at))
    return PunchResult(event=event, day=day, created=False)


def _event_create(
    officer: Officer,
    data: PunchInput,
    now: datetime,
    claimed_at: datetime,
    skew: int | None,
    rules: AttendanceSettings,
    has_position: bool,
) -> AttendanceEvent:
    verdict = place_of(officer, data.latitude, data.longitude, claimed_at)
    previous = AttendanceEvent.objects.filter(officer=officer).order_by("-id").first()
    last_fix = (
        AttendanceEvent.objects.filter(officer=officer, latitude__isnull=False)
        .order_by("-claimed_at", "-id")
        .first()
    )
    current_fix = (
        evidence.Fix(claimed_at, data.latitude, data.longitude)
        if data.latitude is not None and data.longitude is not None
        else None
    )
    same_before = (
        AttendanceEvent.objects.filter(
            officer=officer, latitude=data.latitude, longitude=data.longitude
        ).count()
        if has_position
        else 0
    )
    flags = evidence.flags_for(
        thresholds=evidence.Thresholds(
            poor_accuracy_m=rules.poor_accuracy_m,
            impossible_speed_kmh=rules.impossible_speed_kmh,
            clock_skew_seconds=rules.clock_skew_minutes * 60,
            repeated_coordinates_count=rules.repeated_coordinates_count,
        ),
        has_position=has_position,
        accuracy_m=data.accuracy_m,
        skew_seconds=skew,
        previous=(
            evidence.Fix(last_fix.claimed_at, last_fix.latitude, last_fix.longitude)
            if last_fix is not None
            and last_fix.latitude is not None
            and last_fix.longitude is not None
            else None
        ),
        current=current_fix,
        same_coordinates_before=same_before,
        offline=data.offline,
    )
    event = AttendanceEvent(
        officer=officer,
        event_id=data.event_id,
        kind=data.kind,
        source=Source.OFFLINE if data.offline else data.source,
        recorded_at=now,
        claimed_at=claimed_at,
        device_time=data.device_time,
        skew_seconds=skew,
        latitude=data.latitude,
        longitude=data.longitude,
        accuracy_m=data.accuracy_m,
        place=verdict.place,
        office_id=verdict.office_id,
        distance_m=verdict.distance_m,
        flags=flags,
        ip=data.ip,
        user_agent=data.user_agent[:300],
    )
    _chain(event, previous)
    event.save(force_insert=True)
    return event


def _chain(event: AttendanceEvent, previous: AttendanceEvent | None) -> None:
    event.prev_hash = previous.chain_hash if previous is not None else ""
    event.chain_hash = evidence.chain_hash(event.prev_hash, evidence.chain_fields(event))


def _covered(officer: Officer, at: datetime) -> bool:
    return movements_overlapping(officer, at, at + timedelta(seconds=1)).exists()


def _notify_outside(event: AttendanceEvent) -> None:
    from tenant_apps.attendance.tasks import punch_outside_notify

    transaction.on_commit(lambda: punch_outside_notify.delay(event.pk))


def punch_correct(
    *,
    officer: Officer,
    kind: str,
    at: datetime,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> PunchResult:
    """An org admin's compensating punch: a new record with the admin and the reason; no other
    punch changes. Audited."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise AttendanceError("correction_reason")
    if at > now:
        raise AttendanceError("correction_future")
    with transaction.atomic():
        Officer.objects.select_for_update().only("pk").get(pk=officer.pk)
        previous = AttendanceEvent.objects.filter(officer=officer).order_by("-id").first()
        event = AttendanceEvent(
            officer=officer,
            event_id=uuid.uuid4(),
            kind=kind,
            source=Source.ADMIN,
            recorded_at=now,
            claimed_at=at,
            place=Place.OFFICE,
            reason=reason[:300],
            created_by=actor,
        )
        _chain(event, previous)
        event.save(force_insert=True)
        day = day_recompute(officer, duty_day_of(officer, at), now=now)
        audit_record(
            actor=actor,
            action="attendance.correction",
            target=event,
            summary=f"Correction punch ({kind}) for {officer.user.full_name} at "
            f"{timezone.localtime(at):%Y-%m-%d %H:%M}: {reason}",
            detail={"officer": officer.pk, "kind": kind, "at": at.isoformat(), "reason": reason},
        )
    return PunchResult(event=event, day=day, created=True)


SETTINGS_FIELDS = (
    "accept_without_position",
    "offline_window_hours",
    "poor_accuracy_m",
    "impossible_speed_kmh",
    "clock_skew_minutes",
    "repeated_coordinates_count",
    "reminder_minutes_before",
)


def attendance_settings_update(*, actor: User, values: dict[str, Any]) -> AttendanceSettings:
    with transaction.atomic():
        row = attendance_settings(for_update=True)
        before = {name: getattr(row, name) for name in SETTINGS_FIELDS}
        for name in SETTINGS_FIELDS:
            if name in values:
                setattr(row, name, values[name])
        row.updated_by = actor
        row.save()
        after = {name: getattr(row, name) for name in SETTINGS_FIELDS}
        changed = {k: [before[k], after[k]] for k in SETTINGS_FIELDS if before[k] != after[k]}
        if changed:
            audit_record(
                actor=actor,
                action="attendance.settings",
                target=row,
                summary="Attendance settings changed: " + ", ".join(sorted(changed)),
                detail=changed,
            )
    return row
