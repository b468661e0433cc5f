"""Reading attendance lines from biometric terminals, without the database: ZKTeco ATTLOG lines
(an ADMS push body or a ``1_attlog.dat`` export) and CSV files with a column mapping.

A bad line never stops the good ones: it becomes a ``LineError`` with a stable code. A file that
cannot be read at all raises ``IntegrationError``. The same line twice in one file is a duplicate,
not an error (``dedupe``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tenant_apps.integrations.errors import IntegrationError, messages_register

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_LINES = 100_000
MAX_LINE_CHARS = 500
DEVICE_LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
USER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
STATE_RE = re.compile(r"^[0-9]{1,8}$")
VERIFY_MAX = 8

# The timestamp formats a CSV mapping may name (a fixed list: day-first, as Malaysia writes dates).
TIMESTAMP_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
)

# ZKTeco punch states: 0 check-in, 1 check-out, 2 break-out, 3 break-in, 4 OT-in, 5 OT-out;
# 255 (and anything else) says nothing, and the engine pairs such punches first in, last out.
STATE_KIND: dict[int, str] = {0: "in", 3: "in", 4: "in", 1: "out", 2: "out", 5: "out"}

# Words attendance software writes in a CSV state column instead of the number.
STATE_WORDS: dict[str, str] = {
    **dict.fromkeys(("in", "c/in", "check in", "check-in", "checkin", "masuk"), "0"),
    **dict.fromkeys(("out", "c/out", "check out", "check-out", "checkout", "keluar"), "1"),
}

MESSAGES: dict[str, str | Promise] = {
    # One line.
    "line_fields_missing": _(
        "The line lacks a field: it needs at least a device user id and a date and time."
    ),
    "line_user_id_invalid": _(
        "The device user id “%(value)s” is not valid: it must have 1 to 40 letters, digits, "
        "dashes or underscores."
    ),
    "line_timestamp_invalid": _(
        "The date and time “%(value)s” cannot be read (expected %(expected)s)."
    ),
    "line_state_invalid": _("The punch state “%(value)s” is not a number."),
    "line_too_long": _("The line is longer than %(max)s characters."),
    "line_timestamp_too_old": _(
        "The date %(value)s is more than %(days)s days before the line arrived: the device's "
        "clock was probably reset. Set the clock; the line is not recorded."
    ),
    # The whole file.
    "file_not_text": _(
        "The file is not a text file (it must be UTF-8 or Latin-1 text, such as an ATTLOG .dat "
        "export or a CSV file)."
    ),
    "file_empty": _("The file has no lines."),
    "file_too_big": _("The file is larger than %(max_mb)s MB. Split it and import the parts."),
    "file_too_many_lines": _(
        "The file has more than %(max)s lines. Split it and import the parts."
    ),
    "csv_column_missing": _("The CSV header has no column “%(column)s” (it has: %(columns)s)."),
    "csv_no_header": _("The CSV file has no header line naming its columns."),
    "csv_mapping_invalid": _(
        "The CSV column mapping needs the device user id column and either a date-and-time "
        "column or a date column and a time column."
    ),
    "csv_format_unknown": _("The timestamp format “%(value)s” is not one of the formats offered."),
}
messages_register(MESSAGES)


@dataclass(frozen=True)
class ParsedLine:
    line_no: int
    raw: str
    device_user_id: str
    device_local: str  # "YYYY-MM-DD HH:MM:SS" as the device's clock showed it
    local: datetime  # the same, naive
    state: str
    verify: str
    kind: str  # "in" / "out" / "unknown"

    @property
    def key(self) -> tuple[str, str]:
        return (self.device_user_id, self.device_local)


@dataclass(frozen=True)
class LineError:
    line: int
    raw: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "raw": self.raw,
            "code": self.code,
            "message": self.message,
            "params": self.params,
        }


def _line_error(line_no: int, raw: str, code: str, **params: Any) -> LineError:
    text = str(MESSAGES[code])
    return LineError(
        line=line_no,
        raw=raw[:200],
        code=code,
        message=text % params if params else text,
        params=params,
    )


def decode_text(content: bytes) -> str:
    """The text of an uploaded file: UTF-8 (a byte order mark is dropped), else Latin-1; a
    binary file (control characters, UTF-16) is refused."""
    if len(content) > MAX_FILE_BYTES:
        raise IntegrationError("file_too_big", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text):
        raise IntegrationError("file_not_text")
    return text


def _text_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the non-blank lines; ``\\r\\n`` and ``\\n`` both end a line."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise IntegrationError("file_too_big", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if text.startswith("\ufeff"):
        text = text[1:]
    physical = text.splitlines()
    if len(physical) > MAX_LINES:
        raise IntegrationError("file_too_many_lines", max=f"{MAX_LINES:,}")
    lines = [(number, line) for number, line in enumerate(physical, start=1) if line.strip()]
    if not lines:
        raise IntegrationError("file_empty")
    return lines


def _naive(value: str, pattern: str) -> datetime:
    """A time on a device's clock: naive here, read in the device's zone by the ledger."""
    return datetime.strptime(value, pattern)  # noqa: DTZ007


def kind_of(state: str) -> str:
    if not state:
        return "unknown"
    return STATE_KIND.get(int(state), "unknown")


def _build(
    line_no: int, raw: str, user_id: str, local: datetime, state: str, verify: str
) -> ParsedLine | LineError:
    if not USER_ID_RE.match(user_id):
        return _line_error(line_no, raw, "line_user_id_invalid", value=user_id[:50])
    if state and not STATE_RE.match(state):
        return _line_error(line_no, raw, "line_state_invalid", value=state[:20])
    return ParsedLine(
        line_no=line_no,
        raw=raw,
        device_user_id=user_id,
        device_local=local.strftime(DEVICE_LOCAL_FORMAT),
        local=local,
        state=str(int(state)) if state else "",
        verify=verify[:VERIFY_MAX],
        kind=kind_of(state),
    )


def _attlog_line(line_no: int, raw: str) -> ParsedLine | LineError:
    if len(raw) > MAX_LINE_CHARS:
        return _line_error(line_no, raw, "line_too_long", max=MAX_LINE_CHARS)
    if "\t" in raw:
        fields = [part.strip() for part in raw.split("\t")]
        stamp = fields[1] if len(fields) > 1 else ""
        rest = fields[2:]
    else:  # some exports pad with spaces instead of tabs: PIN DATE TIME STATE VERIFY ...
        fields = raw.split()
        stamp = " ".join(fields[1:3]) if len(fields) > 2 else ""
        rest = fields[3:]
    user_id = fields[0]
    if not user_id or not stamp:
        return _line_error(line_no, raw, "line_fields_missing")
    try:
        local = _naive(stamp, DEVICE_LOCAL_FORMAT)
    except ValueError:
        return _line_error(
            line_no, raw, "line_timestamp_invalid", value=stamp[:40], expected="YYYY-MM-DD HH:MM:SS"
        )
    state = rest[0] if rest else ""
    verify = rest[1] if len(rest) > 1 else ""
    return _build(line_no, raw, user_id, local, state, verify)


def _split(
    results: list[ParsedLine | LineError],
) -> tuple[list[ParsedLine], list[LineError]]:
    lines = [item for item in results if isinstance(item, ParsedLine)]
    errors = [item for item in results if isinstance(item, LineError)]
    return lines, errors


def parse_attlog(text: str) -> tuple[list[ParsedLine], list[LineError]]:
    """ATTLOG lines: ``PIN<TAB>YYYY-MM-DD HH:MM:SS<TAB>STATE<TAB>VERIFY<TAB>WORKCODE...``
    (the PIN may be padded with spaces). Blank lines are skipped; duplicates are kept (see
    ``dedupe``)."""
    return _split([_attlog_line(number, line) for number, line in _text_lines(text)])


OLDEST_LINE_DAYS = 400


def recent_only(
    lines: list[ParsedLine], errors: list[LineError], received: datetime
) -> tuple[list[ParsedLine], list[LineError]]:
    """The lines no older than OLDEST_LINE_DAYS before ``received`` (naive, the device's local
    time); older ones (a reset clock says 2000-01-01) become per-line errors, in line order."""
    oldest = received.date().toordinal() - OLDEST_LINE_DAYS
    kept = [line for line in lines if line.local.date().toordinal() >= oldest]
    if len(kept) == len(lines):
        return lines, errors
    too_old = [
        _line_error(
            line.line_no,
            line.raw,
            "line_timestamp_too_old",
            value=line.device_local[:10],
            days=OLDEST_LINE_DAYS,
        )
        for line in lines
        if line.local.date().toordinal() < oldest
    ]
    return kept, sorted([*errors, *too_old], key=lambda error: error.line)


def dedupe(lines: list[ParsedLine]) -> tuple[list[ParsedLine], int]:
    """The lines without the repeats of a (device user id, device time) seen earlier in the same
    file, and how many repeats there were."""
    seen: set[tuple[str, str]] = set()
    unique: list[ParsedLine] = []
    for line in lines:
        if line.key in seen:
            continue
        seen.add(line.key)
        unique.append(line)
    return unique, len(lines) - len(unique)


# --- CSV ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvMapping:
    """Which CSV column holds what: the device user id, and either one date-and-time column or a
    date column and a time column; the punch state is optional. ``timestamp_format`` empty: each
    of ``TIMESTAMP_FORMATS`` is tried."""

    user_id: str
    timestamp: str = ""
    date: str = ""
    time: str = ""
    state: str = ""
    timestamp_format: str = ""

    def __post_init__(self) -> None:
        if not self.user_id.strip() or not (
            self.timestamp.strip() or (self.date.strip() and self.time.strip())
        ):
            raise IntegrationError("csv_mapping_invalid")
        if self.timestamp_format and self.timestamp_format not in TIMESTAMP_FORMATS:
            raise IntegrationError("csv_format_unknown", value=self.timestamp_format)

    def columns(self) -> list[str]:
        """The columns the mapping reads, in a fixed order."""
        if self.timestamp:
            named = [self.user_id, self.timestamp]
        else:
            named = [self.user_id, self.date, self.time]
        return named + ([self.state] if self.state else [])

    def to_dict(self) -> dict[str, str]:
        return {
            "user_id": self.user_id,
            "timestamp": self.timestamp,
            "date": self.date,
            "time": self.time,
            "state": self.state,
            "timestamp_format": self.timestamp_format,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CsvMapping:
        if not isinstance(data, dict):
            raise IntegrationError("csv_mapping_invalid")
        values = {
            name: str(data.get(name) or "").strip()
            for name in ("user_id", "timestamp", "date", "time", "state", "timestamp_format")
        }
        return cls(**values)


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _cells(line: str, delimiter: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def csv_columns(text: str) -> list[str]:
    """The column names of a CSV file's header (its first non-blank line)."""
    lines = _text_lines(text)
    header = lines[0][1]
    columns = _cells(header, _delimiter(header))
    if not any(columns):
        raise IntegrationError("csv_no_header")
    return columns


