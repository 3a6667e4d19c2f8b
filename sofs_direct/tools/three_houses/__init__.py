"""Three Houses: a child draws and talks about a House of Good Things, a House of Worries and a
House of Dreams (Weld and Greening's tool, used in Signs of Safety direct work). The schema check of
its artefact and its renders: one house's picture, and the "My Three Houses" sheet.

Main decision: the content is checked field by field against docs/three-houses.md — exact fields,
types, lengths, the three houses in their fixed order — and every refusal names the house or word at
fault in a sentence the worker can act on. The child's words are stored exactly as entered, so a
check only ever accepts or refuses, never tidies: one-line fields refuse newlines, long texts allow
newlines and tabs, and every other control character is refused (the shared rule, validation.py).
The worker's observations and reflection are separate fields from the child's words, and the sheet
prints only the child's words and the session's facts — never the worker's interpretation.

A draft (an autosave) may be incomplete; what finalising needs is checked only when `final` is set.
A parent's refusal is a finishable record of its own: with nothing done with the child it needs no
house filled (and then every render says so in words instead of drawing empty houses).
"""

from pathlib import Path

from PIL import Image, ImageOps

from ...artefacts import contracts
from ...artefacts.fields import (
    blank_page_drawing,
    check_person,
    check_text,
    check_timestamp,
    exact_fields,
    is_identifier,
    is_whole,
    read_drawing,
    written_by,
    yes_no,
)
from ...artefacts.sharing import check_wish, describe_wish
from ...paper import audio, audio_sound, ink, ink_decode, lettering, printing, raster, sheets
from ...paper.photos import check_photo, clean_picture, photo_type
from ...platform.dates import long_date, time_of_day
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid

LABEL = _l("Three Houses")
RECORD_WORDS = _l("Three Houses session of %(day)s")  # the record in words (records.describe)
DIRECT_WORK = True  # the child's own drawings and words (voice.py)
CONTRACT = contracts.load("three_houses")  # the limits and choices the tablet reads too
KEYS = tuple(CONTRACT["keys"])
THEMES = tuple(CONTRACT["themes"])
USUAL_NAMES = {"good": _l("House of Good Things"), "worries": _l("House of Worries"),
               "dreams": _l("House of Dreams")}
# The fairy and the wizard ask the same three questions about three bubbles: the same data, another
# look (docs/three-houses.md), so the record calls each house what the child saw on the screen.
BUBBLE_NAMES = {"good": _l("Good things bubble"), "worries": _l("Worries bubble"), "dreams": _l("Dreams bubble")}
SYMBOL_NAMES = {"sun": _l("Sun"), "cloud": _l("Cloud"), "heart": _l("Heart"), "star": _l("Star"),
                "rainbow": _l("Rainbow"), "moon": _l("Moon"), "flower": _l("Flower"), "tree": _l("Tree")}
# What each house's reflection feeds in the Signs of Safety mapping.
MAPPING_HEADINGS = {"good": _l("What is working well"), "worries": _l("What we are worried about"),
                    "dreams": _l("What needs to happen")}
# The mapping column (assessments.COLUMNS) each house's words go to unless the worker chooses another.
MAPPING_COLUMNS = {"good": "working_well", "worries": "worried", "dreams": "needs_to_happen"}
# Where the words at a moment of a recording of the whole session belong (a voice item's place
# besides the houses' keys): no house, so no column until the worker chooses one.
WHOLE_SESSION = "session"
AGREEMENTS = tuple(CONTRACT["agreements"])
PHOTO_TYPES = tuple(CONTRACT["photo_types"])
WRITERS = tuple(CONTRACT["writers"])

