"""``manage.py simulate_day``: JSON cases in, one JSON line per case out; a bad case is reported
in its place and the good ones are still printed. No database."""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # run with pytest-django (see the module doc)
    pytest.skip("the command needs Django settings", allow_module_level=True)

from django.core.management import CommandError, call_command

from tenant_apps.worktime.engine.jsonio import read_cases, simulate

ON_TIME = {
    "region": "14",
    "date": "2025-03-04",
    "policy": {"type": "WBF"},
    "punches": [
        {"at": "2025-03-04T08:07:00+08:00", "kind": "in", "inside_geofence": True},
        {"at": "2025-03-04T17:15:00+08:00", "kind": "out", "inside_geofence": True},
    ],
}
LATE = {
    **ON_TIME,
    "punches": [
        {"at": "2025-03-04T01:07:00Z", "kind": "in", "inside_geofence": True},
        {"at": "2025-03-04T18:00:00+08:00", "kind": "out", "inside_geofence": True},
    ],
}


def run(stdin: str, *args: str) -> tuple[list[dict[str, Any]], CommandError | None]:
    out = StringIO()
    error: CommandError | None = None
    try:
        call_command("simulate_day", *args, stdin=StringIO(stdin), stdout=out)
    except CommandError as raised:
        error = raised
    return [json.loads(line) for line in out.getvalue().splitlines()], error


def test_one_case_on_standard_input_gives_one_verdict_line() -> None:
    lines, error = run(json.dumps(ON_TIME))

    assert error is None
    assert lines == [
        {
            "status": "PRESENT",
            "categories": [],
            "late_minutes": 0,
            "early_minutes": 0,
            "worked_minutes": 488,
            "required_out": "17:07",
            "reasons": [
                {
                    "ms": "Hadir: daftar masuk 08:07, daftar keluar 17:15 (WBF)",
                    "en": "Present: checked in 08:07, checked out 17:15 (WBF)",
                },
                {
                    "ms": "Waktu keluar 17:07 (WBF): 9 jam dari 08:07",
                    "en": "Check-out due 17:07 (WBF): 9 h from 08:07",
                },
            ],
        }
    ]


def test_a_list_and_json_lines_give_a_line_per_case_in_order() -> None:
    as_list, _ = run(json.dumps([ON_TIME, LATE]))
    as_lines, _ = run(f"{json.dumps(ON_TIME)}\n\n{json.dumps(LATE)}\n")

    assert [line["status"] for line in as_list] == ["PRESENT", "PRESENT"]
    assert [line["late_minutes"] for line in as_list] == [0, 7]
    assert as_lines == as_list


def test_a_file_argument_is_read(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([LATE]), encoding="utf-8")

    lines, error = run("", str(cases))

    assert error is None
    assert lines[0]["categories"] == ["LATE_IN"]
    assert lines[0]["reasons"][1]["ms"] == "Lewat: daftar masuk 09:07 selepas 09:00 (WBF)"


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    lines, error = run("", str(tmp_path / "missing.json"))

    assert lines == []
    assert error is not None
    assert "Cannot read" in str(error)


def test_bad_cases_are_reported_in_place_and_the_good_ones_still_printed() -> None:
    no_offset = {**ON_TIME, "punches": [{"at": "2025-03-04T08:00:00", "kind": "in"}]}
    text = "\n".join(
        [json.dumps(ON_TIME), json.dumps(no_offset), "{not json", json.dumps(LATE), "[1]"]
    )

    lines, error = run(text)

    assert error is not None
    assert error.returncode == 1
    assert "3 of the 5 cases" in str(error)
    assert lines[0]["status"] == "PRESENT"
    assert lines[1] == {
        "error": {
            "code": "invalid_value",
            "message": "punches[0].at: the date-time needs its offset (+08:00), got "
            "'2025-03-04T08:00:00'.",
            "case": 1,
        }
    }
    assert lines[2]["error"]["code"] == "invalid_json"
    assert lines[2]["error"]["case"] == 2
    assert lines[3]["late_minutes"] == 7
    assert lines[4] == {
        "error": {
            "code": "not_an_object",
            "message": "case: expected a JSON object, got a number.",
            "case": 4,
        }
    }


