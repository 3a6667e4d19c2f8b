"""Describing one Safety House version, read the same way by the checks, the pages, the exports and
the child's voice: the people in each zone, whose a number on the path is, the day it was done, the
child's words (the rules, and why each number is where it is) and the numbers it offers to an
assessment's scale.

Main decision: a number is always named with whose it is ("The child", "Sarah (parent)"), and the
numbers are never combined: a parent's 8 and the child's 3 are two numbers, each offered and shown
on its own.
"""

from ...artefacts.fields import yes_no
from ...artefacts.phrases import joined, person
from ...platform.dates import long_date
from ...platform.i18n import _
from . import NUMBER_ROLES, PLACES, WHOSE_NAMES, ZONES

RULES, PATH_PLACE = "rules", "path"


def done_at(content: dict) -> str:
    """When the work was done: this visit's start (records.done_at)."""
    return content["session"]["started_at"]


def version_day(document: dict) -> str:
    return long_date(done_at(document["content"]))


def session_details(session: dict, author: str) -> list[tuple[str, str]]:
    """The visit's facts, as the record page, the timeline and the files say them."""
    return [
        (_("When"), long_date(session["started_at"])),
        (_("Where"), session["place"] or _("Not recorded")),
        (_("Also present"), joined([person(someone) for someone in session["present"]]) or _("Nobody else")),
        (_("Seen alone"), yes_no(session["seen_alone"])),
        (_("Worker"), author),
    ]


def by_zone(people: list[dict]) -> dict[str, list[dict]]:
    """The people in each zone, in the order the child placed them."""
    return {zone: [person for person in people if person["zone"] == zone] for zone in ZONES}


def whose(number: dict) -> str:
    """Whose number it is, in words: "The child", "Sarah (A parent)", or "A parent" when unnamed."""
    kind = str(WHOSE_NAMES[number["who"]])
    if number["who"] == "child" or not number["name"].strip():
        return kind
    return _("%(name)s (%(whose)s)", name=number["name"], whose=kind.lower())


def childs_number(content: dict) -> int | None:
    """The child's own place on the path, or None when the child gave none."""
    return next((number["number"] for number in content["path"] if number["who"] == "child"), None)


def number_item(index: int, part: str) -> str:
    return f"path-{index}-{part}"


def voice_items(content: dict) -> list[dict]:
    """The rules as written, then why each number is where it is and what would make it one step
    closer (verbatim), each with its own wish. A number's words are written down by the child only on
    the child's own number; on anyone else's they were scribed."""
    items = [
        {
            "item": rule["id"],
            "place": RULES,
            "text": rule["text"],
            "by": rule["by"],
            "share": rule["share"],
            "at": rule["at"],
        }
        for rule in content["rules"]
        if rule["text"]
    ]
    for index, number in enumerate(content["path"], start=1):
        for part in ("why", "closer"):
            if number[part]:
                items.append(
                    {
                        "item": number_item(index, part),
                        "place": PATH_PLACE,
                        "text": number[part],
                        "by": "child" if number["who"] == "child" else "worker",
                        "share": number["share"],
                        "at": number["at"],
                    }
                )
    return items


def voice_place(place: str) -> tuple[str, str | None]:
    """The rules on the roof (what needs to happen) and the safety path (no column): anything else,
    never stored, is named by nothing rather than breaking a page."""
    if place == RULES:
        return _("The rules on the roof"), PLACES[RULES]
    if place == PATH_PLACE:
        return _("The safety path"), PLACES[PATH_PLACE]
    return "", None


def source_anchor(item: str, place: str | None) -> str:
    """Where on the record page a word taken into the mapping was said: its rule, or its number."""
    if place == RULES:
        return f"#rule-{item}"
    if place == PATH_PLACE:
        return f"#{item.rsplit('-', 1)[0]}"
    return ""


def scores_offered(content: dict) -> list[dict]:
    """Every number on the path, offered to the assessment's scale, each labelled whose it is (the
    child's own labelled as the child's), with why it is there, verbatim, as its note (at most
    WHY_MAX characters, within any note the scale takes)."""
    return [
        {
            "person": (number["name"].strip() and number["name"]) or str(WHOSE_NAMES[number["who"]]),
            "role": str(NUMBER_ROLES[number["who"]]),
            "score": number["number"],
            "note": number["why"],
        }
        for number in content["path"]
    ]