CONTENT_FIELDS = ("theme", "order", "houses", "session")
# Issue 8's two fields: both present (tablets since then) or both absent (sessions from before).
CONSENT_CLIPS_FIELDS = ("consent", "clips")
CONSENT_FIELDS = ("parent", "child", "explainer")
PARENT_FIELDS = ("decision", "name", "relationship", "signature", "typed_name", "audio", "at")
CHILD_FIELDS = ("assent", "how", "audio", "at")
EXPLAINER_FIELDS = ("shown_at", "version", "language")
CLIP_FIELDS = ("id", "part", "media_type", "house", "started_at", "duration_ms", "share", "moments")
MOMENT_FIELDS = ("id", "at_ms", "text", "at")
DECISIONS = tuple(CONTRACT["decisions"])
ASSENTS = tuple(CONTRACT["assents"])
ASSENT_WAYS = tuple(CONTRACT["assent_ways"])
EXPLAINER_VERSIONS = tuple(CONTRACT["explainer_versions"])
EXPLAINER_LANGUAGES = tuple(CONTRACT["explainer_languages"])
SIGNATURE_PART = CONTRACT["signature_part"]
DECISION_NAMES = {"agreed": _l("Agreed"), "refused": _l("Refused")}
ASSENT_NAMES = {"given": _l("Yes, happy to take part"), "declined": _l("No, did not want to take part")}
ASSENT_WAY_NAMES = {"spoken": _l("said so"), "nodded": _l("nodded"), "tapped": _l("tapped on the tablet")}
EXPLAINER_VERSION_NAMES = {"standard": _l("the standard story"), "young": _l("the pictures-only story for a young child")}
HOUSE_FIELDS = ("key", "name", "symbol", "question", "ink", "photos", "words", "observations", "reflection", "share")
WORD_FIELDS = ("id", "text", "by", "share", "at")
SESSION_FIELDS = ("started_at", "place", "present", "seen_alone", "parental_agreement", "agreement_by",
                  "how_it_went")

NAME_MAX = CONTRACT["name_max"]
QUESTION_MAX = CONTRACT["question_max"]
PHOTOS_MAX = CONTRACT["photos_max"]
WORDS_MAX = CONTRACT["words_max"]
WORD_MAX = CONTRACT["word_max"]
LONG_TEXT_MAX = CONTRACT["long_text_max"]
PLACE_MAX = CONTRACT["place_max"]
PRESENT_MAX = CONTRACT["present_max"]
PARENT_NAME_MAX = CONTRACT["parent_name_max"]
RELATIONSHIP_MAX = CONTRACT["relationship_max"]
# "<name> (<relationship>)" as the consent screen writes it: room for the longest of each.
AGREEMENT_BY_MAX = CONTRACT["agreement_by_max"]
CLIPS_MAX = CONTRACT["clips_max"]
# A clip's part is audio-<id>, and a part name has at most 40 characters (docs/sync.md).
CLIP_ID_MAX = CONTRACT["clip_id_max"]
MOMENTS_MAX = CONTRACT["moments_max"]
PICTURE_PAGES = 8  # the most pages a PNG sheet holds (1754 × 1240 px each)
SYMBOLS_DIR = Path(ink.ARTWORK_PATH).parent / "symbols"


# --- the schema check ---------------------------------------------------------------------------

def house_name(key: str, theme: str = "houses") -> str:
    """The usual name of a house as the child saw it: a house, or a bubble in the fairy and wizard looks."""
    return str((USUAL_NAMES if theme == "houses" else BUBBLE_NAMES)[key])


def has_work(content: dict) -> bool:
    """Whether anything was done with the child: something in a house (a drawing, a photo, words) or a recording."""
    return any(house["ink"] or house["photos"] or house["words"] for house in content["houses"]) \
        or bool(content.get("clips"))


def child_declined(content: dict) -> bool:
    """The child said no to taking part today (the child's OK on the consent screen)."""
    return ((content.get("consent") or {}).get("child") or {}).get("assent") == "declined"


def refused_only(content: dict, withheld: bool = False) -> bool:
    """A parent or carer did not agree, or the child did not want to take part, and nothing was done with
    the child. Such a session is a record of its own: it is finished as just that, so the refusal reaches
    the child's record (issue 13) — a child's own "no" as much as a parent's.
    `withheld`: something was taken out of `content` for an audience, so something was done."""
    said_no = content["session"]["parental_agreement"] == "refused" or child_declined(content)
    return said_no and not withheld and not has_work(content)


def refusal_statement(content: dict, withheld: bool = False) -> str:
    """What the record says first about a session a parent or carer did not agree to, or the child did
    not want to take part in ("" otherwise)."""
    refused = content["session"]["parental_agreement"] == "refused"
    if refused_only(content, withheld):
        return _("The parent or carer did not agree to this session, so nothing was done with the child.") if refused \
            else _("The child did not want to take part today, so nothing was done with them.")
    if refused:
        return _("The parent or carer did not agree to this session, but it went ahead.")
    return ""


