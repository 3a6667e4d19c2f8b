"""What of a Three Houses session each audience may have (audience.py states the rule).

Main decision: a house whose wish does not allow loses its drawing, photos, symbol and the child's
name for it (and the worker's notes about it, which describe the drawing), and each word and each
recording follows its own wish. The consent record is the session's facts and is kept.
"""

from ...artefacts.audience import allows, words_withheld
from ...platform.i18n import _, ngettext
from .session import house_name


def for_audience(content: dict, audience: str | None) -> list[str]:
    withheld, words = [], 0
    for house in content["houses"]:
        where = house_name(house["key"], content["theme"])
        if not allows(house["share"], audience):
            if house["ink"]:
                withheld.append(_("the drawing in the %(house)s", house=where))
            if house["photos"]:
                withheld.append(
                    ngettext(
                        "%(num)s photo in the %(house)s",
                        "%(num)s photos in the %(house)s",
                        len(house["photos"]),
                        house=where,
                    )
                )
            if house["name"]:
                withheld.append(_("the child's name for the %(house)s", house=where))
            # The worker's notes about the house describe the drawing: they go with it.
            house.update(ink=None, photos=[], name="", symbol=None, observations="", reflection="")
        kept = [word for word in house["words"] if allows(word["share"], audience)]
        words += len(house["words"]) - len(kept)
        house["words"] = kept
    if words:
        withheld.insert(0, words_withheld(words))
    # Recordings of the child's voice (issue 8) follow their own wish, with the words typed beside them.
    clips = content.get("clips") or []
    kept_clips = [clip for clip in clips if allows(clip["share"], audience)]
    if len(kept_clips) < len(clips):
        withheld.append(
            ngettext(
                "%(num)s recording of the child's voice",
                "%(num)s recordings of the child's voice",
                len(clips) - len(kept_clips),
            )
        )
        content["clips"] = kept_clips
    return withheld
