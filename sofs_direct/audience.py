"""Who an export is for, and what of the child's work each audience may be given: the full record
for the case file, the child protection conference, the parents, or the safety network.

Main decision: the child's sharing wish is applied by taking things OUT of a copy of the document
before anything is drawn or written, never by hiding them while drawing, so a part the child did not
want this audience to see is never even read from the store, let alone rendered into a file. The rule
is sharing.shown_to, the one rule every screen uses: only a recorded yes counts ("not asked yet" is
withheld like "nobody"). What was left out is described by kind and number only ("2 of the child's
words", "the drawing in the House of Worries"), never by what it was, so the file can say honestly
that something is missing without giving it away.

Per kind (docs/assessment-export.md "Audiences"): Three Houses — a house whose wish does not allow
loses its drawing, photos, symbol and the child's name for it (and the worker's notes about it, which
describe the drawing), and each word and each recording follows its own wish. Words and Pictures — the children's
additions follow CHILDREN_SHARE. Network — the child's view of each person is removed for every
audience but the record (no wish is recorded for it). A worker's observation or meeting record is
the worker's, and is kept. A session's consent record is the session's facts, not the child's work,
and is kept for every audience (the parents' own decision is theirs to see).
"""

import copy

from .i18n import _, _l, ngettext
from .tools import three_houses, words_pictures
from .tools.sharing import describe_wish, shown_to

RECORD = "record"  # the full record for the case file: everything, each item's wish printed beside it
AUDIENCES = (RECORD, "conference", "parents", "network")
AUDIENCE_NAMES = {
    RECORD: _l("The full record (for the case file)"),
    "conference": _l("Child protection conference"),
    "parents": _l("Parents"),
    "network": _l("Safety network"),
}
# One whole sentence per audience (not a name dropped into one sentence), so each translates properly.
NOTICES = {
    "conference": _l("Some of what the child said or made is not included, because the child did not want the "
                     "child protection conference to see it, or was not asked."),
    "parents": _l("Some of what the child said or made is not included, because the child did not want parents "
                  "to see it, or was not asked."),
    "network": _l("Some of what the child said or made is not included, because the child did not want the "
                  "safety network to see it, or was not asked."),
}


def wish_audience(audience: str | None) -> str | None:
    """The audience as sharing.shown_to takes it: None for the full record."""
    return None if audience in (None, RECORD) else audience


def allows(wish, audience: str | None) -> bool:
    return shown_to(wish, wish_audience(audience))


def audience_name(audience: str | None) -> str:
    return str(AUDIENCE_NAMES[audience or RECORD])


def wish_note(wish, audience: str | None) -> str:
    """What the full record prints beside an item ("Shared with: Parents"); nothing for an audience,
    which only ever gets what it may see."""
    if wish_audience(audience) is not None:
        return ""
    return _("Shared with: %(who)s", who=describe_wish(wish))


def notice(audience: str | None, withheld: list[str]) -> list[str]:
    """The lines a file prints when something was left out: the sentence, then what and how many."""
    if not withheld or wish_audience(audience) is None:
        return []
    return [str(NOTICES[audience]), _("Not included: %(things)s.", things="; ".join(withheld))]


# --- per kind -------------------------------------------------------------------------------------

def _words_withheld(count: int) -> str:
    return ngettext("%(num)s of the child's words", "%(num)s of the child's words", count)


def _three_houses(content: dict, audience: str | None) -> list[str]:
    withheld, words = [], 0
    for house in content["houses"]:
        where = three_houses.house_name(house["key"], content["theme"])
        if not allows(house["share"], audience):
            if house["ink"]:
                withheld.append(_("the drawing in the %(house)s", house=where))
            if house["photos"]:
                withheld.append(ngettext("%(num)s photo in the %(house)s", "%(num)s photos in the %(house)s",
                                         len(house["photos"]), house=where))
            if house["name"]:
                withheld.append(_("the child's name for the %(house)s", house=where))
            # The worker's notes about the house describe the drawing: they go with it.
            house.update(ink=None, photos=[], name="", symbol=None, observations="", reflection="")
        kept = [word for word in house["words"] if allows(word["share"], audience)]
        words += len(house["words"]) - len(kept)
        house["words"] = kept
    if words:
        withheld.insert(0, _words_withheld(words))
    # Recordings of the child's voice (issue 8) follow their own wish, with the words typed beside them.
    clips = content.get("clips") or []
    kept_clips = [clip for clip in clips if allows(clip["share"], audience)]
    if len(kept_clips) < len(clips):
        withheld.append(ngettext("%(num)s recording of the child's voice", "%(num)s recordings of the child's voice",
                                 len(clips) - len(kept_clips)))
        content["clips"] = kept_clips
    return withheld


def _words_pictures(content: dict, audience: str | None) -> list[str]:
    if allows(words_pictures.CHILDREN_SHARE, audience):
        return []
    pages = [page for page in content["pages"] if words_pictures.has_additions(page)]
    for page in content["pages"]:
        page["children"] = None
    if not pages:
        return []
    return [ngettext("what the children added to %(num)s page", "what the children added to %(num)s pages",
                     len(pages))]


def _network(content: dict, audience: str | None) -> list[str]:
    if wish_audience(audience) is None:
        return []
    said = 0
    for member in content["members"]:
        view = member["fields"].pop("child_view", None)
        said += bool(view and view["value"])
    if not said:
        return []
    return [ngettext("the child's view of %(num)s person in the network",
                     "the child's view of %(num)s people in the network", said)]


FILTERS = {"three_houses": _three_houses, "words_pictures": _words_pictures, "network": _network}


def for_audience(kind: str, document: dict, audience: str | None) -> tuple[dict, list[str]]:
    """A deep copy of the artefact's document with everything the child did not want `audience` to
    see taken out, and sentences saying what kind of thing was left out and how many (empty when
    nothing was). The full record (None or "record") keeps everything."""
    filtered = copy.deepcopy(document)
    strip = FILTERS.get(kind)
    withheld = strip(filtered["content"], audience) if strip is not None else []
    return filtered, withheld


def mapping_for_audience(mapping: dict[str, list[dict]], audience: str | None) -> tuple[dict, list[str]]:
    """The assessment's mapping (assessments.mapping) without the child's words this audience may not
    see: an entry taken from the child's words follows its item's wish (a missing wish withholds, as
    "not asked" does); the worker's own entries are the worker's and are kept."""
    kept, left_out = {}, 0
    for column, entries in mapping.items():
        kept[column] = [entry for entry in entries
                        if entry["source_artefact_id"] is None or allows(entry.get("share"), audience)]
        left_out += len(entries) - len(kept[column])
    withheld = [ngettext("%(num)s of the child's words in the mapping",
                         "%(num)s of the child's words in the mapping", left_out)] if left_out else []
    return kept, withheld