# The same test in SQL over a stored artefact's `document`, for the manager's figures (voice.py): a
# refusal with nothing done is not the child's voice captured.
NOTHING_DONE_SQL = """
(json_extract(document, '$.content.session.parental_agreement') = 'refused'
 OR json_extract(document, '$.content.consent.child.assent') = 'declined')
AND NOT EXISTS (SELECT 1 FROM json_each(document, '$.content.houses') AS house
                WHERE json_extract(house.value, '$.ink') IS NOT NULL
                   OR json_array_length(house.value, '$.photos') > 0
                   OR json_array_length(house.value, '$.words') > 0)
AND coalesce(json_array_length(document, '$.content.clips'), 0) = 0
"""


def _check_word(word, where: str, seen: set) -> None:
    what = _("A word in the %(house)s", house=where)
    exact_fields(word, WORD_FIELDS, what)
    if not is_identifier(word["id"]):
        raise DocumentInvalid(_("A word in the %(house)s has an id that is not 1 to 40 lowercase letters, digits "
                                "or hyphens", house=where))
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
        raise DocumentInvalid(_("The %(house)s has a symbol this server does not know: %(symbol)s", house=where,
                                symbol=str(house["symbol"])[:40]))
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
        raise DocumentInvalid(_("The %(house)s has %(count)s photos; a house has at most %(n)s", house=where,
                                count=len(photos), n=PHOTOS_MAX))
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
        raise DocumentInvalid(_("The %(house)s has %(count)s words; a house has at most %(n)s", house=where,
                                count=len(words), n=WORDS_MAX))
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
    if not isinstance(present, list):
        raise DocumentInvalid(_("Who was present must be a list"))
    if len(present) > PRESENT_MAX:
        raise DocumentInvalid(_("At most %(n)s people can be recorded as present", n=PRESENT_MAX))
    for number, person in enumerate(present, start=1):
        check_person(person, _("Person %(number)s present", number=number),
                     _("The name of person %(number)s present", number=number),
                     _("The role of person %(number)s present", number=number))
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


def _check_parent(parent, session: dict, parts: dict[str, str], named: set) -> None:
    what = _("The parent's agreement")
    exact_fields(parent, PARENT_FIELDS, what)
    if parent["decision"] not in DECISIONS:
        raise DocumentInvalid(_("The parent's decision must be agreed or refused"))
    check_text(parent["name"], _("The name of the parent or carer who decided"), PARENT_NAME_MAX, one_line=True)
    check_text(parent["relationship"], _("Their relationship to the child"), RELATIONSHIP_MAX, one_line=True)
    check_text(parent["typed_name"], _("The parent's typed name"), PARENT_NAME_MAX, one_line=True)
    if not parent["name"].strip() or not parent["relationship"].strip():
        raise DocumentInvalid(_("Record the name of the parent or carer who decided, and their relationship to "
                                "the child"))
    if parent["signature"] is not None:
        if parent["signature"] != SIGNATURE_PART:
            raise DocumentInvalid(_("The parent's signature must be named %(name)s", name=SIGNATURE_PART))
        if parts.get(SIGNATURE_PART) != ink.MEDIA_TYPE:
            raise DocumentInvalid(_("The parent's signature was not sent with the session as a drawing"))
        named.add(SIGNATURE_PART)
    elif not parent["typed_name"].strip():
        raise DocumentInvalid(_("The parent's agreement needs a signature or their typed name"))
    # null: not asked (the service does not record, or they did not agree to the session); tablets
    # before issue 13 wrote false for that too.
    if not (parent["audio"] is None or isinstance(parent["audio"], bool)) \
            or (parent["audio"] and parent["decision"] != "agreed"):
        raise DocumentInvalid(_("Whether the parent agreed to recording must be yes, no or not asked, and yes only "
                                "when they agreed to the session"))
    check_timestamp(parent["at"], _("When the parent decided"))
    # The session record and the consent screen describe one decision, so they must say the same.
    if session["parental_agreement"] != parent["decision"]:
        raise DocumentInvalid(_("The session's parental agreement must be the parent's decision on the consent "
                                "screen"))
    if session["agreement_by"] != f"{parent['name']} ({parent['relationship']})":
        raise DocumentInvalid(_("Who agreed in the session record must be the parent's name and relationship from "
                                "the consent screen"))


