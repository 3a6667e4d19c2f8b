"""The fields every tool's schema shares: their checks (exact fields, text, times, identifiers,
whole numbers, people, a drawing on a blank page), and the plain words sheets and exports say them in
(yes or no, who wrote the child's words down).

Main decision: a check only accepts or refuses, never tidies (the child's words are evidence), and
every refusal is a sentence naming the field (`what`) a worker can act on. One-line fields refuse
newlines; long texts allow newlines and tabs; every other control character is refused
(validation.py, the rule the forms use too). Every time a kind accepts is bounded to the years
every page, PDF and picture can show (`is_timestamp`): an instant no page can convert to UK time
would make every later page about the child fail. This module imports no tool and nothing that
imports the tools, so every tool and every page can import it without a cycle.
"""

import re
from datetime import UTC, datetime

from ..paper import ink, ink_decode
from ..platform.i18n import _
from ..platform.invalid import DocumentInvalid
from ..platform.validation import has_control_characters

IDENTIFIER_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789-")
PERSON_FIELDS = ("name", "role")
PERSON_TEXT_MAX = 120  # a person's name or role: the documents set no length, this is generous
TIME_MAX = 40
# A time as the tablet's Date.toISOString() writes it, or with an offset (RFC 3339's date-time,
# seconds required): one form, which the tablet reads exactly as the server does
# (static/js/tools/screen.js, TIMESTAMP).
TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"(Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
# The years a time may fall in, in UTC and in the UK alike (the UK was on GMT on both edges). Wide on
# purpose: a tablet whose battery ran flat may wake up in 1970, and its session is still the child's
# work; what is refused is only what no page can convert or print (year 1 at +14:00, year 9999 at -14:00).
EARLIEST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2101, 1, 1, tzinfo=UTC)  # exclusive: the last moment of 2100 is the latest


def exact_fields(value, fields: tuple, what) -> None:
    if not isinstance(value, dict):
        raise DocumentInvalid(_("%(what)s must be an object", what=what))
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise DocumentInvalid(
            _(
                "%(what)s has fields this server does not know: %(fields)s",
                what=what,
                fields=", ".join(str(name)[:40] for name in unknown[:5]),
            )
        )
    missing = [name for name in fields if name not in value]
    if missing:
        raise DocumentInvalid(_("%(what)s is missing: %(fields)s", what=what, fields=", ".join(missing)))


def check_text(value, what, limit: int, one_line: bool = False, at_least: int = 0) -> None:
    if not isinstance(value, str):
        raise DocumentInvalid(_("%(what)s must be text", what=what))
    if len(value) < at_least:
        raise DocumentInvalid(_("%(what)s is empty", what=what))
    if len(value) > limit:
        raise DocumentInvalid(
            _("%(what)s must be %(n)s characters or fewer (it has %(count)s)", what=what, n=limit, count=len(value))
        )
    if one_line and ("\n" in value or "\r" in value):
        raise DocumentInvalid(_("%(what)s must be on one line", what=what))
    if has_control_characters(value, multiline=not one_line):
        raise DocumentInvalid(
            _("%(what)s has special characters that cannot be typed, such as control codes", what=what)
        )


def counted(value, most: int, what, too_many) -> list:
    """A list of at most `most` things, or DocumentInvalid: `too_many` (with %(n)s and %(count)s)
    when it holds more. Counted before any is read, so a list of thousands is refused at once."""
    if not isinstance(value, list):
        raise DocumentInvalid(_("%(what)s must be a list", what=what))
    if len(value) > most:
        raise DocumentInvalid(too_many % {"n": most, "count": len(value)})
    return value


def is_timestamp(value) -> bool:
    """A date and time with its zone, as the tablet writes it (TIMESTAMP), from 1900 to 2100."""
    if not isinstance(value, str) or len(value) > TIME_MAX or not TIMESTAMP.fullmatch(value):
        return False
    try:
        return EARLIEST_TIME <= datetime.fromisoformat(value) < LATEST_TIME
    except ValueError:  # a 31 February, an hour 25
        return False


def check_timestamp(value, what) -> None:
    if not is_timestamp(value):
        raise DocumentInvalid(_("%(what)s must be a date and time with its time zone, from 1900 to 2100", what=what))


def is_identifier(value) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 40 and set(value) <= IDENTIFIER_CHARACTERS


def is_whole(value, low: int, high: int) -> bool:
    """A whole number from `low` to `high` (JSON's true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def read_drawing(data: bytes, what, artwork: dict, outline: str | None) -> list[dict]:
    """The ops of a drawing part made on `outline` (None: a blank page), or DocumentInvalid naming
    `what`: when it cannot be read, or when it is over the drawing budget (docs/ink.md), which
    ink_decode.decode checks for every kind."""
    try:
        return ink_decode.decode(data, artwork, outline)
    except ink.TooDetailed:
        raise DocumentInvalid(
            _("%(what)s has too much detail for the server to draw: undo or clear some of it", what=what)
        ) from None
    except ink.InkInvalid as error:
        raise DocumentInvalid(_("%(what)s cannot be read: %(why)s", what=what, why=str(error.reason))) from None


def blank_page_drawing(data: bytes, what, artwork: dict) -> list[dict]:
    """The ops of a drawing made on a blank page (a storyboard's page, a parent's signature), or
    DocumentInvalid naming `what` (`read_drawing`)."""
    ops = read_drawing(data, what, artwork, None)  # a blank page: no outline
    # ink_decode.decode checks a fill's region only against an outline it is given; a blank page has no
    # regions at all (docs/ink.md: a region indexes the outline's regions), so a fill on one is a
    # drawing no canvas could have made, and would be stored without ever being drawn.
    for number, op in enumerate(ops, start=1):
        if op["op"] == "fill":
            raise DocumentInvalid(
                _(
                    "%(what)s cannot be read: op %(number)s colours a part of a blank page, "
                    "which has no parts to colour",
                    what=what,
                    number=number,
                )
            )
    return ops


def check_present(present, most: int) -> None:
    """Who was present at a visit: a list of at most `most` people, each with a name and a role."""
    if not isinstance(present, list):
        raise DocumentInvalid(_("Who was present must be a list"))
    if len(present) > most:
        raise DocumentInvalid(_("At most %(n)s people can be recorded as present", n=most))
    for number, person in enumerate(present, start=1):
        check_person(
            person,
            _("Person %(number)s present", number=number),
            _("The name of person %(number)s present", number=number),
            _("The role of person %(number)s present", number=number),
        )


def check_person(entry, what, name_what, role_what) -> None:
    """One person recorded by name and role (who was present, who took part, who agreed)."""
    exact_fields(entry, PERSON_FIELDS, what)
    check_text(entry["name"], name_what, PERSON_TEXT_MAX, one_line=True)
    check_text(entry["role"], role_what, PERSON_TEXT_MAX, one_line=True)


# --- said in plain words --------------------------------------------------------------------------


def yes_no(value) -> str:
    """A yes or no the worker may have left unrecorded (None)."""
    return {True: _("Yes"), False: _("No")}.get(value, _("Not recorded"))


def written_by(by: str) -> str:
    """Who wrote the child's words down (a word's or voice item's `by`: "child" or "worker")."""
    return _("child wrote") if by == "child" else _("worker scribed")
