"""What a Three Houses session says, read the same way by the checks, the pages, the exports and
the child's voice: each house by the name the child saw, the order the child opened them in, whether
anything was done with the child, a refusal in words, and where the child's words belong.

Main decision: "nothing was done with the child" is one test, written once in Python (`refused_only`)
and once in SQL for the manager's figures (NOTHING_DONE_SQL), side by side so the two cannot drift.
A parent's refusal is a finishable record of its own: with nothing done with the child it needs no
house filled (and then every render says so in words instead of drawing empty houses).
"""

from ...paper import ink
from ...platform.i18n import _
from . import BUBBLE_NAMES, KEYS, MAPPING_COLUMNS, USUAL_NAMES, WHOLE_SESSION


def house_name(key: str, theme: str = "houses") -> str:
    """The usual name of a house as the child saw it: a house, or a bubble in the fairy and wizard looks."""
    return str((USUAL_NAMES if theme == "houses" else BUBBLE_NAMES)[key])


def has_work(content: dict) -> bool:
    """Whether anything was done with the child: something in a house (a drawing, a photo, words) or a recording."""
    return any(house["ink"] or house["photos"] or house["words"] for house in content["houses"]) or bool(
        content.get("clips")
    )


def child_declined(content: dict) -> bool:
    """The child said no to taking part today (the child's OK on the consent screen)."""
    return ((content.get("consent") or {}).get("child") or {}).get("assent") == "declined"


def refused_only(content: dict, withheld: bool = False) -> bool:
    """A parent or carer did not agree, or the child did not want to take part, and nothing was done with
    the child. Such a session is a record of its own: it is finished as just that, so the refusal reaches
    the child's record (issue 13) — a child's own "no" as much as a parent's.
    `withheld`: something was taken out of `content` for an audience, so something was done."""
    said_no = content["session"]["parental_agreement"] == "refused" or child_declined(content)
    return said_no and not withheld and not has_work(content)


def refusal_statement(content: dict, withheld: bool = False) -> str:
    """What the record says first about a session a parent or carer did not agree to, or the child did
    not want to take part in ("" otherwise)."""
    refused = content["session"]["parental_agreement"] == "refused"
    if refused_only(content, withheld):
        return (
            _("The parent or carer did not agree to this session, so nothing was done with the child.")
            if refused
            else _("The child did not want to take part today, so nothing was done with them.")
        )
    if refused:
        return _("The parent or carer did not agree to this session, but it went ahead.")
    return ""


# The same test in SQL over a stored artefact's `document`, for the manager's figures (voice.py): a
# refusal with nothing done is not the child's voice captured.
NOTHING_DONE_SQL = """
(json_extract(document, '$.content.session.parental_agreement') = 'refused'
 OR json_extract(document, '$.content.consent.child.assent') = 'declined')
AND NOT EXISTS (SELECT 1 FROM json_each(document, '$.content.houses') AS house
                WHERE json_extract(house.value, '$.ink') IS NOT NULL
                   OR json_array_length(house.value, '$.photos') > 0
                   OR json_array_length(house.value, '$.words') > 0)
AND coalesce(json_array_length(document, '$.content.clips'), 0) = 0
"""


def outline_of(content: dict) -> str:
    """The outline the theme's drawings are made on (artwork.json `themes`)."""
    return ink.load_artwork()["themes"][content["theme"]]


def done_at(content: dict) -> str:
    """When the work was done: the session's start (records.done_at)."""
    return content["session"]["started_at"]


def house_of(content: dict, key: str) -> dict:
    return content["houses"][KEYS.index(key)]


def child_order(content: dict) -> list[str]:
    """The houses in the order the child opened them, then any never opened, in the usual order."""
    return list(content["order"]) + [key for key in KEYS if key not in content["order"]]


def voice_place(place: str) -> tuple[str, str | None]:
    """Where a voice item's `place` is, for voice.place_of: a house (its usual name and its mapping
    column) or the whole session (no column). Nothing else is ever stored, but an unknown place is
    named by nothing rather than breaking the page that shows it."""
    if place in KEYS:
        return house_name(place), MAPPING_COLUMNS[place]
    if place == WHOLE_SESSION:
        return _("The whole session"), None
    return "", None


def clip_place_key(clip: dict) -> str:
    """The place a recording and the words at its moments belong to: its house, or the whole session."""
    return clip["house"] or WHOLE_SESSION


def voice_items(content: dict) -> list[dict]:
    """The child's words, house by house, for voice.py: each word as stored, with its wish; then
    the words the worker typed beside each moment of a recording (the child's words, scribed), with
    the recording's wish, placed in the recording's house or in the whole session."""
    return [
        {
            "item": word["id"],
            "place": house["key"],
            "text": word["text"],
            "by": word["by"],
            "share": word["share"],
            "at": word["at"],
        }
        for house in content["houses"]
        for word in house["words"]
    ] + [
        {
            "item": f"clip-{clip['id']}-{moment['id']}",
            "place": clip_place_key(clip),
            "text": moment["text"],
            "by": "worker",
            "share": clip["share"],
            "at": moment["at"],
        }
        for clip in content.get("clips", [])
        for moment in clip["moments"]
    ]