def _check_consent(consent, session: dict, parts: dict[str, str], named: set) -> None:
    """The parent's agreement, the child's assent and the explainer shown (docs/three-houses.md `consent`)."""
    exact_fields(consent, CONSENT_FIELDS, _("The consent record"))
    if consent["parent"] is not None:
        _check_parent(consent["parent"], session, parts, named)
    child = consent["child"]
    if child is not None:
        exact_fields(child, CHILD_FIELDS, _("The child's assent"))
        if child["assent"] not in ASSENTS:
            raise DocumentInvalid(_("The child's assent must be given or declined"))
        if child["how"] not in ASSENT_WAYS:
            raise DocumentInvalid(_("How the child answered must be spoken, nodded or tapped"))
        if not (child["audio"] is None or isinstance(child["audio"], bool)) \
                or (child["audio"] and child["assent"] != "given"):
            raise DocumentInvalid(_("Whether the child said yes to recording must be yes, no or not asked, and yes "
                                    "only when they gave their assent"))
        check_timestamp(child["at"], _("When the child answered"))
    explainer = consent["explainer"]
    if explainer is not None:
        exact_fields(explainer, EXPLAINER_FIELDS, _("The explainer record"))
        check_timestamp(explainer["shown_at"], _("When the explainer was shown"))
        if explainer["version"] not in EXPLAINER_VERSIONS:
            raise DocumentInvalid(_("The explainer shown must be the standard or the young child's version"))
        if explainer["language"] not in EXPLAINER_LANGUAGES:
            raise DocumentInvalid(_("The explainer's language must be English (en) or Welsh (cy)"))


def recording_allowed(consent) -> bool:
    """Whether this session's consent allows the child's voice to be recorded: the parent agreed to
    recording and the child said yes to it (both recorded; neither is ever assumed)."""
    parent, child = (consent or {}).get("parent"), (consent or {}).get("child")
    return bool(parent and parent["decision"] == "agreed" and parent["audio"] is True
                and child and child["assent"] == "given" and child["audio"] is True)


def _check_moments(moments, clip: dict) -> None:
    """The moments the worker marked in a recording, each with the child's words typed beside it."""
    if not isinstance(moments, list):
        raise DocumentInvalid(_("The marked moments of the recording %(clip)s must be a list", clip=clip["id"]))
    if len(moments) > MOMENTS_MAX:
        raise DocumentInvalid(_("The recording %(clip)s has %(count)s marked moments; a recording has at most %(n)s",
                                clip=clip["id"], count=len(moments), n=MOMENTS_MAX))
    seen = set()
    for moment in moments:
        exact_fields(moment, MOMENT_FIELDS, _("A marked moment in the recording %(clip)s", clip=clip["id"]))
        if not is_identifier(moment["id"]) or moment["id"] in seen:
            raise DocumentInvalid(_("Each marked moment in the recording %(clip)s needs its own id of 1 to 40 "
                                    "lowercase letters, digits or hyphens", clip=clip["id"]))
        seen.add(moment["id"])
        if not is_whole(moment["at_ms"], 0, clip["duration_ms"]):
            raise DocumentInvalid(_("The moment %(id)s must be a time within the recording %(clip)s",
                                    id=moment["id"], clip=clip["id"]))
        check_text(moment["text"], _("The child's words at the moment %(id)s of the recording %(clip)s",
                                     id=moment["id"], clip=clip["id"]), WORD_MAX, at_least=1)
        check_timestamp(moment["at"], _("When the moment %(id)s was marked", id=moment["id"]))


