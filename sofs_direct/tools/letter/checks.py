"""The schema check of one letter to the child (docs/letter.md) and of the drawings copied into it.

Main decision: field by field against the doc — exact fields, types, limits — each refusal naming
the thing at fault as the worker sees it ("The child's words 3", "Drawing 2"). The session the letter
came from is named by kind through the registry (a registered kind of direct work), never by a kind
written here, so a new tool's sessions can be written to the child with no change to this check. A
drawing is checked on the outline it was drawn on, as its session's kind checked it: the letter copies
it byte for byte, so it must decode here exactly as it did there.
"""

import re

from ...artefacts import symbols
from ...artefacts.envelope import is_uuid
from ...artefacts.fields import blank_page_drawing, check_text, check_timestamp, counted, exact_fields, read_drawing
from ...artefacts.kinds import kind_of, known
from ...artefacts.sharing import check_wish
from ...paper import ink
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    CAPTION_MAX,
    CONTENT_FIELDS,
    DRAWING_FIELDS,
    DRAWING_PREFIX,
    DRAWINGS_MAX,
    HEARD_FIELDS,
    HEARD_MAX,
    LANGUAGES,
    NAME,
    OTHER_FIELDS,
    OTHERS_MAX,
    SOURCE_FIELDS,
    TEXT_MAX,
    TO_MAX,
    WHERE_MAX,
    WHO_MAX,
    WORDS_MAX,
    WRITERS,
)

ID_DIGITS = 6  # "h1" … "h999999": far more than any list may hold


def _check_id(value, letter: str, what, seen: set) -> None:
    """An id of the form <letter><n> ("h3"), once in its list."""
    if not isinstance(value, str) or not re.fullmatch(f"{letter}[0-9]{{1,{ID_DIGITS}}}", value):
        raise DocumentInvalid(_("%(what)s has an id that is not %(letter)s and a number", what=what, letter=letter))
    if value in seen:
        raise DocumentInvalid(_("%(what)s has the same id as another: %(id)s", what=what, id=value))
    seen.add(value)


def _check_shown(value, what) -> None:
    if not isinstance(value, bool):
        raise DocumentInvalid(_("Whether %(what)s is in the letter must be yes or no", what=what))


def _check_source(source) -> None:
    exact_fields(source, SOURCE_FIELDS, _("The session the letter came from"))
    if not is_uuid(source["id"]):
        raise DocumentInvalid(_("The session the letter came from is named by an id that is not one"))
    kind = source["kind"]
    if not (isinstance(kind, str) and known(kind) and kind != NAME and kind_of(kind).DIRECT_WORK):
        raise DocumentInvalid(_("A letter is written after direct work with the child: its session's kind is not one"))
    if source["done_at"] is not None:
        check_timestamp(source["done_at"], _("When the session was done"))


def _check_heard(item, number: int, seen: set) -> None:
    what = _("The child's words %(number)s", number=number)
    exact_fields(item, HEARD_FIELDS, what)
    _check_id(item["id"], "h", what, seen)
    check_text(item["words"], what, WORDS_MAX, at_least=1)
    if not item["words"].strip():
        raise DocumentInvalid(_("%(what)s is empty", what=what))
    check_text(item["where"], _("Where the child said words %(number)s", number=number), WHERE_MAX, one_line=True)
    if item["by"] not in WRITERS:
        raise DocumentInvalid(_("%(what)s must say who wrote them down: the child or the worker", what=what))
    if item["symbol"] is not None and symbols.symbol(item["symbol"]) is None:
        raise DocumentInvalid(_("%(what)s names a symbol this service does not have", what=what))
    check_wish(item["share"], what)
    _check_shown(item["shown"], what)


def _check_drawing(item, number: int, seen: set, parts: dict, outlines) -> None:
    what = _("Drawing %(number)s", number=number)
    exact_fields(item, DRAWING_FIELDS, what)
    _check_id(item["id"], "d", what, seen)
    if item["part"] != DRAWING_PREFIX + item["id"]:
        raise DocumentInvalid(_("%(what)s must name its drawing %(name)s", what=what, name=DRAWING_PREFIX + item["id"]))
    if parts.get(item["part"]) != ink.MEDIA_TYPE:
        raise DocumentInvalid(_("%(what)s was not sent with the letter", what=what))
    if item["outline"] is not None and item["outline"] not in outlines:
        raise DocumentInvalid(_("%(what)s was drawn on an outline this service does not have", what=what))
    check_text(item["caption"], _("The words under drawing %(number)s", number=number), CAPTION_MAX, one_line=True)
    check_wish(item["share"], what)
    _check_shown(item["shown"], what)


