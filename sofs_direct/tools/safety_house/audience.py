"""What of a Safety House version each audience may have (artefacts/audience.py states the rule).

Main decision: each person, rule and number follows its own wish, and the drawing on the house
follows the house's wish (`share`); what is left out is counted by kind and number only ("2 people",
"1 rule"), never named, so the file says honestly that something is missing without giving it away.
The visit's record (where, who was present) is the visit's facts, not the child's work, and is kept.
"""

from ...artefacts.audience import allows
from ...platform.i18n import _, ngettext


def _kept(items: list[dict], audience: str | None) -> tuple[list[dict], int]:
    kept = [item for item in items if allows(item["share"], audience)]
    return kept, len(items) - len(kept)


def for_audience(content: dict, audience: str | None) -> list[str]:
    withheld = []
    content["people"], people = _kept(content["people"], audience)
    content["rules"], rules = _kept(content["rules"], audience)
    content["path"], numbers = _kept(content["path"], audience)
    if people:
        withheld.append(ngettext("%(num)s person in the Safety House", "%(num)s people in the Safety House", people))
    if rules:
        withheld.append(ngettext("%(num)s rule on the roof", "%(num)s rules on the roof", rules))
    if numbers:
        withheld.append(ngettext("%(num)s number on the safety path", "%(num)s numbers on the safety path", numbers))
    if content["ink"] and not allows(content["share"], audience):
        content["ink"] = None
        withheld.append(_("the child's drawing on the house"))
    return withheld