def _check_clips(clips, consent: dict, parts: dict[str, str], named: set, final: bool) -> None:
    """The recordings of the child's voice (docs/three-houses.md `clips`). A draft may name a clip
    whose part it does not send (the tablet keeps the sound until finalising); a finalised session
    sends every clip's part."""
    if not isinstance(clips, list):
        raise DocumentInvalid(_("The recordings must be a list"))
    if len(clips) > CLIPS_MAX:
        raise DocumentInvalid(_("The session has %(count)s recordings; a session has at most %(n)s",
                                count=len(clips), n=CLIPS_MAX))
    if clips and not recording_allowed(consent):
        raise DocumentInvalid(_("The session has recordings of the child's voice, but the consent record does not "
                                "show both a parent's agreement to recording and the child's own yes"))
    seen = set()
    for number, clip in enumerate(clips, start=1):
        exact_fields(clip, CLIP_FIELDS, _("Recording %(number)s", number=number))
        if not is_identifier(clip["id"]) or len(clip["id"]) > CLIP_ID_MAX:
            raise DocumentInvalid(_("Recording %(number)s has an id that is not 1 to %(n)s lowercase letters, digits "
                                    "or hyphens", number=number, n=CLIP_ID_MAX))
        if clip["id"] in seen:
            raise DocumentInvalid(_("Two recordings have the same id, %(id)s", id=clip["id"]))
        seen.add(clip["id"])
        clip_id = clip["id"]
        if clip["part"] != f"audio-{clip_id}":
            raise DocumentInvalid(_("The sound of the recording %(id)s must be the part audio-%(id)s", id=clip_id))
        if clip["media_type"] not in audio.MEDIA_TYPES:
            raise DocumentInvalid(_("The recording %(id)s must be audio/webm or audio/mp4", id=clip_id))
        if clip["part"] in parts:
            if parts[clip["part"]] != clip["media_type"]:
                raise DocumentInvalid(_("The part %(name)s was not sent as %(type)s, as the recording %(id)s says",
                                        name=clip["part"], type=clip["media_type"], id=clip_id))
            named.add(clip["part"])
        elif final:
            raise DocumentInvalid(_("The sound of the recording %(id)s was not sent with the session", id=clip_id))
        if clip["house"] is not None and clip["house"] not in KEYS:
            raise DocumentInvalid(_("The recording %(id)s must belong to a house or to the whole session", id=clip_id))
        check_timestamp(clip["started_at"], _("When the recording %(id)s started", id=clip_id))
        if not is_whole(clip["duration_ms"], 1, audio.LONGEST_MS):
            raise DocumentInvalid(_("The recording %(id)s must last from a moment to 60 minutes (it says %(ms)s ms)",
                                    id=clip_id, ms=str(clip["duration_ms"])[:20]))
        check_wish(clip["share"], _("the recording %(id)s", id=clip_id))
        _check_moments(clip["moments"], clip)
    # One session's sound must fit one upload (docs/sync.md: a part ≤ 32 MiB, a request ≤ 64 MiB):
    # 60 minutes at the most audio.py accepts a minute is about 28 MiB, whatever the number of clips.
    if sum(clip["duration_ms"] for clip in clips) > audio.LONGEST_MS:
        raise DocumentInvalid(_("The recordings of one session can last 60 minutes in all"))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a Three Houses session (docs/three-houses.md)."""
    with_consent = isinstance(content, dict) and any(name in content for name in CONSENT_CLIPS_FIELDS)
    exact_fields(content, CONTENT_FIELDS + CONSENT_CLIPS_FIELDS if with_consent else CONTENT_FIELDS,
                 _("The Three Houses session"))
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
    nothing_done = not any(house["ink"] or house["photos"] or house["words"] for house in houses) \
        and not (with_consent and content["clips"])
    _check_session(content["session"], final, nothing_done)
    if with_consent:  # after the session: the consent must agree with its parental agreement
        _check_consent(content["consent"], content["session"], parts, named)
        _check_clips(content["clips"], content["consent"], parts, named, final)
    unused = sorted(set(parts) - named)
    if unused:
        raise DocumentInvalid(_("Parts were sent that the session does not use: %(names)s",
                                names=", ".join(unused[:5])))
    if final and nothing_done and not refused_only(content):
        raise DocumentInvalid(_("Nothing has been drawn, photographed or written in any house yet. "
                                "Add something before finishing the session."))


def outline_of(content: dict) -> str:
    """The outline the theme's drawings are made on (artwork.json `themes`)."""
    return ink.load_artwork()["themes"][content["theme"]]


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
    if final and not drawn and not any(house["photos"] or house["words"] for house in content["houses"]) \
            and not refused_only(content):
        raise DocumentInvalid(_("Nothing has been drawn, photographed or written in any house yet. "
                                "Add something before finishing the session."))
    _check_consent_parts(content, plain_parts, artwork)


