"""The child's sharing wish: who the child said may see something they made (docs/three-houses.md `wish`).

Main decision: one validator and one phrase for every tool, so "Parents and conference" means the
same on every screen and a wish is refused the same way wherever it appears. A wish is recorded,
never inferred: "ask" (not asked yet, the default) is kept apart from [] (the child said nobody),
because "not asked" must never read as "no" — nor as consent. A wish is a *set*: the list's order
means nothing and is never a reason to refuse. The tablet writes it in the order of `AUDIENCES` (the
order of the boxes on screen), sessions stored before that are in alphabetical order, and both are
the same wish. (A server that insisted on one order once refused, for ever, every sealed session
whose child named two audiences: the seams issue, #13.)
"""

from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from . import contracts

# The tablet reads the same file (static/js/tools/sharing.json), so the order cannot drift.
NOT_ASKED = contracts.sharing()["not_asked"]
AUDIENCES = tuple(contracts.sharing()["audiences"])
AUDIENCE_NAMES = {
    "parents": _l("Parents"),
    "network": _l("Safety network"),
    "conference": _l("Conference"),
}


def check_wish(value, where: str) -> None:
    """Refuse anything but "ask" or a list of known audiences, each at most once, in any order;
    `where` names the field in the message ("the House of Worries", "the word w3")."""
    if value == NOT_ASKED:
        return
    if not isinstance(value, list):
        raise DocumentInvalid(
            _('The sharing wish for %(where)s must be "ask" or a list of who may see it', where=where)
        )
    for audience in value:
        if audience not in AUDIENCES:
            raise DocumentInvalid(
                _(
                    "The sharing wish for %(where)s names someone this server does not know: %(audience)s",
                    where=where,
                    audience=str(audience)[:40],
                )
            )
    if len(set(value)) != len(value):
        raise DocumentInvalid(_("The sharing wish for %(where)s names the same people twice", where=where))


def canonical_wish(wish):
    """A sharing wish in the canonical order (AUDIENCES; the tablet's canonicalWish): "ask" as it is,
    a list sorted into that order. Nothing is dropped: an audience twice, or one this server does not
    know (kept last), is left for check_wish to refuse."""
    if not isinstance(wish, list):
        return wish
    return sorted(wish, key=lambda audience: AUDIENCES.index(audience) if audience in AUDIENCES else len(AUDIENCES))


def describe_wish(value) -> str:
    """The wish in plain words for a screen: "Not asked yet", "Nobody", "Parents and conference"."""
    if value == NOT_ASKED or not isinstance(value, list):
        return _("Not asked yet")
    names = [str(AUDIENCE_NAMES[audience]) for audience in AUDIENCES if audience in value]
    if not names:
        return _("Nobody")
    if len(names) == 1:
        return names[0]
    # The first name keeps its capital; the others are read mid-sentence.
    rest = [name.lower() for name in names[1:]]
    if len(rest) == 1:
        return _("%(first)s and %(second)s", first=names[0], second=rest[0])
    return _("%(first)s, %(second)s and %(third)s", first=names[0], second=rest[0], third=rest[1])


def shown_to(value, audience: str) -> bool:
    """Whether something with this wish may go into an export for `audience` ("parents", "network",
    "conference"). Only a recorded "yes" counts: "not asked yet" is withheld like "nobody", because
    not asking must never read as consent. The record itself (audience None) holds everything."""
    if audience is None:
        return True
    return isinstance(value, list) and audience in value
