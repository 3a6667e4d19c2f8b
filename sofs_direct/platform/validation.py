"""Checks shared by every form: the same rule for bad text lives here once.

Main decision: text is stored exactly as entered (the child's words are evidence), so validation
never rewrites a value; it accepts it or refuses it with a message that says what to change.
Control characters (NUL and the other C0/C1 codes, except tab/newline in multi-line fields) are
refused because they cannot be typed on a keyboard and break exports and PDFs.
"""

import re
from datetime import date

from werkzeug.routing import IntegerConverter
from wtforms import SelectChoice
from wtforms.validators import ValidationError

from .i18n import _l

# SQLite's integers are signed 64-bit: a larger Python int in a query raises OverflowError.
STORED_INTEGER_MAX = 2**63 - 1

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control_characters(text: str, multiline: bool = False) -> bool:
    return bool((_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(text or ""))


class PlainText:
    """A WTForms validator: no control characters."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        if has_control_characters(field.data or "", self.multiline):
            raise ValidationError(_l("Remove special characters that cannot be typed, such as control codes"))


def date_of_birth_in_range(form, field):
    if field.data is None:
        return
    today = date.today()
    if field.data > today:
        raise ValidationError(_l("Date of birth must be today or in the past"))
    if field.data.year < today.year - 25:
        raise ValidationError(_l("Date of birth must be within the last 25 years"))


def date_from_boxes(day, month, year) -> date | None:
    """The GOV.UK date input's three boxes (day, month, year) as a date: None when all are empty;
    ValueError when they are not a real date (letters, a 30 February, a year not of four digits)."""
    parts = [str(value if value is not None else "").strip() for value in (day, month, year)]
    if not any(parts):
        return None
    if not all(part.isdigit() and part.isascii() for part in parts) or len(parts[2]) != 4:
        raise ValueError("not a date")
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except OverflowError:  # a "day" of 500 digits
        raise ValueError("not a date") from None


def safe_local_path(candidate: str | None, default: str = "/") -> str:
    """Only same-site paths may be redirect targets (OWASP: unvalidated redirects and forwards)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return default
    if has_control_characters(candidate):
        return default
    return candidate


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated from WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class StoredIntegerConverter(IntegerConverter):
    """`<int:…>` in every route (create_app installs it as "int"): a whole number the store can hold.
    An id past 2⁶³ once reached a query and raised OverflowError, a 500; now such an address matches
    no route, the same 404 as an id that is not there, and a route added later is covered too."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 — werkzeug's names
        bound = STORED_INTEGER_MAX if max is None or max > STORED_INTEGER_MAX else max
        super().__init__(map, fixed_digits, min, bound, signed)