BAD_CASES = [
    ({"date": "2025-03-04"}, "missing_field", "region: required."),
    ({"region": "17", "date": "2025-03-04"}, "invalid_value", "region: a state code"),
    ({"region": "14", "date": "4/3/2025"}, "invalid_value", "date: an ISO date"),
    ({"region": "14", "date": "2005-06-30"}, "unknown_region", "five-day week"),
    ({"region": "14", "date": "2025-03-04", "punchs": []}, "unknown_field", "punchs: unknown"),
    (
        {"region": "14", "date": "2025-03-04", "policy": {"type": "FLEXI"}},
        "invalid_value",
        "policy.type: one of WBF, FIXED, SHIFT",
    ),
    (
        {"region": "14", "date": "2025-03-04", "policy": {"type": "FIXED", "start": "08:00"}},
        "missing_field",
        "policy.end: required.",
    ),
    (
        {
            "region": "14",
            "date": "2025-03-04",
            "policy": {"type": "FIXED", "start": "17:00", "end": "08:00"},
        },
        "invalid_value",
        "policy: Fixed hours must start before they end.",
    ),
    (
        {
            "region": "14",
            "date": "2025-03-04",
            "policy": {"type": "SHIFT", "start": "22:00", "end": "07:00", "day_split": "03:00"},
        },
        "invalid_value",
        "day split",
    ),
    (
        {"region": "14", "date": "2025-03-04", "policy": {"type": "WBF", "grace_minutes": True}},
        "invalid_value",
        "policy.grace_minutes: whole minutes",
    ),
    (
        {"region": "14", "date": "2025-03-04", "punches": [{"at": "2025-03-04T08:00:00+08:00"}]},
        "missing_field",
        "punches[0].inside_geofence: required",
    ),
    (
        {
            "region": "14",
            "date": "2025-03-04",
            "punches": [
                {"at": "2025-03-04T08:00:00+08:00", "kind": "enter", "inside_geofence": True}
            ],
        },
        "invalid_value",
        "punches[0].kind: one of in, out, unknown",
    ),
    (
        {
            "region": "14",
            "date": "2025-03-04",
            "punches": [
                {"at": "2025-03-04T08:00:00+08:00", "place": "home", "inside_geofence": False}
            ],
        },
        "invalid_value",
        "contradicts inside_geofence",
    ),
    (
        {"region": "14", "date": "2025-03-04", "arrangements": [{"type": "BDR", "scope": "night"}]},
        "invalid_value",
        "arrangements[0].scope: one of full, am, pm",
    ),
    (
        {
            "region": "14",
            "date": "2025-03-04",
            "arrangements": [
                {"type": "MOVEMENT", "from": "2025-03-04T10:00", "to": "2025-03-04T09:00"}
            ],
        },
        "invalid_value",
        "arrangements[0]: 'from' must be before 'to'.",
    ),
    (
        {"region": "14", "date": "2025-03-04", "arrangements": [{"type": "HOLIDAY"}]},
        "invalid_value",
        "arrangements[0].type: one of BDR",
    ),
    ({"region": "14", "date": "2025-03-04", "holidays": ["31/8"]}, "invalid_value", "holidays[0]"),
    ({"region": "14", "date": "2025-03-04", "day_closed": "yes"}, "invalid_value", "day_closed"),
]


@pytest.mark.parametrize(("case", "code", "message"), BAD_CASES)
def test_each_bad_field_is_named(case: dict[str, Any], code: str, message: str) -> None:
    lines, error = run(json.dumps(case))

    assert error is not None
    assert lines[0]["error"]["code"] == code
    assert message in lines[0]["error"]["message"]
    assert lines[0]["error"]["case"] == 0


def test_empty_input_is_an_error() -> None:
    lines, error = run("  \n")

    assert error is not None
    assert lines == [
        {"error": {"code": "no_cases", "message": "The input holds no case.", "case": 0}}
    ]


def test_extra_holidays_are_added_to_the_packages_and_win_on_their_date() -> None:
    named = {
        **ON_TIME,
        "holidays": [{"date": "2025-03-04", "name": "Hari Jabatan", "name_en": "Department Day"}],
    }
    national_day = {
        **ON_TIME,
        "date": "2025-08-31",
        "punches": [],
        "holidays": [{"date": "2025-08-31", "name": "Hari Merdeka"}],
    }

    lines, _ = run("\n".join([json.dumps(named), json.dumps(national_day)]))

    assert lines[0]["status"] == "PUBLIC_HOLIDAY"
    assert lines[0]["reasons"] == [
        {"ms": "Cuti umum: Hari Jabatan", "en": "Public holiday: Department Day"}
    ]
    assert lines[1]["reasons"][0]["ms"] == "Cuti umum: Hari Merdeka"


def test_the_packages_holidays_are_always_included() -> None:
    lines, _ = run(json.dumps({**ON_TIME, "date": "2025-08-31", "punches": []}))

    assert lines[0]["status"] == "PUBLIC_HOLIDAY"
    assert lines[0]["reasons"][0] == {
        "ms": "Cuti umum: Hari Kebangsaan",
        "en": "Public holiday: National Day",
    }


def test_arrangements_and_an_open_day_reach_the_engine() -> None:
    case = {
        "region": "10",
        "date": "2025-03-04",
        "policy": {"type": "SHIFT", "start": "22:00", "end": "07:00"},
        "punches": [{"at": "2025-03-04T21:58:00+08:00", "kind": "in", "source": "biometric"}],
        "arrangements": [
            {"type": "PREGNANCY_EARLY_LEAVE"},
            {"type": "MOVEMENT", "from": "2025-03-05T05:00", "to": "2025-03-05T07:30"},
        ],
        "day_closed": False,
    }

    lines, error = run(json.dumps(case))

    assert error is None
    assert lines[0]["required_out"] == "06:00"
    assert lines[0]["categories"] == []


def test_the_pure_reader_accepts_pretty_printed_objects_one_after_another() -> None:
    text = json.dumps(ON_TIME, indent=2) + "\n" + json.dumps(LATE, indent=2)

    assert len(read_cases(text)) == 2
    lines, bad = simulate(text)
    assert bad == 0
    assert [line["late_minutes"] for line in lines] == [0, 7]
