import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.mykad import MyKadError, parse_mykad

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize("raw", ["850101-14-5011", "850101145011", " 850101 14 5011 "])
def test_mykad_is_accepted_with_or_without_dashes_and_spaces(raw: str) -> None:
    mykad = parse_mykad(raw, today=TODAY)

    assert mykad.number == "850101145011"
    assert mykad.birth_date == dt.date(1985, 1, 1)
    assert mykad.formatted == "850101-14-5011"


@pytest.mark.parametrize("raw", ["", "85010114501", "8501011450111", "85010A145011", "abc"])
def test_mykad_that_is_not_twelve_digits_is_refused(raw: str) -> None:
    with pytest.raises(MyKadError) as error:
        parse_mykad(raw, today=TODAY)

    assert error.value.code == "mykad_format"


@pytest.mark.parametrize(
    "raw", ["850230-14-5011", "851301-14-5011", "850100-14-5011", "010229145011"]
)
def test_mykad_whose_first_six_digits_are_not_a_real_date_is_refused(raw: str) -> None:
    with pytest.raises(MyKadError) as error:
        parse_mykad(raw, today=TODAY)

    assert error.value.code == "mykad_birth_date"


def test_mykad_born_later_this_year_than_today_is_in_the_future() -> None:
    with pytest.raises(MyKadError) as error:
        parse_mykad("261231-14-5011", today=TODAY)

    assert error.value.code == "mykad_birth_date"


def test_century_is_inferred_from_the_current_year() -> None:
    assert parse_mykad("260101-14-5011", today=TODAY).birth_date == dt.date(2026, 1, 1)
    assert parse_mykad("270101-14-5011", today=TODAY).birth_date == dt.date(1927, 1, 1)
    assert parse_mykad("000229-14-5011", today=TODAY).birth_date == dt.date(2000, 2, 29)


def test_gender_hint_comes_from_the_last_digit() -> None:
    assert parse_mykad("850101-14-5011", today=TODAY).gender_hint == "M"
    assert parse_mykad("850101-14-5012", today=TODAY).gender_hint == "F"


def test_unknown_place_of_birth_code_is_a_warning_not_a_refusal() -> None:
    mykad = parse_mykad("850101-18-5011", today=TODAY)

    assert mykad.known_place_of_birth is False
    assert parse_mykad("850101-14-5011", today=TODAY).known_place_of_birth is True


def test_masked_mykad_hides_the_middle() -> None:
    assert parse_mykad("850101-14-5011", today=TODAY).masked == "850101-**-**11"


@given(
    birth=st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY),
    pb=st.integers(min_value=1, max_value=99),
    tail=st.integers(min_value=0, max_value=9999),
    dashes=st.booleans(),
)
def test_every_real_birth_date_round_trips(
    birth: dt.date, pb: int, tail: int, dashes: bool
) -> None:
    sep = "-" if dashes else ""
    raw = f"{birth:%y%m%d}{sep}{pb:02d}{sep}{tail:04d}"

    mykad = parse_mykad(raw, today=TODAY)

    assert mykad.birth_date == birth
    assert mykad.number == raw.replace("-", "")
