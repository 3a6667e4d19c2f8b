"""What of a picture sort each audience may have (artefacts/audience.py states the rule).

Main decision: the sort is one piece of the child's work with one wish (`share`): an audience the
child did not say yes to gets the board and the visit's facts but no card, no move, no drawing and
none of the worker's notes of what the child said or did (they describe the sorting). What is left
out is counted ("12 cards in the picture sort"), never named.
"""

from ...artefacts.audience import allows
from ...platform.i18n import ngettext


def for_audience(content: dict, audience: str | None) -> list[str]:
    if allows(content["share"], audience):
        return []
    withheld = []
    cards, notes = len(content["cards"]), len(content["notes"])
    content["cards"], content["moves"], content["notes"] = [], [], []
    if cards:
        withheld.append(ngettext("%(num)s card in the picture sort", "%(num)s cards in the picture sort", cards))
    if notes:
        withheld.append(ngettext("%(num)s note of the picture sort", "%(num)s notes of the picture sort", notes))
    return withheld
