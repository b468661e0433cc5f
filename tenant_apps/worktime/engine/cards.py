"""Card colours (kad kuning / hijau / merah), evaluated once a month.

rules.md §1.2 (practice: Majlis Daerah Lipis; Melaka's eMASA ``jana_kod_warna``; UPSI): every
card starts yellow. A month with at least 3 unexcused exceptions turns a yellow card green; a
month with at least 2 turns a green card red; a clean month (none) takes the card one step
back (red → green → yellow). The thresholds, and which exceptions count, are the agency's
settings; the federal text of SPA 1/2004 was not found, so nothing here claims to be it. An
exception whose explanation was accepted does not count (the verdict no longer carries it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from tenant_apps.worktime.engine.types import Category, Reason, Verdict

CARD_RULES_VERSION = "kad-v1"


class CardColour(StrEnum):
    YELLOW = "yellow"
    GREEN = "green"
    RED = "red"


_COLOUR_MS = {CardColour.YELLOW: "kuning", CardColour.GREEN: "hijau", CardColour.RED: "merah"}
_STEP_UP = {CardColour.YELLOW: CardColour.GREEN, CardColour.GREEN: CardColour.RED}
_STEP_BACK = {CardColour.RED: CardColour.GREEN, CardColour.GREEN: CardColour.YELLOW}
_LETTER = {
    Category.LATE_IN: "L",
    Category.EARLY_OUT: "E",
    Category.INCOMPLETE: "I",
    Category.EXTERNAL: "X",
}

DEFAULT_COUNTED = frozenset({Category.LATE_IN, Category.EARLY_OUT, Category.INCOMPLETE})


@dataclass(frozen=True, slots=True)
class CardRules:
    """The agency's card settings (``WorktimeSettings``)."""

    yellow_to_green: int = 3
    green_to_red: int = 2
    counted: frozenset[Category] = field(default=DEFAULT_COUNTED)

    def __post_init__(self) -> None:
        if self.yellow_to_green < 1 or self.green_to_red < 1:
            raise ValueError("Card thresholds are at least 1.")
        if not self.counted:
            raise ValueError("At least one exception category must count.")

    @property
    def version(self) -> str:
        """Names the rules a colour came from, so history survives changed settings
        ("kad-v1:3/2:LEI"; at most 20 characters)."""
        letters = "".join(_LETTER[c] for c in Category if c in self.counted)
        return f"{CARD_RULES_VERSION}:{self.yellow_to_green}/{self.green_to_red}:{letters}"


@dataclass(frozen=True, slots=True)
class CardDecision:
    colour: CardColour
    previous: CardColour
    counted: int  # the unexcused exceptions of the month that count
    counts: dict[str, int]  # per category, every category the month had
    rule_version: str
    reason: Reason


def card_counts(verdicts: Iterable[Verdict]) -> dict[Category, int]:
    """Unexcused exceptions per category over a month's verdicts (one per officer-day)."""
    counts: Counter[Category] = Counter()
    for verdict in verdicts:
        counts.update(verdict.categories)
    return {category: counts[category] for category in Category if counts[category]}


def card_colour_next(
    previous: CardColour | str,
    counts: Mapping[Category, int] | Mapping[str, int],
    rules: CardRules | None = None,
) -> CardDecision:
    """The card after a month with ``counts`` unexcused exceptions per category."""
    rules = rules or CardRules()
    before = CardColour(previous)
    by_name = {str(name): int(value) for name, value in counts.items()}
    if any(value < 0 for value in by_name.values()):
        raise ValueError("Counts cannot be negative.")
    counted = sum(by_name.get(category.value, 0) for category in rules.counted)
    threshold = {CardColour.YELLOW: rules.yellow_to_green, CardColour.GREEN: rules.green_to_red}
    if before in threshold and counted >= threshold[before]:
        after = _STEP_UP[before]
        reason = _stepped_up(before, after, counted, threshold[before])
    elif counted == 0 and before in _STEP_BACK:
        after = _STEP_BACK[before]
        reason = _stepped_back(before, after)
    else:
        after = before
        reason = _kept(before, counted, threshold.get(before))
    return CardDecision(
        colour=after,
        previous=before,
        counted=counted,
        counts={name: value for name, value in sorted(by_name.items()) if value},
        rule_version=rules.version,
        reason=reason,
    )


def _stepped_up(before: CardColour, after: CardColour, counted: int, limit: int) -> Reason:
    return Reason(
        "CARD_UP",
        f"Kad {_COLOUR_MS[before]} bertukar kepada {_COLOUR_MS[after]}: {counted} kesalahan "
        f"tanpa penjelasan yang diterima dalam bulan ini (had {limit})",
        f"The {before.value} card turns {after.value}: {counted} unexcused exceptions this month "
        f"(threshold {limit})",
    )


def _stepped_back(before: CardColour, after: CardColour) -> Reason:
    return Reason(
        "CARD_BACK",
        f"Kad {_COLOUR_MS[before]} kembali kepada {_COLOUR_MS[after]}: tiada kesalahan dalam "
        "bulan ini",
        f"The {before.value} card steps back to {after.value}: a clean month",
    )


def _kept(colour: CardColour, counted: int, limit: int | None) -> Reason:
    if limit is None:
        note_ms, note_en = "", ""
    else:
        note_ms, note_en = f" (had {limit})", f" (threshold {limit})"
    return Reason(
        "CARD_KEPT",
        f"Kad kekal {_COLOUR_MS[colour]}: {counted} kesalahan dalam bulan ini{note_ms}",
        f"The card stays {colour.value}: {counted} unexcused exceptions this month{note_en}",
    )
