"""The schema check of a Three Houses session (docs/three-houses.md) and of the parts it names: the
houses, their words and the session record here, the consent record and the recordings in
consent_checks.py.

Main decision: the content is checked field by field against docs/three-houses.md — exact fields,
types, lengths, the three houses in their fixed order — and every refusal names the house or word at
fault in a sentence the worker can act on. The child's words are stored exactly as entered, so a
check only ever accepts or refuses, never tidies: one-line fields refuse newlines, long texts allow
newlines and tabs, and every other control character is refused (the shared rule, validation.py).

A draft (an autosave) may be incomplete; what finalising needs is checked only when `final` is set.
A parent's refusal is a finishable record of its own: with nothing done with the child it needs no
house filled.
"""

from ...artefacts.fields import check_present, check_text, check_timestamp, exact_fields, is_identifier, read_drawing
from ...artefacts.sharing import check_wish
from ...paper import ink
from ...paper.photos import check_photo, photo_type
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    AGREEMENT_BY_MAX,
    AGREEMENTS,
    CONSENT_CLIPS_FIELDS,
    CONTENT_FIELDS,
    HOUSE_FIELDS,
    KEYS,
    LONG_TEXT_MAX,
    NAME_MAX,
    PHOTO_TYPES,
    PHOTOS_MAX,
    PLACE_MAX,
    PRESENT_MAX,
    QUESTION_MAX,
    SESSION_FIELDS,
    THEMES,
    WORD_FIELDS,
    WORD_MAX,
    WORDS_MAX,
    WRITERS,
)
from .consent_checks import check_clips, check_consent, check_consent_parts
from .session import house_name, outline_of, refused_only


def _check_word(word, where: str, seen: set) -> None:
    what = _("A word in the %(house)s", house=where)
    exact_fields(word, WORD_FIELDS, what)
    if not is_identifier(word["id"]):
        raise DocumentInvalid(
            _("A word in the %(house)s has an id that is not 1 to 40 lowercase letters, digits or hyphens", house=where)
        )
    if word["id"] in seen:
        raise DocumentInvalid(_("Two words have the same id, %(id)s", id=word["id"]))
    seen.add(word["id"])
    what = _("The word %(id)s in the %(house)s", id=word["id"], house=where)
    check_text(word["text"], what, WORD_MAX, at_least=1)
    if word["by"] not in WRITERS:
        raise DocumentInvalid(_("%(what)s must say who wrote it down: child or worker", what=what))
    check_wish(word["share"], what)
    check_timestamp(word["at"], _("When %(what)s was written down", what=what))


def _check_house(house, key: str, symbols: list, parts: dict[str, str], named: set, words_seen: set) -> None:
    where = house_name(key)
    exact_fields(house, HOUSE_FIELDS, _("The %(house)s", house=where))
    if house["key"] != key:
        raise DocumentInvalid(_("The houses must be the good things, worries and dreams, in that order"))
    check_text(house["name"], _("The child's name for the %(house)s", house=where), NAME_MAX, one_line=True)
    if house["symbol"] is not None and house["symbol"] not in symbols:
        raise DocumentInvalid(
            _(
                "The %(house)s has a symbol this server does not know: %(symbol)s",
                house=where,
                symbol=str(house["symbol"])[:40],
            )
        )
    check_text(house["question"], _("The question asked in the %(house)s", house=where), QUESTION_MAX)
    if house["ink"] is not None:
        if house["ink"] != f"ink-{key}":
            raise DocumentInvalid(_("The drawing of the %(house)s must be named ink-%(key)s", house=where, key=key))
        if house["ink"] not in parts:
            raise DocumentInvalid(_("The drawing of the %(house)s was not sent with the session", house=where))
        if parts[house["ink"]] != ink.MEDIA_TYPE:
            raise DocumentInvalid(_("The part %(name)s is not a drawing", name=house["ink"]))
        named.add(house["ink"])
    photos = house["photos"]
    if not isinstance(photos, list) or not all(is_identifier(name) for name in photos):
        raise DocumentInvalid(_("The photos of the %(house)s must be a list of part names", house=where))
    if len(photos) > PHOTOS_MAX:
        raise DocumentInvalid(
            _(
                "The %(house)s has %(count)s photos; a house has at most %(n)s",
                house=where,
                count=len(photos),
                n=PHOTOS_MAX,
            )
        )
    for name in photos:
        if name in named:
            raise DocumentInvalid(_("The session names the part %(name)s twice", name=name))
        if name not in parts:
            raise DocumentInvalid(_("The photo %(name)s was not sent with the session", name=name))
        if parts[name] not in PHOTO_TYPES:
            raise DocumentInvalid(_("The part %(name)s is not a photo", name=name))
        named.add(name)
    words = house["words"]
    if not isinstance(words, list):
        raise DocumentInvalid(_("The words of the %(house)s must be a list", house=where))
    if len(words) > WORDS_MAX:
        raise DocumentInvalid(
            _(
                "The %(house)s has %(count)s words; a house has at most %(n)s",
                house=where,
                count=len(words),
                n=WORDS_MAX,
            )
        )
    for word in words:
        _check_word(word, where, words_seen)
    check_text(house["observations"], _("The observations in the %(house)s", house=where), LONG_TEXT_MAX)
    check_text(house["reflection"], _("The reflection on the %(house)s", house=where), LONG_TEXT_MAX)
    check_wish(house["share"], _("the %(house)s", house=where))


