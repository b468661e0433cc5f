"""MyKad numbers (YYMMDD-PB-###G), validated as research/rules.md section 7.1 says.

Pure Python: no Django import, so the rules can be tested and reused anywhere."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Place-of-birth codes: states 01-16 and their later codes, 82 (unknown), 60-99 foreign. Sources
# disagree on some codes, so an unknown code is a warning, never a refusal.
_KNOWN_PB = (
    {f"{n:02d}" for n in range(1, 17)}
    | {f"{n:02d}" for n in range(21, 60)}
    | {f"{n:02d}" for n in range(60, 100)}
)

_SEPARATORS = re.compile(r"[\s-]")


class MyKadError(ValueError):
    """A MyKad number that cannot be right. ``code`` is stable; ``message`` is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class MyKad:
    number: str  # 12 digits, no separators
    birth_date: dt.date
    place_of_birth_code: str
    known_place_of_birth: bool

    @property
    def gender_hint(self) -> str:
        """``"M"`` or ``"F"`` from the last digit (odd is male). A hint only: editable."""
        return "M" if int(self.number[-1]) % 2 else "F"

    @property
    def formatted(self) -> str:
        return f"{self.number[:6]}-{self.number[6:8]}-{self.number[8:]}"

    @property
    def masked(self) -> str:
        return f"{self.number[:6]}-**-**{self.number[-2:]}"


def parse_mykad(raw: str, *, today: dt.date) -> MyKad:
    """Parse a MyKad typed with or without dashes or spaces.

    Raises MyKadError with code ``mykad_format`` (not 12 digits) or ``mykad_birth_date`` (not a
    real date, or in the future)."""
    digits = _SEPARATORS.sub("", raw or "")
    if not re.fullmatch(r"\d{12}", digits):
        raise MyKadError("mykad_format", "A MyKad number has exactly 12 digits.")
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    century = 1900 if yy > today.year % 100 else 2000
    try:
        birth = dt.date(century + yy, mm, dd)
    except ValueError:
        raise MyKadError(
            "mykad_birth_date", "The first six digits of a MyKad must be a real date of birth."
        ) from None
    if birth > today:
        raise MyKadError("mykad_birth_date", "The date of birth in this MyKad is in the future.")
    pb = digits[6:8]
    return MyKad(
        number=digits,
        birth_date=birth,
        place_of_birth_code=pb,
        known_place_of_birth=pb in _KNOWN_PB,
    )