def _check_other(item, number: int, seen: set, final: bool) -> None:
    """What someone else said: both who and what by the time the letter is finished (a draft holds
    the empty pair the worker has just added, while it is being typed)."""
    what = _("What someone else said %(number)s", number=number)
    exact_fields(item, OTHER_FIELDS, what)
    _check_id(item["id"], "o", what, seen)
    who = _("Who said %(number)s", number=number)
    check_text(item["who"], who, WHO_MAX, one_line=True)
    check_text(item["words"], what, TEXT_MAX)
    for value, named in ((item["who"], who), (item["words"], what)):
        if final and not value.strip():
            raise DocumentInvalid(_("%(what)s is empty", what=named))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a letter to the child (docs/letter.md);
    `final` adds what a finished letter needs."""
    exact_fields(content, CONTENT_FIELDS, _("The letter"))
    _check_source(content["source"])
    if content["language"] not in LANGUAGES:
        raise DocumentInvalid(_("The letter's language must be en or cy"))
    check_text(content["to"], _("The name the letter calls the child"), TO_MAX, one_line=True)
    if not isinstance(content["symbols"], bool):
        raise DocumentInvalid(_("Whether the letter has symbols must be yes or no"))
    for field, what in (
        ("opening", _("The opening words")),
        ("next", _("What you will do next")),
        ("who_sees_note", _("Your words about who will see this")),
        ("talk_to", _("Who the child can talk to")),
        ("closing", _("The signing off")),
    ):
        check_text(content[field], what, TEXT_MAX)
    heard = counted(
        content["heard"],
        HEARD_MAX,
        _("The child's words"),
        _("A letter can hold at most %(n)s words (it has %(count)s)"),
    )
    drawings = counted(
        content["drawings"],
        DRAWINGS_MAX,
        _("The drawings"),
        _("A letter can hold at most %(n)s drawings (it has %(count)s)"),
    )
    others = counted(
        content["others"],
        OTHERS_MAX,
        _("What someone else said"),
        _("A letter can hold at most %(n)s things someone else said (it has %(count)s)"),
    )
    seen: set = set()
    for number, item in enumerate(heard, start=1):
        _check_heard(item, number, seen)
    seen, outlines = set(), ink.load_artwork()["outlines"]
    for number, item in enumerate(drawings, start=1):
        _check_drawing(item, number, seen, parts, outlines)
    unused = sorted(set(parts) - {item["part"] for item in drawings})
    if unused:
        raise DocumentInvalid(_("Parts were sent that the letter does not use: %(names)s", names=", ".join(unused[:5])))
    seen = set()
    for number, item in enumerate(others, start=1):
        _check_other(item, number, seen, final)
    if content["read_with_child"] is not None:
        check_timestamp(content["read_with_child"], _("When the letter was read with the child"))
    if final:
        _check_finished(content)


def _check_finished(content: dict) -> None:
    """A finished letter says whom it is to, holds something for the child, and is signed."""
    if not content["to"].strip():
        raise DocumentInvalid(_("Write the name the letter calls the child before finishing"))
    shown = any(item["shown"] for item in content["heard"] + content["drawings"])
    if not shown and not content["next"].strip():
        raise DocumentInvalid(
            _("The letter has none of the child's words or drawings and no next steps: add one before finishing")
        )
    if not content["closing"].strip():
        raise DocumentInvalid(_("Sign off the letter before finishing"))


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = True) -> None:
    """Each drawing decodes under docs/ink.md on the outline it was drawn on (or a blank page)."""
    artwork = ink.load_artwork()
    for number, item in enumerate(content["drawings"], start=1):
        what = _("Drawing %(number)s", number=number)
        if item["outline"] is None:
            blank_page_drawing(plain_parts[item["part"]], what, artwork)
        else:
            read_drawing(plain_parts[item["part"]], what, artwork, item["outline"])
