"""Every write of the worktime app. Each runs in the current schema (the caller picks the agency)
and is idempotent: provisioning may run it again on an agency that already has the data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time

from django.db import transaction
from holidays.countries.malaysia import Malaysia

from tenant_apps.worktime.models import PublicHoliday, Region, WorkPolicy
from tenant_apps.worktime.regions import region_versions

DEFAULT_WORK_POLICY_NAME = "WBF (PP 5/2019)"

# Pekeliling Perkhidmatan Bil. 5/2019 (research/rules.md §2).
WBF_CHECK_IN_START = time(7, 30)
WBF_CHECK_IN_END = time(9, 0)
WBF_SPAN_MINUTES = 9 * 60
WBF_SHORT_THURSDAY_SPAN_MINUTES = 7 * 60 + 30
WBF_REST_MINUTES = 60


@transaction.atomic
def region_ensure(*, state_code: str) -> list[Region]:
    """Copy the state's versions from ``regions.py``; a version already there is brought up to
    date. Versions are matched on their start date."""
    regions: list[Region] = []
    for version in region_versions(state_code):
        rest_start, rest_end = version.friday_rest or (None, None)
        region, _ = Region.objects.update_or_create(
            state_code=version.state_code,
            effective_from=version.effective_from,
            defaults={
                "name": version.name,
                "weekend_days": list(version.weekend_days),
                "short_thursday": version.short_thursday,
                "friday_rest_start": rest_start,
                "friday_rest_end": rest_end,
                "effective_to": version.effective_to,
            },
        )
        regions.append(region)
    return regions


@transaction.atomic
def public_holidays_seed(*, state_code: str, years: Iterable[int]) -> int:
    """Add the state's public holidays for ``years`` from the ``holidays`` package and return how
    many rows were new. A holiday already there (by date and Malay name) is left as it is, so one
    the org admin switched off stays off."""
    wanted = _package_holidays(state_code=state_code, years=years)
    if not wanted:
        return 0
    existing = set(
        PublicHoliday.objects.filter(date__in={day for day, _, _ in wanted}).values_list(
            "date", "name"
        )
    )
    new = [
        PublicHoliday(
            date=day,
            name=name,
            name_en=name_en,
            state_code=state_code,
            source=PublicHoliday.Source.PACKAGE,
        )
        for day, name, name_en in wanted
        if (day, name) not in existing
    ]
    PublicHoliday.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def default_work_policy_ensure(*, effective_from: date) -> WorkPolicy:
    """The agency's default WBF policy. If it exists it is returned unchanged, whatever
    ``effective_from`` says: the org admin may have edited it since."""
    policy = (
        WorkPolicy.objects.filter(
            name=DEFAULT_WORK_POLICY_NAME, kind=WorkPolicy.Kind.WBF, is_default=True
        )
        .order_by("effective_from")
        .first()
    )
    if policy is not None:
        return policy
    return WorkPolicy.objects.create(
        name=DEFAULT_WORK_POLICY_NAME,
        kind=WorkPolicy.Kind.WBF,
        is_default=True,
        effective_from=effective_from,
        check_in_start=WBF_CHECK_IN_START,
        check_in_end=WBF_CHECK_IN_END,
        span_minutes=WBF_SPAN_MINUTES,
        short_day_span_minutes=WBF_SHORT_THURSDAY_SPAN_MINUTES,
        rest_minutes=WBF_REST_MINUTES,
        grace_minutes=0,
    )


def _package_holidays(*, state_code: str, years: Iterable[int]) -> list[tuple[date, str, str]]:
    """``(date, Malay name, English name)`` for every holiday of the state in ``years``.

    The package joins holidays falling on the same day into one "A; B" string, sorted by the
    name in each language, so the two languages cannot be paired by position (Putrajaya,
    2026-02-01: "Hari Thaipusam; Hari Wilayah Persekutuan" vs "Federal Territory Day;
    Thaipusam"). Each Malay name is translated through the package's own catalogue instead."""
    year_list = sorted(set(years))
    if not year_list:
        return []
    in_malay = Malaysia(subdiv=state_code, years=year_list, language="ms_MY")
    in_english = Malaysia(subdiv=state_code, years=year_list, language="en_US")
    rows: list[tuple[date, str, str]] = []
    for day in sorted(in_malay):
        names = in_malay.get_list(day)
        english = _pair_english(names, in_english.get_list(day), in_english.tr)
        rows.extend((day, name, name_en) for name, name_en in zip(names, english, strict=True))
    return rows


# The package's name templates (its Malay msgids), longest first so that "Cuti X (anggaran)"
# is not read as "Cuti" around "X (anggaran)".
_LABELS: tuple[str, ...] = (
    Malaysia.observed_estimated_label,
    Malaysia.observed_label,
    Malaysia.estimated_label,
)


def _pair_english(
    names: list[str], candidates: list[str], translate: Callable[[str], str]
) -> list[str]:
    """The English name of each Malay name, taken from ``candidates``; a name the catalogue
    cannot place gets a leftover candidate (or "" when none is left)."""
    leftover = list(candidates)
    english: list[str | None] = []
    for name in names:
        guess = _translate(name, translate)
        if guess in leftover:
            leftover.remove(guess)
            english.append(guess)
        else:
            english.append(None)
    return [
        found if found is not None else (leftover.pop(0) if leftover else "") for found in english
    ]


def _translate(name: str, translate: Callable[[str], str]) -> str:
    direct = translate(name)
    if direct != name:
        return direct
    for label in _LABELS:
        prefix, _, suffix = label.partition("%s")
        if (
            len(name) > len(prefix) + len(suffix)
            and name.startswith(prefix)
            and name.endswith(suffix)
        ):
            inner = name[len(prefix) : len(name) - len(suffix)]
            return translate(label) % _translate(inner, translate)
    return name
