"""The schema check of one Safety House version (docs/safety-house.md) and of the drawing it names.

Main decision: the check is field by field against the doc — exact fields, types, limits — and each
refusal names the person, rule or number at fault as the worker sees it ("Person 3, Nain", "Rule 2",
"Number 1, the child's own"), never by its id alone. Strings are stored exactly as entered: a check
only accepts or refuses, never tidies (artefacts/fields.py). A draft may be incomplete (a blank name,
a rule not written yet); what saving a version needs is checked only when `final` is set.
"""

from ...artefacts.fields import (
    check_present,
    check_text,
    check_timestamp,
    counted,
    exact_fields,
    is_identifier,
    is_whole,
    read_drawing,
)
from ...artefacts.sharing import check_wish
from ...paper import ink
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    CONTENT_FIELDS,
    INK_PART,
    NAME_MAX,
    NUMBER_FIELDS,
    NUMBERS_MAX,
    OUTLINE,
    PATH,
    PEOPLE_MAX,
    PERSON_FIELDS,
    PERSON_TEXT_MAX,
    PLACE_MAX,
    PRESENT_MAX,
    RULE_FIELDS,
    RULE_MAX,
    RULES_MAX,
    SESSION_FIELDS,
    STICKER_GROUPS,
    VERSION_MAX,
    WHOSE,
    WHY_MAX,
    WRITERS,
    ZONES,
)


def _stamps(groups=None) -> set:
    """The stickers the artwork offers: of `groups` only, when given."""
    return {stamp["id"] for stamp in ink.load_artwork()["stamps"] if groups is None or stamp["group"] in groups}


def _check_id(value, what, seen: set) -> None:
    if not is_identifier(value):
        raise DocumentInvalid(
            _("%(what)s has an id that is not 1 to 40 lowercase letters, digits or hyphens", what=what)
        )
    if value in seen:
        raise DocumentInvalid(_("Two people or rules have the same id, %(id)s", id=value))
    seen.add(value)


def _check_common(item: dict, what, stickers: set) -> None:
    """What a person and a rule share: who placed it, its sticker, the child's wish and when."""
    if item["by"] not in WRITERS:
        raise DocumentInvalid(_("%(what)s must say who put it there: child or worker", what=what))
    if item["sticker"] is not None and item["sticker"] not in stickers:
        raise DocumentInvalid(
            _(
                "%(what)s has a sticker this server does not know: %(sticker)s",
                what=what,
                sticker=str(item["sticker"])[:40],
            )
        )
    check_wish(item["share"], what)
    check_timestamp(item["at"], _("When %(what)s was added", what=what))


def _check_person(person, number: int, seen: set, stickers: set, final: bool) -> None:
    exact_fields(person, PERSON_FIELDS, _("Person %(number)s", number=number))
    _check_id(person["id"], _("Person %(number)s", number=number), seen)
    check_text(person["name"], _("The name of person %(number)s", number=number), NAME_MAX, one_line=True)
    what = (
        _("Person %(number)s, %(name)s", number=number, name=person["name"])
        if person["name"]
        else _("Person %(number)s", number=number)
    )
    if final and not person["name"].strip():
        raise DocumentInvalid(_("Give person %(number)s a name, or take them out of the house", number=number))
    if person["zone"] not in ZONES:
        raise DocumentInvalid(_("%(what)s must be inside the house, in the garden or outside the red line", what=what))
    if not isinstance(person["only_with_safe_adult"], bool):
        raise DocumentInvalid(_("Whether %(what)s may come in only with a safe adult must be yes or no", what=what))
    if person["only_with_safe_adult"] and person["zone"] != "outside":
        raise DocumentInvalid(
            _("Only someone outside the red line can be let in only with a safe adult (%(what)s)", what=what)
        )
    if person["network"] is not None and not is_identifier(person["network"]):
        raise DocumentInvalid(_("%(what)s names a safety network member by an id that is not one", what=what))
    _check_common(person, what, stickers)


def _check_rule(rule, number: int, seen: set, stickers: set, final: bool) -> None:
    what = _("Rule %(number)s", number=number)
    exact_fields(rule, RULE_FIELDS, what)
    _check_id(rule["id"], what, seen)
    check_text(rule["text"], _("The words of rule %(number)s", number=number), RULE_MAX)
    if final and not rule["text"].strip():
        raise DocumentInvalid(_("Write rule %(number)s, or take it off the roof", number=number))
    _check_common(rule, what, stickers)


