"""Card colours (rules.md §1.2): yellow → green at 3, green → red at 2, one step back after a
clean month; thresholds and counted categories are the agency's."""

from __future__ import annotations

import pytest

from tenant_apps.worktime.engine import (
    Arrangements,
    CardColour,
    CardRules,
    Category,
    card_colour_next,
    card_counts,
)
from tests.worktime.engine import TUESDAY, check_in, check_out, judge

Y, G, R = CardColour.YELLOW, CardColour.GREEN, CardColour.RED


@pytest.mark.parametrize(
    ("previous", "lates", "expected"),
    [
        (Y, 0, Y),
        (Y, 2, Y),
        (Y, 3, G),
        (Y, 9, G),  # one step a month, never straight to red
        (G, 0, Y),
        (G, 1, G),
        (G, 2, R),
        (R, 0, G),
        (R, 1, R),
        (R, 5, R),
    ],
)
def test_default_card_steps(previous: CardColour, lates: int, expected: CardColour) -> None:
    decision = card_colour_next(previous, {Category.LATE_IN: lates})

    assert decision.colour is expected
    assert decision.previous is previous
    assert decision.counted == lates


def test_the_default_counts_late_early_and_incomplete_but_not_external() -> None:
    counts = {Category.LATE_IN: 1, Category.EARLY_OUT: 1, Category.INCOMPLETE: 1}

    assert card_colour_next(Y, counts).colour is G
    assert card_colour_next(Y, {Category.EXTERNAL: 5}).colour is Y


def test_an_uncounted_category_leaves_the_month_clean() -> None:
    decision = card_colour_next(G, {"EXTERNAL": 4})

    assert decision.counted == 0
    assert decision.colour is Y
    assert decision.counts == {"EXTERNAL": 4}


def test_thresholds_and_categories_are_the_agencys() -> None:
    strict = CardRules(yellow_to_green=1, green_to_red=1, counted=frozenset({Category.EXTERNAL}))

    assert card_colour_next(Y, {Category.EXTERNAL: 1}, strict).colour is G
    assert card_colour_next(G, {Category.EXTERNAL: 1}, strict).colour is R
    assert card_colour_next(Y, {Category.LATE_IN: 10}, strict).colour is Y


def test_the_rule_version_names_the_thresholds_and_categories() -> None:
    assert CardRules().version == "kad-v1:3/2:LEI"
    assert CardRules(yellow_to_green=4, green_to_red=3, counted=frozenset(Category)).version == (
        "kad-v1:4/3:LEIX"
    )
    assert card_colour_next(Y, {}).rule_version == "kad-v1:3/2:LEI"
    assert len(CardRules(99, 99, frozenset(Category)).version) <= 40  # CardColour.rule_version


def test_the_decision_explains_itself_in_both_languages() -> None:
    up = card_colour_next("yellow", {"LATE_IN": 2, "EARLY_OUT": 1})
    back = card_colour_next("red", {})
    kept = card_colour_next("green", {"LATE_IN": 1})

    assert (up.reason.ms, up.reason.en) == (
        "Kad kuning bertukar kepada hijau: 3 kesalahan tanpa penjelasan yang diterima dalam "
        "bulan ini (had 3)",
        "The yellow card turns green: 3 unexcused exceptions this month (threshold 3)",
    )
    assert back.reason.ms == "Kad merah kembali kepada hijau: tiada kesalahan dalam bulan ini"
    assert back.reason.en == "The red card steps back to green: a clean month"
    assert kept.reason.ms == "Kad kekal hijau: 1 kesalahan dalam bulan ini (had 2)"
    assert up.counts == {"EARLY_OUT": 1, "LATE_IN": 2}


def test_bad_rules_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CardRules(yellow_to_green=0)
    with pytest.raises(ValueError, match="At least one"):
        CardRules(counted=frozenset())
    with pytest.raises(ValueError, match="negative"):
        card_colour_next(Y, {Category.LATE_IN: -1})
    with pytest.raises(ValueError, match="purple"):
        card_colour_next("purple", {})


def test_card_counts_come_from_the_unexcused_categories_of_the_verdicts() -> None:
    late = [check_in(TUESDAY, "09:30"), check_out(TUESDAY, "18:00")]
    excused = Arrangements(excused=frozenset({Category.LATE_IN}))
    verdicts = [
        judge(TUESDAY, late),
        judge(TUESDAY, late),
        judge(TUESDAY, late, arrangements=excused),
        judge(TUESDAY, [check_in(TUESDAY, "08:00")]),
    ]

    counts = card_counts(verdicts)

    assert counts == {Category.LATE_IN: 2, Category.INCOMPLETE: 1}
    assert card_colour_next(Y, counts).colour is G
