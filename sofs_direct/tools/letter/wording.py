"""The letter as the child reads it, in the letter's own language: its headings, its parts in order,
and "Who will see this", worked out from the child's wishes.

Main decision: "Who will see this" is never stored. It is worked out here, each time the letter is
shown or printed, from the wishes of what is left in the content it is given — a copy for an
audience has already lost what that audience may not see (audience.py), so its "Who will see this"
cannot name or hint at what was left out. The letter's words are chosen in the letter's language
(`written_in`), whatever the worker's screens are in: it is the child's letter. One function gives
the record page, the text export and the printed copy the same letter.
"""

from ...artefacts.phrases import written_in
from ...artefacts.sharing import AUDIENCES, NOT_ASKED, canonical_wish
from ...platform.i18n import _, _l

# Each audience in a child's words (docs/letter.md).
CHILDS_WORDS = {
    "parents": _l("your mum, dad or carers"),
    "network": _l("the people who help keep you safe"),
    "conference": _l("the meeting about keeping you safe"),
}


def shown_heard(content: dict) -> list[dict]:
    return [item for item in content["heard"] if item["shown"]]


def shown_drawings(content: dict) -> list[dict]:
    return [item for item in content["drawings"] if item["shown"]]


def drawing_caption(item: dict) -> str:
    return item["caption"] or _("Your drawing")


def _wish_order(wish) -> tuple:
    """Nobody first, then each list of people (in the audiences' order), then "not asked yet" last."""
    if wish == NOT_ASKED or not isinstance(wish, list):
        return (2,)
    return (0 if not wish else 1, *[AUDIENCES.index(audience) for audience in canonical_wish(wish)])


def who_will_see(content: dict) -> list[dict]:
    """The shown words and drawings grouped by wish, each group {"says", "people", "things"}: the
    sentence for the wish, the people in the child's words (for a list) and the things it covers
    (the child's words, a drawing's caption). Call inside `written_in(content["language"])`."""
    groups: dict[tuple, dict] = {}
    things = [(item["share"], item["words"]) for item in shown_heard(content)]
    things += [(item["share"], drawing_caption(item)) for item in shown_drawings(content)]
    for wish, thing in things:
        key = _wish_order(wish)
        if key not in groups:
            groups[key] = _group(wish)
        groups[key]["things"].append(thing)
    return [groups[key] for key in sorted(groups)]


def _group(wish) -> dict:
    if wish == NOT_ASKED or not isinstance(wish, list):
        return {"says": _("We have not talked yet about who can see this. I will ask you."), "people": [], "things": []}
    if not wish:
        return {
            "says": _("Nobody else will see this. It stays between you and me, in your file."),
            "people": [],
            "things": [],
        }
    return {
        "says": _("You said these people can see it:"),
        "people": [str(CHILDS_WORDS[audience]) for audience in canonical_wish(wish)],
        "things": [],
    }


def letter_words(content: dict) -> dict:
    """Everything the letter says, in its language, in the order it says it: the fixed words (the
    greeting and headings) and what the worker and the child wrote, exactly as written."""
    with written_in(content["language"]):
        return {
            "language": content["language"],
            "greeting": _("Dear %(name)s,", name=content["to"]) if content["to"].strip() else "",
            "opening": content["opening"],
            "heard_heading": _("What I heard you say"),
            "heard": shown_heard(content),
            "drawings_heading": _("Your drawings"),
            "drawings": [{**item, "caption": drawing_caption(item)} for item in shown_drawings(content)],
            "others_heading": _("What other people said"),
            "others": content["others"],
            "next_heading": _("What I will do next"),
            "next": content["next"],
            "who_heading": _("Who will see this"),
            "who": who_will_see(content),
            "who_sees_note": content["who_sees_note"],
            "talk_heading": _("Who you can talk to"),
            "talk_to": content["talk_to"],
            "closing": content["closing"],
            "wrote_it": _("You wrote this"),
            "scribed": _("I wrote this down for you"),
        }