def _check_consent_parts(content: dict, plain_parts: dict[str, bytes], artwork: dict) -> None:
    """The parent's drawn signature decodes as a drawing on a blank page with a mark on it; each
    recording sent is one whole sound file lasting what the tablet measured (audio.check_audio)."""
    parent = (content.get("consent") or {}).get("parent")
    if parent and parent["signature"]:
        ops = blank_page_drawing(plain_parts[parent["signature"]], _("The parent's signature"), artwork)
        if not ink.fold(ops) and not parent["typed_name"].strip():
            raise DocumentInvalid(_("The parent's signature is empty: they must sign or type their name"))
    for clip in content.get("clips", []):
        if clip["part"] in plain_parts:
            try:
                audio.check_audio(plain_parts[clip["part"]], clip["media_type"], clip["duration_ms"])
            except audio_sound.AudioInvalid as error:
                raise DocumentInvalid(_("The recording %(id)s cannot be kept. %(why)s", id=clip["id"],
                                        why=error.reason)) from None


def voice_place(place: str) -> tuple[str, str | None]:
    """Where a voice item's `place` is, for voice.place_of: a house (its usual name and its mapping
    column) or the whole session (no column). Nothing else is ever stored, but an unknown place is
    named by nothing rather than breaking the page that shows it."""
    if place in KEYS:
        return house_name(place), MAPPING_COLUMNS[place]
    if place == WHOLE_SESSION:
        return _("The whole session"), None
    return "", None


def clip_place_key(clip: dict) -> str:
    """The place a recording and the words at its moments belong to: its house, or the whole session."""
    return clip["house"] or WHOLE_SESSION


def voice_items(content: dict) -> list[dict]:
    """The child's words, house by house, for voice.py: each word as stored, with its wish; then
    the words the worker typed beside each moment of a recording (the child's words, scribed), with
    the recording's wish, placed in the recording's house or in the whole session."""
    return [{"item": word["id"], "place": house["key"], "text": word["text"], "by": word["by"],
             "share": word["share"], "at": word["at"]}
            for house in content["houses"] for word in house["words"]] + \
        [{"item": f"clip-{clip['id']}-{moment['id']}", "place": clip_place_key(clip), "text": moment["text"],
          "by": "worker", "share": clip["share"], "at": moment["at"]}
         for clip in content.get("clips", []) for moment in clip["moments"]]


# --- renders ------------------------------------------------------------------------------------

def done_at(content: dict) -> str:
    """When the work was done: the session's start (records.done_at)."""
    return content["session"]["started_at"]


def house_of(content: dict, key: str) -> dict:
    return content["houses"][KEYS.index(key)]


def child_order(content: dict) -> list[str]:
    """The houses in the order the child opened them, then any never opened, in the usual order."""
    return list(content["order"]) + [key for key in KEYS if key not in content["order"]]


def picture_parts(house: dict) -> list[str]:
    """The parts house_image draws a house from: its drawing, else its first photo (else none)."""
    return [house["ink"]] if house["ink"] else house["photos"][:1]


