"""What of a letter to the child each audience may have (artefacts/audience.py states the rule).

Main decision: each of the child's words and each drawing follows its own wish, as in the session it
was copied from, so a letter can never give an audience what the session would not. What the worker
left out of the letter (`shown` false) is taken out for everyone: it is not part of the letter. What
someone else said, and the worker's own words, are the worker's and are kept. "Who will see this" is
worked out from what is left (wording.who_will_see), so it cannot name what was taken out.
"""

from ...artefacts.audience import allows, words_withheld
from ...platform.i18n import ngettext


def for_audience(content: dict, audience: str | None) -> list[str]:
    content["heard"] = [item for item in content["heard"] if item["shown"]]
    content["drawings"] = [item for item in content["drawings"] if item["shown"]]
    heard = [item for item in content["heard"] if allows(item["share"], audience)]
    drawings = [item for item in content["drawings"] if allows(item["share"], audience)]
    withheld = []
    if len(heard) < len(content["heard"]):
        withheld.append(words_withheld(len(content["heard"]) - len(heard)))
    if len(drawings) < len(content["drawings"]):
        left_out = len(content["drawings"]) - len(drawings)
        withheld.append(ngettext("%(num)s of the child's drawings", "%(num)s of the child's drawings", left_out))
    content["heard"], content["drawings"] = heard, drawings
    return withheld
