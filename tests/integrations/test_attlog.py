"""Reading device files without the database: ZKTeco ATTLOG lines (push bodies and 1_attlog.dat
exports) and CSV files with a column mapping. Bad lines become per-line errors with a clear
reason; a file that cannot be read at all is refused as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from tenant_apps.integrations.attlog import (
    CsvMapping,
    csv_columns,
    decode_text,
    dedupe,
    parse_attlog,
    parse_csv,
)
from tenant_apps.integrations.errors import IntegrationError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "biometric"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def fixture_text(name: str) -> str:
    return decode_text((FIXTURES / name).read_bytes())


def test_a_dat_export_is_read_with_padded_ids_crlf_and_blank_lines() -> None:
    lines, errors = parse_attlog(fixture_text("attlog_sample.dat"))

    assert [(line.line_no, line.device_user_id, line.device_local) for line in lines[:3]] == [
        (1, "1", "2026-11-25 08:02:11"),
        (2, "1", "2026-11-25 12:30:40"),
        (3, "1", "2026-11-25 17:15:02"),
    ]
    assert lines[0].local.isoformat() == "2026-11-25T08:02:11"  # naive: the device's clock
    assert lines[0].raw == "        1\t2026-11-25 08:02:11\t255\t1\t0\t0"
    assert all("\r" not in line.raw for line in lines)
    assert len(lines) == 9  # one of them a repeat
    assert [(error.line, error.code) for error in errors] == [
        (8, "line_timestamp_invalid"),
        (9, "line_fields_missing"),
        (10, "line_state_invalid"),
        (11, "line_user_id_invalid"),
    ]


def test_each_bad_line_says_what_is_wrong_in_plain_words() -> None:
    _lines, errors = parse_attlog(fixture_text("attlog_sample.dat"))
    messages = {error.code: error.message for error in errors}

    assert messages["line_timestamp_invalid"] == (
        "The date and time “2026-11-31 08:00:00” cannot be read (expected YYYY-MM-DD HH:MM:SS)."
    )
    assert "at least a device user id and a date and time" in messages["line_fields_missing"]
    assert messages["line_state_invalid"] == "The punch state “X” is not a number."
    assert "“4 2” is not valid" in messages["line_user_id_invalid"]
    assert errors[1].raw == "       77"


def test_punch_states_become_in_out_or_unknown() -> None:
    body = "\n".join(
        f"9\t2026-11-25 08:0{minute}:00\t{state}\t1"
        for minute, state in enumerate(["0", "1", "2", "3", "4", "5", "255", "", "7"])
    )
    lines, errors = parse_attlog(body)

    assert errors == []
    assert [(line.state, line.kind) for line in lines] == [
        ("0", "in"),
        ("1", "out"),
        ("2", "out"),
        ("3", "in"),
        ("4", "in"),
        ("5", "out"),
        ("255", "unknown"),
        ("", "unknown"),
        ("7", "unknown"),
    ]
    assert lines[0].verify == "1"


def test_a_line_padded_with_spaces_instead_of_tabs_is_read() -> None:
    lines, errors = parse_attlog("   15  2026-11-25 08:00:00  1  1  0\n")

    assert errors == []
    assert (lines[0].device_user_id, lines[0].device_local, lines[0].kind) == (
        "15",
        "2026-11-25 08:00:00",
        "out",
    )


def test_a_line_too_long_is_an_error_and_the_others_are_kept() -> None:
    body = "1\t2026-11-25 08:00:00\t0\t1\t" + "0" * 600 + "\n2\t2026-11-25 08:01:00\t0\t1\n"
    lines, errors = parse_attlog(body)

    assert [line.device_user_id for line in lines] == ["2"]
    assert [(error.line, error.code) for error in errors] == [(1, "line_too_long")]
    assert errors[0].message == "The line is longer than 500 characters."
    assert len(errors[0].raw) <= 200


def test_the_same_line_twice_in_a_file_is_a_duplicate_not_an_error() -> None:
    lines, errors = parse_attlog(fixture_text("attlog_sample.dat"))
    unique, repeats = dedupe(lines)

    assert repeats == 1
    assert len(unique) == 8
    assert len({line.key for line in unique}) == 8
    assert all(error.code != "duplicate" for error in errors)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"\r\n  \r\n\n", "file_empty"),
        (b"PK\x03\x04\x00\x00binary", "file_not_text"),
        ("1\t2026-11-25 08:00:00\n".encode("utf-16"), "file_not_text"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(content: bytes, code: str) -> None:
    with pytest.raises(IntegrationError) as refused:
        parse_attlog(decode_text(content))
    assert refused.value.code == code


def test_a_file_too_big_or_with_too_many_lines_is_refused() -> None:
    with pytest.raises(IntegrationError) as refused:
        decode_text(b"1\t2026-11-25 08:00:00\t0\t1\n" * 250_000)
    assert refused.value.code == "file_too_big"
    assert refused.value.message == "The file is larger than 5 MB. Split it and import the parts."

    with pytest.raises(IntegrationError) as refused:
        parse_attlog("\n".join("1" for _ in range(100_001)))
    assert refused.value.code == "file_too_many_lines"
    assert "100,000" in refused.value.message


def test_latin1_and_a_byte_order_mark_are_read() -> None:
    assert decode_text("\ufeffPIN,Nama\n".encode()) == "PIN,Nama\n"
    assert decode_text("PIN,Nama\n1,JOS\xc9\n".encode("latin-1")) == "PIN,Nama\n1,JOSÉ\n"


# --- CSV ---------------------------------------------------------------------------------------

DATE_TIME = CsvMapping(user_id="Emp No.", date="Date", time="Time", state="Status")


def test_csv_columns_are_the_header() -> None:
    assert csv_columns(fixture_text("punches_sample.csv")) == [
        "Emp No.",
        "Name",
        "Date",
        "Time",
        "Status",
        "Device",
    ]
    assert csv_columns(fixture_text("punches_semicolon.csv")) == ["PIN", "Waktu", "Keadaan"]
    assert csv_columns("PIN\tMasa\n1\t2026-11-25 08:00:00\n") == ["PIN", "Masa"]


def test_a_csv_with_date_and_time_columns_and_state_words_is_read() -> None:
    lines, errors = parse_csv(fixture_text("punches_sample.csv"), DATE_TIME)

    assert [
        (line.line_no, line.device_user_id, line.device_local, line.kind) for line in lines
    ] == [
        (2, "1", "2026-11-25 08:04:00", "in"),
        (3, "1", "2026-11-25 17:20:00", "out"),
        (4, "42", "2026-11-25 08:31:00", "in"),
        (5, "1", "2026-11-25 17:20:00", "out"),
    ]
    assert [(error.line, error.code) for error in errors] == [
        (6, "line_fields_missing"),
        (7, "line_timestamp_invalid"),
        (8, "line_state_invalid"),
    ]
    assert dedupe(lines)[1] == 1


def test_a_semicolon_csv_with_one_timestamp_column_and_a_fixed_format() -> None:
    mapping = CsvMapping(
        user_id="PIN", timestamp="Waktu", state="Keadaan", timestamp_format="%Y-%m-%d %H:%M:%S"
    )
    lines, errors = parse_csv(fixture_text("punches_semicolon.csv"), mapping)

    assert errors == []
    assert [(line.device_user_id, line.device_local, line.kind) for line in lines] == [
        ("7", "2026-11-25 08:15:00", "in"),
        ("7", "2026-11-25 17:05:00", "out"),
    ]

    day_first = CsvMapping(user_id="PIN", timestamp="Waktu", timestamp_format="%d/%m/%Y %H:%M")
    _lines, errors = parse_csv(fixture_text("punches_semicolon.csv"), day_first)
    assert [error.code for error in errors] == ["line_timestamp_invalid"] * 2
    assert "(expected %d/%m/%Y %H:%M)" in errors[0].message


def test_a_csv_header_without_a_mapped_column_refuses_the_file_naming_it() -> None:
    mapping = CsvMapping(user_id="Emp No.", timestamp="Clock Time")
    with pytest.raises(IntegrationError) as refused:
        parse_csv(fixture_text("punches_sample.csv"), mapping)

    assert refused.value.code == "csv_column_missing"
    assert refused.value.message.startswith("The CSV header has no column “Clock Time”")


def test_a_csv_mapping_is_complete_and_round_trips() -> None:
    assert CsvMapping.from_dict(DATE_TIME.to_dict()) == DATE_TIME
    assert CsvMapping.from_dict({"user_id": "PIN", "timestamp": "Waktu"}).state == ""
    # Column names are matched without regard to case.
    lines, _errors = parse_csv("pin,waktu\n3,2026-11-25 08:00:00\n", CsvMapping("PIN", "Waktu"))
    assert lines[0].device_user_id == "3"

    for incomplete in ({"user_id": "PIN"}, {"timestamp": "T"}, {"user_id": "P", "date": "D"}):
        with pytest.raises(IntegrationError) as refused:
            CsvMapping.from_dict(incomplete)
        assert refused.value.code == "csv_mapping_invalid"
    with pytest.raises(IntegrationError) as refused:
        CsvMapping(user_id="PIN", timestamp="T", timestamp_format="%m/%d/%Y %H:%M")
    assert refused.value.code == "csv_format_unknown"
