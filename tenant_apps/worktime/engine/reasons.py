"""The verdict's sentences, each in Malay (baku) and English. Pure: no gettext, so a verdict
reads the same in a Celery worker, a report and a test. Times are minutes from the duty day's
midnight, shown as HH:MM in Malaysia time."""

from __future__ import annotations

from tenant_apps.worktime.engine.types import BdrScope, Category, Holiday, PunchKind, Reason

DAY = 24 * 60


_CLOCK = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(DAY))


def hhmm(minutes: int) -> str:
    return _CLOCK[minutes % DAY]


def duration_ms(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} jam {mins} minit"
    return f"{hours} jam" if hours else f"{mins} minit"


def duration_en(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


CATEGORY_MS = {
    Category.LATE_IN: "lewat",
    Category.EARLY_OUT: "awal keluar",
    Category.INCOMPLETE: "tidak lengkap",
    Category.EXTERNAL: "di luar kawasan",
}
CATEGORY_EN = {
    Category.LATE_IN: "late in",
    Category.EARLY_OUT: "early out",
    Category.INCOMPLETE: "incomplete",
    Category.EXTERNAL: "outside the office",
}

# --- Status ---------------------------------------------------------------------------------

WEEKEND = Reason("WEEKEND", "Hujung minggu", "Weekend")
ABSENT = Reason("ABSENT", "Tidak hadir: tiada rekod kehadiran", "Absent: no attendance record")
PENDING = Reason(
    "PENDING",
    "Belum hadir: tiada rekod kehadiran setakat ini",
    "Not in yet: no attendance record so far",
)
LEAVE = Reason("LEAVE", "Cuti: tidak bertugas sepanjang hari", "On leave: the whole day")


def holiday(found: Holiday) -> Reason:
    return Reason(
        "PUBLIC_HOLIDAY", f"Cuti umum: {found.name_ms}", f"Public holiday: {found.name_en}"
    )


def holiday_on_duty(found: Holiday, label_ms: str, label_en: str) -> Reason:
    return Reason(
        "PUBLIC_HOLIDAY_ON_DUTY",
        f"Cuti umum: {found.name_ms} ({label_ms} bertugas seperti biasa)",
        f"Public holiday: {found.name_en} (the {label_en} works as usual)",
    )


def weekend_on_duty(label_ms: str, label_en: str) -> Reason:
    return Reason(
        "WEEKEND_ON_DUTY",
        f"Hujung minggu ({label_ms} bertugas seperti biasa)",
        f"Weekend (the {label_en} works as usual)",
    )


_BDR_MS = {
    BdrScope.FULL: "sepanjang hari",
    BdrScope.AM: "separuh hari pagi (pagi dari rumah, petang di pejabat)",
    BdrScope.PM: "separuh hari petang (pagi di pejabat, petang dari rumah)",
}
_BDR_EN = {
    BdrScope.FULL: "full day",
    BdrScope.AM: "half day, morning (the morning from home, the afternoon at the office)",
    BdrScope.PM: "half day, afternoon (the morning at the office, the afternoon from home)",
}


def bdr(scope: BdrScope) -> Reason:
    return Reason(
        "BDR",
        f"Bekerja dari rumah (BDR), {_BDR_MS[scope]}: dikira hadir bertugas",
        f"Work from home (BDR), {_BDR_EN[scope]}: counted as present on duty",
    )


BDR_NO_CHECK_IN = Reason(
    "BDR_NO_CHECK_IN",
    "BDR: daftar masuk tidak diwajibkan oleh agensi",
    "BDR: the agency does not require a check-in",
)


def present(check_in: int | None, check_out: int | None, label_ms: str, label_en: str) -> Reason:
    if check_in is None and check_out is None:
        return Reason(
            "PRESENT",
            "Hadir: dalam pergerakan yang diluluskan",
            "Present: on an approved movement",
        )
    parts_ms, parts_en = [], []
    if check_in is not None:
        parts_ms.append(f"daftar masuk {hhmm(check_in)}")
        parts_en.append(f"checked in {hhmm(check_in)}")
    if check_out is not None:
        parts_ms.append(f"daftar keluar {hhmm(check_out)}")
        parts_en.append(f"checked out {hhmm(check_out)}")
    return Reason(
        "PRESENT",
        f"Hadir: {', '.join(parts_ms)} ({label_ms})",
        f"Present: {', '.join(parts_en)} ({label_en})",
    )


# --- Categories -----------------------------------------------------------------------------


def late(check_in: int, late_from: int, label_ms: str, label_en: str) -> Reason:
    return Reason(
        "LATE_IN",
        f"Lewat: daftar masuk {hhmm(check_in)} selepas {hhmm(late_from)} ({label_ms})",
        f"Late: checked in {hhmm(check_in)} after {hhmm(late_from)} ({label_en})",
    )


# What stood in for a punch: an approved movement, or the home half of a BDR day.
MOVEMENT_WORDS = ("pergerakan", "the movement")
BDR_WORDS = ("BDR", "BDR")


def late_covered(
    start: int, late_from: int, label_ms: str, label_en: str, words: tuple[str, str]
) -> Reason:
    return Reason(
        "LATE_IN",
        f"Lewat: {words[0]} bermula {hhmm(start)} selepas {hhmm(late_from)} ({label_ms})",
        f"Late: {words[1]} began {hhmm(start)} after {hhmm(late_from)} ({label_en})",
    )


def early(check_out: int, required_out: int) -> Reason:
    return Reason(
        "EARLY_OUT",
        f"Keluar awal: daftar keluar {hhmm(check_out)} sebelum {hhmm(required_out)}",
        f"Early out: checked out {hhmm(check_out)} before {hhmm(required_out)}",
    )


def early_covered(end: int, required_out: int, words: tuple[str, str]) -> Reason:
    return Reason(
        "EARLY_OUT",
        f"Keluar awal: {words[0]} tamat {hhmm(end)} sebelum {hhmm(required_out)}",
        f"Early out: {words[1]} ended {hhmm(end)} before {hhmm(required_out)}",
    )


NO_CHECK_OUT = Reason(
    "INCOMPLETE", "Tidak lengkap: tiada daftar keluar", "Incomplete: no check-out"
)
NO_CHECK_IN = Reason("INCOMPLETE", "Tidak lengkap: tiada daftar masuk", "Incomplete: no check-in")

_EXTERNAL = {
    PunchKind.IN: Reason(
        "EXTERNAL",
        "Di luar kawasan: daftar masuk di luar kawasan pejabat",
        "Outside the office: checked in outside the office geofence",
    ),
    PunchKind.OUT: Reason(
        "EXTERNAL",
        "Di luar kawasan: daftar keluar di luar kawasan pejabat",
        "Outside the office: checked out outside the office geofence",
    ),
    PunchKind.UNKNOWN: Reason(
        "EXTERNAL",
        "Di luar kawasan: rekod kehadiran di luar kawasan pejabat",
        "Outside the office: a punch outside the office geofence",
    ),
}


def external(kind: PunchKind) -> Reason:
    return _EXTERNAL[kind]


def excused(category: Category) -> Reason:
    return Reason(
        "EXCUSED",
        f"Dikecualikan: {CATEGORY_MS[category]} (penjelasan diterima)",
        f"Excused: {CATEGORY_EN[category]} (explanation accepted)",
    )


# --- How the check-out time was reached -----------------------------------------------------


def out_from_start(required: int, start: int, check_in: int | None, span: int) -> Reason:
    """WBF: the span counted from the check-in, or from the window's opening when the check-in
    (``check_in``, given only then) was earlier."""
    if check_in is not None:
        return Reason(
            "REQUIRED_OUT",
            f"Waktu keluar {hhmm(required)} (WBF): {duration_ms(span)} dari {hhmm(start)}, "
            f"kerana daftar masuk {hhmm(check_in)} dikira {hhmm(start)}",
            f"Check-out due {hhmm(required)} (WBF): {duration_en(span)} from {hhmm(start)}, "
            f"as the {hhmm(check_in)} check-in counts as {hhmm(start)}",
        )
    return Reason(
        "REQUIRED_OUT",
        f"Waktu keluar {hhmm(required)} (WBF): {duration_ms(span)} dari {hhmm(start)}",
        f"Check-out due {hhmm(required)} (WBF): {duration_en(span)} from {hhmm(start)}",
    )


def out_end_of_office(required: int, was_late: bool) -> Reason:
    if was_late:
        return Reason(
            "REQUIRED_OUT",
            f"Waktu keluar {hhmm(required)} (WBF): akhir waktu pejabat kerana lewat",
            f"Check-out due {hhmm(required)} (WBF): the end of office hours, as the check-in "
            "was late",
        )
    return Reason(
        "REQUIRED_OUT",
        f"Waktu keluar {hhmm(required)} (WBF): akhir waktu pejabat",
        f"Check-out due {hhmm(required)} (WBF): the end of office hours",
    )


def out_scheduled(required: int, start: int, label_ms: str, label_en: str) -> Reason:
    return Reason(
        "REQUIRED_OUT",
        f"Waktu keluar {hhmm(required)} ({label_ms} {hhmm(start)}–{hhmm(required)})",
        f"Check-out due {hhmm(required)} ({label_en} {hhmm(start)}–{hhmm(required)})",
    )


def short_day(span: int) -> Reason:
    return Reason(
        "SHORT_DAY",
        f"Khamis singkat: tempoh bekerja {duration_ms(span)}",
        f"Short Thursday: a {duration_en(span)} day",
    )


def friday_rest(start: int, end: int) -> Reason:
    return Reason(
        "FRIDAY_REST",
        f"Rehat Jumaat {hhmm(start)}–{hhmm(end)}",
        f"Friday rest {hhmm(start)}–{hhmm(end)}",
    )


def pregnancy(minutes: int, required: int) -> Reason:
    return Reason(
        "PREGNANCY_EARLY_LEAVE",
        f"Pulang awal wanita mengandung: keluar {minutes} minit lebih awal, pada {hhmm(required)}",
        f"Pregnancy early leave: out {minutes} minutes earlier, at {hhmm(required)}",
    )


def ramadan(minutes: int, required: int) -> Reason:
    return Reason(
        "RAMADAN_SHORT_REST",
        f"Rehat Ramadan dipendekkan: keluar {minutes} minit lebih awal, pada {hhmm(required)}",
        f"Ramadan shortened rest: out {minutes} minutes earlier, at {hhmm(required)}",
    )


def movement(start: int, end: int) -> Reason:
    return Reason(
        "MOVEMENT",
        f"Pergerakan diluluskan {hhmm(start)}–{hhmm(end)}",
        f"Approved movement {hhmm(start)}–{hhmm(end)}",
    )