def _parse_stamp(value: str, mapping: CsvMapping) -> datetime | None:
    formats = (mapping.timestamp_format,) if mapping.timestamp_format else TIMESTAMP_FORMATS
    for pattern in formats:
        try:
            return _naive(value, pattern)
        except ValueError:
            continue
    return None


def _csv_row(
    line_no: int, raw: str, cells: list[str], index: dict[str, int], mapping: CsvMapping
) -> ParsedLine | LineError:
    if len(raw) > MAX_LINE_CHARS:
        return _line_error(line_no, raw, "line_too_long", max=MAX_LINE_CHARS)
    values: dict[str, str] = {}
    for column in mapping.columns():
        position = index[column]
        values[column] = cells[position] if position < len(cells) else ""
    user_id = values[mapping.user_id]
    if mapping.timestamp:
        stamp = values[mapping.timestamp]
    else:
        day, clock = values[mapping.date], values[mapping.time]
        stamp = f"{day} {clock}" if day and clock else ""
    if not user_id or not stamp:
        return _line_error(line_no, raw, "line_fields_missing")
    local = _parse_stamp(stamp, mapping)
    if local is None:
        expected = mapping.timestamp_format or ", ".join(TIMESTAMP_FORMATS[:4])
        return _line_error(
            line_no, raw, "line_timestamp_invalid", value=stamp[:40], expected=expected
        )
    state = values[mapping.state] if mapping.state else ""
    state = STATE_WORDS.get(state.lower(), state)
    return _build(line_no, raw, user_id, local, state, "")


def parse_csv(text: str, mapping: CsvMapping) -> tuple[list[ParsedLine], list[LineError]]:
    """A CSV file with a header; the delimiter is found among ``,`` ``;`` and tab. A header that
    lacks a mapped column refuses the whole file (naming the column)."""
    lines = _text_lines(text)
    header_no, header = lines[0]
    delimiter = _delimiter(header)
    columns = _cells(header, delimiter)
    index: dict[str, int] = {}
    for position, name in enumerate(columns):
        index.setdefault(name, position)
    lowered = {name.lower(): position for name, position in reversed(list(index.items()))}
    for column in mapping.columns():
        if column not in index:
            if column.lower() not in lowered:
                raise IntegrationError(
                    "csv_column_missing", column=column, columns=", ".join(columns)[:200]
                )
            index[column] = lowered[column.lower()]
    return _split(
        [
            _csv_row(number, line, _cells(line, delimiter), index, mapping)
            for number, line in lines
            if number != header_no
        ]
    )


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "TIMESTAMP_FORMATS",
    "CsvMapping",
    "LineError",
    "ParsedLine",
    "csv_columns",
    "decode_text",
    "dedupe",
    "kind_of",
    "parse_attlog",
    "parse_csv",
]