def house_image(document: dict, key: str, parts: dict[str, bytes], size_px: int) -> Image.Image:
    """A square RGB picture of one house: the drawing; else the first photo of a drawing on paper;
    else the empty outline the child was offered."""
    content = document["content"]
    house = house_of(content, key)
    outline = outline_of(content)
    if house["ink"] is not None:
        # A drawing over the budget, stored before there was one, is drawn as render_drawing's placeholder.
        ops = ink_decode.decode(parts[house["ink"]], ink.load_artwork(), outline, within_budget=False)
        return raster.render_drawing(ops, outline, size_px)
    if house["photos"]:
        photo = ImageOps.contain(clean_picture(parts[house["photos"][0]], max_side=size_px), (size_px, size_px),
                                 Image.Resampling.LANCZOS)
        square = Image.new("RGB", (size_px, size_px), "white")
        square.paste(photo, ((size_px - photo.width) // 2, (size_px - photo.height) // 2))
        return square
    return raster.render_drawing([], outline, size_px)


def _symbol_icon(symbol: str | None) -> Image.Image | None:
    path = SYMBOLS_DIR / f"{symbol}.png"
    if symbol is None or not path.is_file():
        return None
    with Image.open(path) as icon:
        return icon.convert("RGBA")


def agreement_words(session: dict) -> str:
    """The parental agreement in words: "Refused by Rob Jones (Dad)"."""
    agreement = {"agreed": _("Agreed"), "refused": _("Refused"), "not-needed": _("Not needed"),
                 "not-asked": _("Not asked")}[session["parental_agreement"]]
    if session["agreement_by"] and session["parental_agreement"] in ("agreed", "refused"):
        agreement = _("%(agreement)s by %(who)s", agreement=agreement, who=session["agreement_by"])
    return agreement


def session_details(session: dict, worker: str) -> list[tuple[str, str]]:
    """The session's facts as (label, value), for sheets and pages."""
    agreement = agreement_words(session)
    present = [_("%(name)s (%(role)s)", name=person["name"], role=person["role"]) if person["role"] else person["name"]
               for person in session["present"]]
    return [(_("Place"), session["place"] or _("Not recorded")), (_("Worker"), worker),
            (_("Also present"), ", ".join(present) or _("Nobody else")),
            (_("Seen alone"), yes_no(session["seen_alone"])),
            (_("Parental agreement"), agreement)]


def parent_recording_answer(parent: dict | None) -> bool | None:
    """The parent's answer to recording the child's voice: True, False, or None when they were not
    asked — no decision, a refusal of the session (the question is not put then), or not answered."""
    if not parent or parent["decision"] != "agreed":
        return None
    return parent["audio"]


def child_recording_answer(consent: dict | None) -> bool | None:
    """The child's answer to "Can I record your voice?": True, False, or None when not asked. The child
    is asked only once a parent has agreed to recording; tablets before issue 13 wrote false for a
    child never asked, so a false without that agreement is not an answer."""
    child = (consent or {}).get("child")
    if not child or child["assent"] != "given" or child["audio"] is None:
        return None
    if child["audio"] is False and parent_recording_answer(consent.get("parent")) is not True:
        return None
    return child["audio"]


def answer_words(answer: bool | None) -> str:
    """A yes or no someone may not have been asked."""
    return {True: _("Yes"), False: _("No")}.get(answer, _("Not asked"))


def consent_details(content: dict) -> list[tuple[str, str]]:
    """The consent recorded on the tablet as (label, value), for the sheet and every export (none
    before issue 8). The drawn signature is said as "signed", never drawn: the picture stays on the
    session's page (docs/assessment-export.md)."""
    consent = content.get("consent")
    if not consent:
        return []
    details = []
    parent = consent["parent"]
    if parent:
        signed = _("signed") if parent["signature"] else _("typed their name: %(name)s", name=parent["typed_name"])
        recording = {True: _("agreed to recording"), False: _("did not agree to recording")}.get(
            parent_recording_answer(parent), _("not asked about recording"))
        details.append((_("Parent or carer"), _("%(decision)s by %(name)s (%(relationship)s) at %(time)s; %(signed)s; "
                                                "%(recording)s", decision=str(DECISION_NAMES[parent["decision"]]),
                                                name=parent["name"], relationship=parent["relationship"],
                                                time=time_of_day(parent["at"]), signed=signed, recording=recording)))
    child = consent["child"]
    if child:
        recording = {True: _("said yes to recording"), False: _("did not say yes to recording")}.get(
            child_recording_answer(consent), _("not asked about recording"))
        details.append((_("The child"), _("%(answer)s (%(how)s); %(recording)s",
                                          answer=str(ASSENT_NAMES[child["assent"]]),
                                          how=str(ASSENT_WAY_NAMES[child["how"]]), recording=recording)))
    return details


def clip_place(clip: dict, theme: str = "houses") -> str:
    """Where a recording belongs, in words: its house (by the name the child saw), or the whole session."""
    return house_name(clip["house"], theme) if clip["house"] else voice_place(clip_place_key(clip))[0]


def clip_about(clip: dict, with_wishes: bool = False, theme: str = "houses") -> str:
    """A recording in one line: where it belongs, when it started, how long it lasts (and, with
    `with_wishes`, who the child said may hear it)."""
    about = _("%(place)s, started at %(time)s, %(length)s long", place=clip_place(clip, theme),
              time=time_of_day(clip["started_at"]), length=audio.clock(clip["duration_ms"]))
    if with_wishes:
        about = _("%(about)s; shared with: %(who)s", about=about, who=describe_wish(clip["share"]))
    return about


def moment_line(moment: dict) -> str:
    """A marked moment as "0:42 — the words": its time in the recording, then the child's words
    exactly as the worker typed them."""
    return f"{audio.clock(moment['at_ms'])} — {moment['text']}"


def clip_details(content: dict, with_wishes: bool = False) -> list[tuple[str, str]]:
    """Each recording as (label, value): what clip_about says, then each marked moment (moment_line)."""
    details = []
    for number, clip in enumerate(content.get("clips", []), start=1):
        label = _("Recording %(number)s", number=number)
        details.append((label, clip_about(clip, with_wishes, content["theme"])))
        details += [(label, moment_line(moment)) for moment in clip["moments"]]
    return details


def wish_lines(wish, width: float) -> list[lettering.Line]:
    """Who the child said may see something, under it (the full record prints every wish)."""
    return [lettering.Line(text, lettering.BY, keep_with_previous=True)
            for text in lettering.wrap(_("Shared with: %(who)s", who=describe_wish(wish)), lettering.BY, width)]


def word_lines(house: dict, width: float, with_wishes: bool = False) -> list[lettering.Line]:
    """A house's words for a sheet: each word exactly as written, then who wrote it down (and, with
    `with_wishes`, who the child said may see it)."""
    lines = []
    for word in house["words"]:
        if lines:
            lines.append(lettering.Line("", lettering.GAP))
        lines += [lettering.Line(text, lettering.WORDS) for text in lettering.wrap(word["text"], lettering.WORDS, width)]
        lines.append(lettering.Line(written_by(word["by"]), lettering.BY, keep_with_previous=True))
        if with_wishes:
            lines += wish_lines(word["share"], width)
    return lines


def sheet(document: dict, parts: dict[str, bytes], known_as: str, worker: str, picture_px: int = 600,
          with_wishes: bool = False, withheld: bool = False) -> sheets.Sheet:
    """The "My Three Houses" sheet: the houses side by side in the child's order, each with its name,
    symbol, picture and the child's words, then the session's facts. No observations or reflection.
    With `with_wishes` (the full record for the case file), each house and word says who the child
    said may see it. `withheld`: something was taken out of the document for an audience."""
    content = document["content"]
    session = content["session"]
    details = session_details(session, worker) + consent_details(content) + clip_details(content, with_wishes)
    subtitle = f"{known_as} · {long_date(session['started_at'])}"
    if refused_only(content, withheld):  # nothing to draw: the refusal is the record, never empty houses
        return sheets.Sheet(title=str(LABEL), subtitle=subtitle, details=details,
                         columns=[sheets.Column(heading=refusal_statement(content))])
    theme = content["theme"]
    width = sheets.column_width(len(KEYS))
    columns = []
    for key in child_order(content):
        house = house_of(content, key)
        lines = word_lines(house, width, with_wishes)
        if with_wishes:  # the house's own wish covers its drawing and its name
            lines = [lettering.Line(_("The drawing and the house's name:"), lettering.BY), *wish_lines(house["share"], width),
                     lettering.Line("", lettering.GAP), *(lines or [lettering.Line(_("No words written down"), lettering.NOTE)])]
        columns.append(sheets.Column(
            heading=house["name"] or house_name(key, theme), subheading=house_name(key, theme) if house["name"] else "",
            icon=_symbol_icon(house["symbol"]), picture=house_image(document, key, parts, picture_px),
            lines=lines, empty_note=_("No words written down")))
    # A refusal, yet the session went ahead: said in the marked box under the title of every page.
    statement = refusal_statement(content, withheld)
    return sheets.Sheet(title=_("My Three Houses") if theme == "houses" else _("My Three Bubbles"), subtitle=subtitle,
                     columns=columns, details=details, notice=[statement] if statement else [])


def sheet_image(document: dict, parts: dict[str, bytes], known_as: str, worker: str,
                width_px: int = 1754) -> Image.Image:
    """The sheet as one picture: its pages one under another (words that did not fit on the first
    page continue on the next, never cut off). A picture holds at most PICTURE_PAGES pages, so
    a session of thousands of words cannot make a picture too big to hold in memory; the PDF has
    every page, and each page of the picture says which of how many it is."""
    return printing.stacked(sheets.sheet_images(sheet(document, parts, known_as, worker), width_px, PICTURE_PAGES))


def sheet_pdf(document: dict, parts: dict[str, bytes], known_as: str, worker: str) -> bytes:
    """The session's sheet as a PDF (`sheet` says what is on it; sheets.py writes any sheet)."""
    return sheets.sheet_pdf(sheet(document, parts, known_as, worker))


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "three_houses"
SLUG = "three-houses"
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import nothing_for_visits as for_visit  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from .audience import for_audience  # noqa: E402, F401
from .export import clips_json, consent_json, export_details, export_name, export_paged, export_section, recordings  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, photo_names, record_context, source_anchor, thumbnail, timeline_entries  # noqa: E402, F401
