"""Who an export is for, and what of the child's work each audience may be given: the full record
for the case file, the child protection conference, the parents, or the safety network.

Main decision: the child's sharing wish is applied by taking things OUT of a copy of the document
before anything is drawn or written, never by hiding them while drawing, so a part the child did not
want this audience to see is never even read from the store, let alone rendered into a file. The rule
is sharing.shown_to, the one rule every screen uses: only a recorded yes counts ("not asked yet" is
withheld like "nobody"). What was left out is described by kind and number only ("2 of the child's
words", "the drawing in the House of Worries"), never by what it was, so the file can say honestly
that something is missing without giving it away.

Each kind applies its own rule (its `for_audience`, required of every kind; docs/assessment-export.md
"Audiences"): Three Houses — a house whose wish does not allow
loses its drawing, photos, symbol and the child's name for it (and the worker's notes about it, which
describe the drawing), and each word and each recording follows its own wish. Words and Pictures — the children's
additions follow CHILDREN_SHARE. Network — the child's view of each person is removed for every
audience but the record (no wish is recorded for it). A worker's observation or meeting record is
the worker's, and is kept. A session's consent record is the session's facts, not the child's work,
and is kept for every audience (the parents' own decision is theirs to see).
"""

import copy

from ..platform.i18n import _, _l, ngettext
from .kinds import kind_of
from .sharing import describe_wish, shown_to

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
    "conference": _l(
        "Some of what the child said or made is not included, because the child did not want the "
        "child protection conference to see it, or was not asked."
    ),
    "parents": _l(
        "Some of what the child said or made is not included, because the child did not want parents "
        "to see it, or was not asked."
    ),
    "network": _l(
        "Some of what the child said or made is not included, because the child did not want the "
        "safety network to see it, or was not asked."
    ),
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


def words_withheld(count: int) -> str:
    return ngettext("%(num)s of the child's words", "%(num)s of the child's words", count)


def for_audience(kind: str, document: dict, audience: str | None) -> tuple[dict, list[str]]:
    """A deep copy of the artefact's document with everything the child did not want `audience` to
        see taken out, and sentences saying what kind of thing was left out and how many (empty when
        nothing was). The full record (None or "record") keeps everything a kind keeps; each kind says
    what it takes out (its `for_audience`), and a kind this server does not know is withheld whole,
    from every audience (kinds.UNKNOWN)."""
    filtered = copy.deepcopy(document)
    if audience in ("parents", "network"):
        # The worker's note on how the child communicated is a professional note about the child, for
        # the case file and the conference; parents and the network see only the ways (communication.py).
        if isinstance(filtered.get("communication"), dict):
            filtered["communication"]["note"] = ""
        # The child's answers about the work and their worker are theirs to give to the professionals,
        # not to the parents or the network (docs/feedback.md): out of every file for them, here, once.
        filtered.pop("feedback", None)
    return filtered, kind_of(kind).for_audience(filtered["content"], audience)


def mapping_for_audience(mapping: dict[str, list[dict]], audience: str | None) -> tuple[dict, list[str]]:
    """The assessment's mapping (assessments.mapping) without the child's words this audience may not
    see: an entry taken from the child's words follows its item's wish (a missing wish withholds, as
    "not asked" does); the worker's own entries are the worker's and are kept."""
    kept, left_out = {}, 0
    for column, entries in mapping.items():
        kept[column] = [
            entry for entry in entries if entry["source_artefact_id"] is None or allows(entry.get("share"), audience)
        ]
        left_out += len(entries) - len(kept[column])
    withheld = (
        [
            ngettext(
                "%(num)s of the child's words in the mapping", "%(num)s of the child's words in the mapping", left_out
            )
        ]
        if left_out
        else []
    )
    return kept, withheld