def _check_number(number, index: int, final: bool) -> None:
    what = _("Number %(number)s on the safety path", number=index)
    exact_fields(number, NUMBER_FIELDS, what)
    if number["who"] not in WHOSE:
        raise DocumentInvalid(
            _("%(what)s must say whose it is: the child, the worker, a parent or the network", what=what)
        )
    check_text(
        number["name"], _("Whose number %(number)s on the safety path is", number=index), PERSON_TEXT_MAX, one_line=True
    )
    if number["who"] == "child" and number["name"]:
        raise DocumentInvalid(_("%(what)s is the child's own: it has no name of its own", what=what))
    low, high = PATH
    if not is_whole(number["number"], low, high):
        raise DocumentInvalid(
            _("%(what)s must be a whole number from %(low)s to %(high)s", what=what, low=low, high=high)
        )
    check_text(number["why"], _("Why number %(number)s is where it is", number=index), WHY_MAX)
    check_text(number["closer"], _("What would make number %(number)s one step closer", number=index), WHY_MAX)
    check_wish(number["share"], what)
    check_timestamp(number["at"], _("When %(what)s was given", what=what))


def _check_session(session, final: bool) -> None:
    exact_fields(session, SESSION_FIELDS, _("The visit's record"))
    check_timestamp(session["started_at"], _("When the visit started"))
    check_text(session["place"], _("Where the visit happened"), PLACE_MAX, one_line=True)
    present = session["present"]
    check_present(present, PRESENT_MAX)
    if not (session["seen_alone"] is None or isinstance(session["seen_alone"], bool)):
        raise DocumentInvalid(_("Whether the child was seen alone must be yes, no or not recorded"))
    if not final:
        return
    if not session["place"].strip():
        raise DocumentInvalid(_("Record where the visit happened before saving the Safety House"))
    if session["seen_alone"] is None:
        raise DocumentInvalid(_("Record whether the child was seen alone before saving the Safety House"))
    for number, person in enumerate(present, start=1):
        if not person["name"].strip():  # a court reader must know who was in the room
            raise DocumentInvalid(_("Give the name of person %(number)s present, or remove them", number=number))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a Safety House version
    (docs/safety-house.md); `final` adds what saving a version needs."""
    exact_fields(content, CONTENT_FIELDS, _("The Safety House"))
    if not is_whole(content["version"], 1, VERSION_MAX):
        raise DocumentInvalid(_("The version number must be a whole number from 1 to %(n)s", n=VERSION_MAX))
    _check_session(content["session"], final)
    if content["ink"] is not None:
        if content["ink"] != INK_PART:
            raise DocumentInvalid(_("The drawing on the house must be named %(name)s", name=INK_PART))
        if INK_PART not in parts:
            raise DocumentInvalid(_("The drawing on the house was not sent with the Safety House"))
        if parts[INK_PART] != ink.MEDIA_TYPE:
            raise DocumentInvalid(_("The part %(name)s is not a drawing", name=INK_PART))
    unused = sorted(set(parts) - {content["ink"]})
    if unused:
        raise DocumentInvalid(
            _("Parts were sent that the Safety House does not use: %(names)s", names=", ".join(unused[:5]))
        )
    people = counted(
        content["people"],
        PEOPLE_MAX,
        _("The people"),
        _("A Safety House can have at most %(n)s people (it has %(count)s)"),
    )
    rules = counted(
        content["rules"], RULES_MAX, _("The rules"), _("A Safety House can have at most %(n)s rules (it has %(count)s)")
    )
    path = counted(
        content["path"],
        NUMBERS_MAX,
        _("The numbers on the safety path"),
        _("The safety path can have at most %(n)s numbers (it has %(count)s)"),
    )
    seen: set = set()
    faces_and_figures, every_sticker = _stamps(STICKER_GROUPS), _stamps()
    for number, person in enumerate(people, start=1):
        _check_person(person, number, seen, faces_and_figures, final)
    for number, rule in enumerate(rules, start=1):
        _check_rule(rule, number, seen, every_sticker, final)
    for index, number in enumerate(path, start=1):
        _check_number(number, index, final)
    if sum(number["who"] == "child" for number in path) > 1:
        raise DocumentInvalid(_("The child has more than one number of their own on the safety path: keep one"))
    if not isinstance(content["faces"], bool):
        raise DocumentInvalid(_("Whether the path was shown with faces must be yes or no"))
    check_wish(content["share"], _("the drawing on the house"))
    if final and not (people or rules or path):
        raise DocumentInvalid(
            _("Nobody, no rule and no number is in the Safety House yet. Add something before saving it.")
        )


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = True) -> None:
    """The drawing decodes under docs/ink.md on the house outline, within the drawing budget."""
    if content["ink"] is not None:
        read_drawing(plain_parts[content["ink"]], _("The drawing on the house"), ink.load_artwork(), OUTLINE)