def _check_session(session, final: bool, nothing_done: bool) -> None:
    exact_fields(session, SESSION_FIELDS, _("The session record"))
    check_timestamp(session["started_at"], _("When the session started"))
    check_text(session["place"], _("Where the session happened"), PLACE_MAX, one_line=True)
    present = session["present"]
    check_present(present, PRESENT_MAX)
    if not (session["seen_alone"] is None or isinstance(session["seen_alone"], bool)):
        raise DocumentInvalid(_("Whether the child was seen alone must be yes, no or not recorded"))
    if session["parental_agreement"] not in AGREEMENTS:
        raise DocumentInvalid(_("The parental agreement must be agreed, refused, not needed or not asked"))
    check_text(session["agreement_by"], _("Who gave or refused agreement"), AGREEMENT_BY_MAX, one_line=True)
    check_text(session["how_it_went"], _("How the session went"), LONG_TEXT_MAX)
    if not final:
        return
    if not session["place"].strip():
        raise DocumentInvalid(_("Record where the session happened before finishing it"))
    # A refusal with nothing done is finished as just that: the child may not have been seen at all.
    # It still needs what a court reader needs: where, who refused, and when (started_at, the consent's at).
    # (A child who said no was seen: whether alone is still asked.)
    refusal_only = nothing_done and session["parental_agreement"] == "refused"
    if session["seen_alone"] is None and not refusal_only:
        raise DocumentInvalid(_("Record whether the child was seen alone before finishing the session"))
    if session["parental_agreement"] == "not-asked":
        raise DocumentInvalid(_("Record the parental agreement before finishing the session"))
    if session["parental_agreement"] in ("agreed", "refused") and not session["agreement_by"].strip():
        raise DocumentInvalid(_("Record who agreed or refused (name and relationship) before finishing the session"))
    for number, person in enumerate(present, start=1):
        if not person["name"].strip():  # a court reader must know who was in the room
            raise DocumentInvalid(_("Give the name of person %(number)s present, or remove them", number=number))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a Three Houses session (docs/three-houses.md)."""
    with_consent = isinstance(content, dict) and any(name in content for name in CONSENT_CLIPS_FIELDS)
    exact_fields(
        content,
        CONTENT_FIELDS + CONSENT_CLIPS_FIELDS if with_consent else CONTENT_FIELDS,
        _("The Three Houses session"),
    )
    if content["theme"] not in THEMES:
        raise DocumentInvalid(_("The theme must be houses, fairy or wizard"))
    order = content["order"]
    if not isinstance(order, list) or not all(key in KEYS for key in order) or len(set(order)) != len(order):
        raise DocumentInvalid(_("The order the houses were opened in must name each house at most once"))
    houses = content["houses"]
    if not isinstance(houses, list) or len(houses) != len(KEYS):
        raise DocumentInvalid(_("A Three Houses session has exactly three houses"))
    symbols = ink.load_artwork()["symbols"]
    named: set = set()
    words_seen: set = set()
    for house, key in zip(houses, KEYS):
        _check_house(house, key, symbols, parts, named, words_seen)
    nothing_done = not any(house["ink"] or house["photos"] or house["words"] for house in houses) and not (
        with_consent and content["clips"]
    )
    _check_session(content["session"], final, nothing_done)
    if with_consent:  # after the session: the consent must agree with its parental agreement
        check_consent(content["consent"], content["session"], parts, named)
        check_clips(content["clips"], content["consent"], parts, named, final)
    unused = sorted(set(parts) - named)
    if unused:
        raise DocumentInvalid(
            _("Parts were sent that the session does not use: %(names)s", names=", ".join(unused[:5]))
        )
    if final and nothing_done and not refused_only(content):
        raise DocumentInvalid(
            _(
                "Nothing has been drawn, photographed or written in any house yet. "
                "Add something before finishing the session."
            )
        )


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = False) -> None:
    """Each drawing decodes under docs/ink.md for the theme's outline; each photo opens whole.

    With `final`, a session whose only content is drawings must have at least one op in one of them
    (the platform calls this without `final` today: see the report on ingest)."""
    artwork = ink.load_artwork()
    outline = outline_of(content)
    drawn = False
    for house in content["houses"]:
        if house["ink"] is not None:
            what = _("The drawing of the %(house)s", house=house_name(house["key"]))
            ops = read_drawing(plain_parts[house["ink"]], what, artwork, outline)
            drawn = drawn or bool(ops)
        for name in house["photos"]:
            check_photo(plain_parts[name], photo_type(plain_parts[name]))
    if (
        final
        and not drawn
        and not any(house["photos"] or house["words"] for house in content["houses"])
        and not refused_only(content)
    ):
        raise DocumentInvalid(
            _(
                "Nothing has been drawn, photographed or written in any house yet. "
                "Add something before finishing the session."
            )
        )
    check_consent_parts(content, plain_parts, artwork)
