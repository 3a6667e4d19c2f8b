"""How the child's views were conveyed: the ways the child communicated in a piece of direct work.

A child who does not speak still has a voice, and the record must say how it was heard: spoken,
written, signed (BSL or Makaton), with symbols, by pointing or eye-gaze, through an interpreter, or
only seen in the child's behaviour. The worker records it for each session on the tablet, with a
note; symbol mode and the child's answer on the "This is what you told me" screen are kept with it.

Main decision: it is a field of the *document*, beside `content`, not of any kind's content. It is
provenance, like who made the work and when, so the platform checks it, shows it on every record
page and prints it in every export, and no kind has to remember to. It is optional: a document
without it (an older tablet's, or a worker's observation) says nothing about it, and never reads as
"the child did not communicate". The choices are one file the tablet reads too
(static/js/tools/communication.json), so the boxes on screen and the server's check cannot drift.

The JSON pack also suggests the nearest national code, the SSDA903 return's review participation
codes (PN0–PN7; PN3, "conveys view symbolically (non-verbally)"). Those codes describe how a child
took part in a looked-after child's *review*, not in direct work, so they are given only as a
suggestion for that use, labelled as such, and never as a claim that a review took place.
"""

from datetime import date

from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from . import contracts
from .fields import check_text

CONTRACT = contracts.communication()
WAYS = tuple(CONTRACT["ways"])
NOTE_MAX = CONTRACT["note_max"]
READ_BACK = tuple(CONTRACT["read_back"])
FIELDS = ("ways", "note", "symbols", "read_back")

WAY_NAMES = {
    "spoke": _l("Spoke"),
    "wrote": _l("Wrote"),
    "signed": _l("Signed (BSL or Makaton)"),
    "symbols": _l("Used symbols"),
    "pointing": _l("Pointing or eye-gaze"),
    "interpreter": _l("Through an interpreter"),
    "behaviour": _l("Behaviour observed"),
}
READ_BACK_NAMES = {
    "agreed": _l("The child said “yes, that's right”"),
    "changed": _l("The child wanted to change it, and did"),
}

# The SSDA903 review participation codes (Department for Education, "Children looked after return:
# guide", PN0–PN7), as a suggestion only: see the module's docstring.
SSDA903_SCHEME = "SSDA903 review participation (PN0–PN7)"
_SPEAKS = {"spoke", "wrote", "signed", "interpreter"}
_SYMBOLICALLY = {"symbols", "pointing"}


def check(value) -> None:
    """Refuse anything but the four fields, each of its type: known ways, each at most once, in any
    order; a note of at most NOTE_MAX characters; symbol mode on or off; the read-back answer or null."""
    if not isinstance(value, dict) or set(value) != set(FIELDS):
        raise DocumentInvalid(_("How the child communicated must have exactly: %(fields)s", fields=", ".join(FIELDS)))
    ways = value["ways"]
    if not isinstance(ways, list) or any(way not in WAYS for way in ways):
        raise DocumentInvalid(_("How the child communicated must be a list of: %(ways)s", ways=", ".join(WAYS)))
    if len(set(ways)) != len(ways):
        raise DocumentInvalid(_("How the child communicated names the same way twice"))
    check_text(value["note"], _("The note on how the child communicated"), NOTE_MAX)
    if not isinstance(value["symbols"], bool):
        raise DocumentInvalid(_("Symbol mode must be true or false"))
    if value["read_back"] is not None and value["read_back"] not in READ_BACK:
        raise DocumentInvalid(
            _("The child's answer to the read-back must be null or one of: %(answers)s", answers=", ".join(READ_BACK))
        )


def of(document) -> dict | None:
    """The document's record of how the child communicated, or None when it has none."""
    value = document.get("communication") if isinstance(document, dict) else None
    return value if isinstance(value, dict) else None


def ways_in_words(value: dict) -> str:
    """The ways in the canonical order, in words: "Used symbols, Pointing or eye-gaze"."""
    named = [str(WAY_NAMES[way]) for way in WAYS if way in value["ways"]]
    return ", ".join(named) if named else _("Not recorded")


def facts(document, audience_sees_note: bool = True) -> list[tuple[str, str]]:
    """The facts printed with a piece of work (record page, every export): how the child's views
    were conveyed, the worker's note (`audience_sees_note`: not for parents or the network, since it
    is the worker's professional note about the child), symbol mode and the read-back answer."""
    value = of(document)
    if value is None:
        return []
    lines = [(_("How the child's views were conveyed"), ways_in_words(value))]
    if value["note"] and audience_sees_note:
        lines.append((_("The worker's note on how the child communicated"), value["note"]))
    if value["symbols"]:
        lines.append((_("Symbol mode"), _("On: prompts and choices were shown with symbols and read aloud")))
    if value["read_back"] is not None:
        lines.append((_("Read back to the child"), str(READ_BACK_NAMES[value["read_back"]])))
    return lines


def _age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def ssda903_suggestion(value: dict, born: date | None, day: date) -> dict:
    """The nearest SSDA903 participation code for the ways recorded, with what it is and is not."""
    age = _age_on(born, day)
    ways = set(value["ways"])
    if age is not None and age < 4:
        code = "PN0"
    elif ways & _SPEAKS:
        code = "PN1"
    elif ways & _SYMBOLICALLY:
        code = "PN3"
    elif ways:
        code = "PN4"
    else:
        code = None
    return {
        "scheme": SSDA903_SCHEME,
        "code": code,
        "note": (
            "A suggestion only, for use when this work informs a looked-after child's review: the SSDA903 "
            "codes describe how a child took part in a review, and this record is of direct work, not of "
            "a review. PN0: under 4; PN1: speaks for themselves (including by writing, signing or through "
            "an interpreter); PN3: conveys their view symbolically (non-verbally); PN4: did not speak for "
            "themselves or convey a view symbolically. Null: no way was recorded."
        ),
    }


def as_json(document, born: date | None) -> dict | None:
    """The record for a JSON export: the ways, note, symbol mode and answer as stored, and the
    suggested SSDA903 code. None when the document has no record of it."""
    value = of(document)
    if value is None:
        return None
    made = date.fromisoformat(document["created_at"][:10])
    return {**value, "ssda903_participation": ssda903_suggestion(value, born, made)}
