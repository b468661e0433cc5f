"""The officer import/export file format, in CSV and XLSX: one header row of fixed English keys (in
any order), then one officer per row. Reading gives plain strings keyed by column; writing takes
the same. Row numbers are the spreadsheet's (the header is row 1)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

COLUMNS = (
    "login_id",
    "login_kind",
    "full_name",
    "email",
    "phone",
    "position",
    "grade",
    "unit",
    "supervisor_login_id",
    "second_supervisor_login_id",
    "gender",
    "status",
)
# A blank cell in these means "the default" (new officer) or "keep" (existing officer), so a file
# may leave the column out. Any other missing column could silently clear data: refused.
OPTIONAL_COLUMNS = frozenset({"login_kind", "gender", "status"})
LOGIN_COLUMNS = frozenset({"login_id", "supervisor_login_id", "second_supervisor_login_id"})
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # 20,000 full rows unpack to well under this
FORMATS = ("csv", "xlsx")
_MAX_HEADER_CELLS = 100
# Spreadsheet programs run a cell that starts with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"^\+?[\d\s()-]+$")

FILE_MESSAGES = {
    "bad_format": gettext_noop("Upload a .csv or .xlsx file."),
    "too_large": gettext_noop("The file is larger than 10 MB. Split it into smaller files."),
    "unreadable": gettext_noop("The file could not be read. Save it again as CSV or XLSX."),
    "empty": gettext_noop("The file has no officer rows below the header."),
    "missing_columns": gettext_noop("These columns are missing from the header row."),
    "duplicate_column": gettext_noop("This column appears twice in the header row."),
    "too_many_rows": gettext_noop("The file has more than 20,000 rows. Split it."),
}


@dataclass(frozen=True)
class Issue:
    """A problem in the file: ``row`` None for the whole file. ``message`` is an English msgid
    (translated when shown), so a stored preview reads right in either language."""

    row: int | None
    column: str
    code: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


class SheetError(Exception):
    def __init__(self, code: str, column: str = "") -> None:
        super().__init__(code)
        self.issue = Issue(None, column, code, FILE_MESSAGES[code])


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: dict[str, str]


def format_of(name: str) -> str | None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if ext in FORMATS else None


def sheet_read(*, content: bytes, fmt: str) -> list[SheetRow]:
    """The officer rows (blank ones skipped), or SheetError for a file that cannot be imported."""
    if len(content) > MAX_BYTES:
        raise SheetError("too_large")
    if fmt == "xlsx":
        lines = _xlsx_lines(content)
    elif fmt == "csv":
        lines = _csv_lines(content)
    else:
        raise SheetError("bad_format")
    header_cells = next(lines, None)
    if header_cells is None:
        raise SheetError("empty")
    header = [_column_key(cell) for cell in header_cells[:_MAX_HEADER_CELLS]]
    known = [name for name in header if name]
    twice = sorted({name for name in known if known.count(name) > 1})
    if twice:
        raise SheetError("duplicate_column", ", ".join(twice))
    missing = [name for name in COLUMNS if name not in known and name not in OPTIONAL_COLUMNS]
    if missing:
        raise SheetError("missing_columns", ", ".join(missing))
    wanted = [(index, name) for index, name in enumerate(header) if name in COLUMNS]
    rows: list[SheetRow] = []
    for number, cells in enumerate(lines, start=2):
        values = {name: cells[index] if index < len(cells) else "" for index, name in wanted}
        if not any(values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise SheetError("too_many_rows")
        rows.append(SheetRow(number, {name: _unescaped(value) for name, value in values.items()}))
    if not rows:
        raise SheetError("empty")
    return rows


def _column_key(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def _csv_lines(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page unless told "CSV UTF-8".
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise SheetError("unreadable")
    first = text.split("\n", 1)[0]
    # Excel in some locales separates with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell.strip() for cell in cells]
    except csv.Error:
        raise SheetError("unreadable") from None


def _xlsx_lines(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:  # a "zip bomb" inside 10 MB
            raise SheetError("too_large")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise SheetError("unreadable") from None
    try:
        sheet = book.worksheets[0]
        width: int | None = None
        for values in sheet.iter_rows(values_only=True):
            if width is None:
                # Only as many columns as the header names: a stray cell far to the right of a
                # row must not make openpyxl read thousands of empty cells per row.
                named = [i for i, v in enumerate(values[:_MAX_HEADER_CELLS]) if v not in (None, "")]
                width = (named[-1] + 1) if named else 0
                cells = [_xlsx_text(v, login=False) for v in values[:width]]
                header = [_column_key(c) for c in cells]
                logins = {i for i, name in enumerate(header) if name in LOGIN_COLUMNS}
                yield cells
                continue
            yield [_xlsx_text(v, login=i in logins) for i, v in enumerate(values[:width])]
    finally:
        book.close()


def _xlsx_text(value: object, *, login: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # A MyKad typed into a number cell loses its leading zero (born 2000-2009: 0x...).
        return text.zfill(12) if login and len(text) == 11 else text
    return str(value).strip()


def _escaped(value: str) -> str:
    if value.startswith(_FORMULA_START) and not _PHONE_LIKE.match(value):
        return "'" + value
    return value


def _unescaped(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def csv_write(rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Malay names with their accents intact."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_escaped(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_write(
    rows: Iterable[Sequence[str]], *, units: Sequence[tuple[str, str]] | None = None
) -> bytes:
    """Text columns (a MyKad typed in later stays 12 digits, a telephone keeps its leading zero)
    and no formulas. With ``units`` (short name, name), a second sheet "Units" lists the values
    the unit column accepts."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet._write_only import (  # type: ignore[import-untyped]
        WriteOnlyWorksheet,
    )

    book = Workbook(write_only=True)

    def sheet_new(title: str, widths: Sequence[int]) -> WriteOnlyWorksheet:
        sheet = book.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            column = sheet.column_dimensions[get_column_letter(index)]
            column.number_format, column.width = "@", width
        return sheet

    def cells(sheet: WriteOnlyWorksheet, values: Sequence[str]) -> list[object]:
        # openpyxl stores a string starting with "=" as a formula unless told otherwise.
        out: list[object] = []
        for value in values:
            if value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet = sheet_new("Officers", [16 if name != "full_name" else 36 for name in COLUMNS])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(cells(sheet, row))
    if units is not None:
        listing = sheet_new("Units", [16, 48])
        listing.append(["short_name", "name"])
        for short_name, name in units:
            listing.append(cells(listing, [short_name, name]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
