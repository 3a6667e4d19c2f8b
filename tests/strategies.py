"""Hypothesis strategies for documents every kind's server check accepts, finalised or draft, with
their parts: for the tests that render every accepted document (test_render_everything.py) and that
hold the tablet's checks against the server's (test_contract_tablet.py).

Main decision: the shape of each document (which fields it has, what a field holds, which parts go
with it) is modelled by hand from the docs (docs/three-houses.md, docs/words-and-pictures.md,
docs/network.md, docs/ink.md), not from the server's code; every number and choice in it — each
limit, list of choices, order and range — is read from the contract files the tablet and the server
both read (static/js/tools/<kind>/contract.json through sofs_direct.artefacts.contracts, and
static/js/tools/sharing.json for the sharing wish), so a change to a contract reaches the generated
documents (tests/artefacts/test_strategies_follow_contracts.py holds every contract key to a use here, bar a
listed few). What is hand-modelled because no contract says it: the fields and parts themselves and
how they depend on each other (a final Three Houses session was asked about parental agreement, so
not "not-asked"; an agreement or a refusal names who gave it; recording only with "agreed" and
"given"; a clip's sound only when both agreed to recording; a page id short enough for its part
names), the ink format, the times a page can show (1900 to 2100, fields.LATEST_TIME) and the part
names. The strategies go for the edges a person can reach: texts at their limits and one character
short of them, in Welsh, with emoji (joined sequences too), right-to-left scripts, combining
accents, markup, and the spaces Python and JavaScript disagree about; newlines and tabs wherever a
long text allows them; every value of every list of choices; every sharing wish in every order; and
times on the first and last moments a page can show, written in the zones at both ends of the world.
Counts stay small (a few words, pages and people): what costs is rendering, and the limits on counts
are checked one by one in the kinds' own tests (a few, never more than the contract allows: `few`).
Each strategy gives a `Made`: the document and its parts as [(name, media type, bytes)], ready for
tablet_client.make_upload.
"""

import io
import itertools
import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import strategies as st
from PIL import Image

from sofs_direct.artefacts import contracts
from sofs_direct.paper import ink

ARTWORK = json.loads((Path(__file__).parent.parent / "static" / "ink" / "artwork.json").read_text())
AUDIO = Path(__file__).parent / "fixtures" / "audio"
AUDIO_MANIFEST = json.loads((AUDIO / "manifest.json").read_text())

# --- how many examples ----------------------------------------------------------------------------------

# `make bench contract_soak` (tests/bench/soak_contract.py) sets this for the long runs.
SOAK = os.environ.get("SOFS_SOAK") == "1"


def examples(suite: int, soak: int) -> int:
    """How many examples a property test generates: a short run in `make test` (the suite must stay
    within CI's time, and generating is most of its cost), the long one in the soak."""
    return soak if SOAK else suite


# --- the contracts ----------------------------------------------------------------------------------

# Every limit, choice and order below is read from these (the names are the ones
# tests/artefacts/test_strategies_follow_contracts.py looks for).
OBSERVATION = contracts.load("observation")
TH = contracts.load("three_houses")
WP = contracts.load("words_pictures")
NET = contracts.load("network")
MEETING = contracts.load("network_meeting")
SH = contracts.load("safety_house")
PS = contracts.load("picture_sort")
LETTER = contracts.load("letter")
COMMUNICATION = contracts.communication()
FEEDBACK = contracts.feedback()
SHARING = contracts.sharing()


def few(most: int, limit: int) -> int:
    """How many of something to make: a few (`most`), and never more than the contract's `limit`.
    The count limits themselves are checked one by one in the kinds' own tests."""
    return min(most, limit)


# --- text -----------------------------------------------------------------------------------------

# What people type: Welsh, emoji (one code point, and joined sequences of several), right-to-left
# scripts, combining accents, CJK, markup and template syntax (which must stay text), and the
# spaces that are blank to Python but not to JavaScript and the other way round (U+FEFF).
PIECES = (
    "I wish Mum would get up in the morning",
    "Rwy'n hoffi ŵyn bach",
    "Dŵr",
    "Tŷ'r Pryderon",
    "ŷ",
    "Nain",
    "🙂",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "🐶",
    "مرحبا بالعالم",
    "שלום",
    "你好",
    "e\u0301",
    "Ångström",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "&amp;",
    "%(name)s",
    "{{ 7 * 7 }}",
    "\\",
    '"',
    "'",
    "—",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\u202e",
    "a",
    "1",
)
LINE_BREAKS = ("\n", "\t", "\r\n", "\n\n")
NOT_BLANK = "Siân"  # put in front of a text that must not be blank


@st.composite
def _length(draw, limit: int, at_least: int = 0) -> int:
    """A length: at the limit, one short of it, the least allowed, or small."""
    return draw(
        st.one_of(
            st.sampled_from(sorted({limit, max(at_least, limit - 1), at_least})),
            st.integers(at_least, min(limit, at_least + 40)),
        )
    )


@st.composite
def text(draw, limit: int, one_line: bool = False, at_least: int = 0, required: bool = False) -> str:
    """A text the server accepts in a field of at most `limit` characters (code points, as Python
    counts them): one line (no line breaks, no tabs) or long (line breaks and tabs allowed), at
    least `at_least` characters, and not blank when `required`."""
    length = draw(_length(limit, max(at_least, 1 if required else 0)))
    if length == 0:
        return ""
    pieces = PIECES if one_line else PIECES + LINE_BREAKS
    chosen = draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=6))
    source = list(" ".join(chosen))  # code points
    value = "".join(itertools.islice(itertools.cycle(source), length))
    if required and not value.strip():
        value = (NOT_BLANK + value)[:length] if length >= len(NOT_BLANK) else "x" * length
    if one_line and "\r" in value:  # a lone carriage return left where a CRLF was cut
        value = value.replace("\r", " ")
    return value


def blank_or(strategy):
    """A text that may also be left empty or as spaces (a draft not filled in yet)."""
    return st.one_of(st.sampled_from(["", " ", "\u00a0"]), strategy)


# --- times and days ---------------------------------------------------------------------------------

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)
OFFSETS = (
    timedelta(0),
    timedelta(hours=14),
    timedelta(hours=-12),
    timedelta(hours=5, minutes=30),
    timedelta(hours=1),
    timedelta(hours=-9, minutes=-30),
)


def write_time(instant: datetime, offset: timedelta) -> str:
    """An instant as the tablet writes it: toISOString() (Z) or with a zone's offset, milliseconds."""
    local = instant.astimezone(timezone(offset))
    written = local.isoformat(timespec="milliseconds")
    return written.replace("+00:00", "Z") if offset == timedelta(0) else written


@st.composite
def times(draw) -> str:
    """A date and time the server accepts: the first and last moments a page can show, written in
    every zone (so UTC and the UK can be in another year than the time as written), or any other."""
    instant = draw(
        st.one_of(
            st.sampled_from(
                [EARLIEST, LATEST, datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 10, 24, 23, 30, tzinfo=UTC)]
            ),
            st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)).map(
                lambda moment: moment.replace(microsecond=0)
            ),
        )
    )
    return write_time(instant, draw(st.sampled_from(OFFSETS)))


FIRST_DAY = date.fromisoformat(NET["earliest"])


def days(earliest: date = FIRST_DAY, latest: date | None = None):
    """A day as YYYY-MM-DD, the edges included: from the network's first day (1900) to today in the
    UK, and not after its last (or to `latest`)."""
    from sofs_direct.tools.network import today

    latest = latest or min(today(), date.fromisoformat(NET["latest"]))
    return st.one_of(st.sampled_from([earliest, latest]), st.dates(earliest, latest)).map(date.isoformat)


# --- choices -----------------------------------------------------------------------------------------

AUDIENCES = tuple(SHARING["audiences"])
NOT_ASKED = SHARING["not_asked"]
# Every sharing wish a child can give: not asked, nobody, and each of the non-empty sets of
# audiences (7 of 3), each in every order (a wish is a set; the tablet writes the order of its boxes).
WISHES = [NOT_ASKED, []] + [
    list(order)
    for size in range(1, len(AUDIENCES) + 1)
    for chosen in itertools.combinations(AUDIENCES, size)
    for order in itertools.permutations(chosen)
]


def wishes():
    return st.sampled_from(WISHES).map(lambda wish: wish if wish == NOT_ASKED else list(wish))


def identifiers(max_size: int = 40):
    return st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=max_size)


# --- parts ---------------------------------------------------------------------------------------------


@st.composite
def photos(draw, media_types: list[str]) -> tuple[str, bytes]:
    """A tiny photo as the tablet sends one (its media type, its bytes), in each of the kind's
    `media_types` (its contract's photo_types) and a few modes."""
    media_type = draw(st.sampled_from(media_types))
    kind = media_type.removeprefix("image/").upper()  # Pillow's name for the format: JPEG, PNG, WEBP
    mode = draw(st.sampled_from(["RGB", "L"] + (["RGBA", "P"] if kind != "JPEG" else [])))
    size = draw(st.sampled_from([(1, 1), (3, 2), (2, 5), (48, 32)]))
    buffer = io.BytesIO()
    Image.new(mode, size, draw(st.integers(0, 255))).save(buffer, kind)
    return media_type, buffer.getvalue()


@st.composite
def drawing_ops(draw, regions: int = 0, marked: bool = True) -> list[dict]:
    """A small drawing in the ink format: strokes (pen and eraser, with and without pressure),
    stamps, fills of the outline's regions (none on a blank page), undo, redo and clear. With
    `marked` the last op is a pen stroke, so the drawing shows something whatever came before it."""
    kinds = ["stroke", "stamp", "undo", "redo", "clear"] + (["fill"] if regions else [])
    chosen = draw(st.lists(st.sampled_from(kinds), max_size=4))
    if marked:
        chosen = chosen + ["stroke"]
    ops, t = [], 0
    for kind in chosen:
        t += draw(st.integers(0, 500))
        if kind == "stroke":
            pressure = draw(st.booleans())
            count = draw(st.integers(1, 12))
            x, y = draw(st.integers(0, 4000)), draw(st.integers(0, 4000))
            points, when = [], t
            for _number in range(count):
                points.append((x, y, draw(st.integers(0, 255)) if pressure else 0, when))
                x = min(4000, max(0, x + draw(st.integers(-300, 300))))
                y = min(4000, max(0, y + draw(st.integers(-300, 300))))
                when += draw(st.integers(0, 40))
            tool = "pen" if marked and len(ops) == len(chosen) - 1 else draw(st.sampled_from(ink.TOOLS))
            ops.append(
                {
                    "op": "stroke",
                    "tool": tool,
                    "colour": 0 if tool == "eraser" else draw(st.integers(0, len(ARTWORK["palette"]) - 1)),
                    "size": draw(st.integers(0, 2)),
                    "pressure": pressure,
                    "t": t,
                    "points": points,
                }
            )
            t = when
        elif kind == "stamp":
            ops.append(
                {
                    "op": "stamp",
                    "stamp": draw(st.integers(0, len(ARTWORK["stamps"]) - 1)),
                    "x": draw(st.integers(0, 4000)),
                    "y": draw(st.integers(0, 4000)),
                    "size": draw(st.sampled_from([200, 2000, 600])),
                    "t": t,
                }
            )
        elif kind == "fill":
            ops.append(
                {
                    "op": "fill",
                    "region": draw(st.integers(0, regions - 1)),
                    "colour": draw(st.integers(0, len(ARTWORK["palette"]) - 1)),
                    "t": t,
                }
            )
        else:
            ops.append({"op": kind, "t": t})
    return ops


def drawings(regions: int = 0, marked: bool = True):
    """A drawing's bytes (sofs_direct/ink.encode), as the tablet's canvas writes them."""
    return drawing_ops(regions, marked).map(ink.encode)


def clip_sound(media_type: str) -> tuple[bytes, int]:
    """A short real recording of the type (tests/fixtures/audio) and its length in milliseconds."""
    name = {"audio/webm": "short.webm", "audio/mp4": "short.mp4"}[media_type]
    return (AUDIO / name).read_bytes(), AUDIO_MANIFEST[name]["duration_ms"]


# --- documents ------------------------------------------------------------------------------------------


@dataclass
class Made:
    """A document and its parts [(name, media type, bytes)], as the tablet would send them."""

    document: dict
    parts: list = field(default_factory=list)

    @property
    def content(self) -> dict:
        return self.document["content"]

    def media_types(self) -> dict:
        return {name: media_type for name, media_type, _data in self.parts}

    def plain_parts(self) -> dict:
        return {name: data for name, _media_type, data in self.parts}

    def __repr__(self) -> str:
        """Short enough to read in a failure: long texts cut, parts by name, type and size."""

        def cut(value):
            if isinstance(value, str) and len(value) > 60:
                return f"{value[:40]!r}…({len(value)} characters)"
            if isinstance(value, dict):
                return {key: cut(item) for key, item in value.items()}
            if isinstance(value, list):
                return [cut(item) for item in value]
            return value

        return f"Made({cut(self.document)!r}, parts={[(name, kind, len(data)) for name, kind, data in self.parts]})"


def _document(kind: str, child_id: str, content: dict, created_at: str) -> dict:
    return {
        "schema": 1,
        "kind": kind,
        "child_id": child_id,
        "created_at": created_at,
        "supersedes": None,
        "content": content,
    }


@st.composite
def people(draw, name_limit: int, role_limit: int, final: bool, most: int = 3) -> list[dict]:
    """People recorded by name and role (who was present, who took part, who agreed)."""
    name = text(name_limit, one_line=True, required=True)
    return draw(
        st.lists(
            st.fixed_dictionaries({"name": name if final else blank_or(name), "role": text(role_limit, one_line=True)}),
            max_size=most,
        )
    )


# Observation (sofs_direct/tools/observation/)


@st.composite
def observations(draw, child_id: str, final: bool = True) -> Made:
    body = text(OBSERVATION["text_max"], required=True)
    chosen = draw(
        st.lists(
            photos(OBSERVATION["photo_types"]),
            max_size=draw(st.sampled_from([few(2, OBSERVATION["photos_max"]), OBSERVATION["photos_max"]])),
        )
    )
    parts = [(f"photo-{number}", media_type, data) for number, (media_type, data) in enumerate(chosen, start=1)]
    content = {"text": draw(body if final else blank_or(body)), "photos": [name for name, _type, _data in parts]}
    return Made(_document("observation", child_id, content, draw(times())), parts)


# Three Houses (docs/three-houses.md)

HOUSE_KEYS = tuple(TH["keys"])
THEMES = tuple(TH["themes"])
OUTLINE_REGIONS = {theme: len(ARTWORK["outlines"][ARTWORK["themes"][theme]]["regions"]) for theme in THEMES}


def _spoken(draw) -> dict:
    """What a child or a worker said or wrote, as a word: not blank, at most the contract's word_max."""
    return {
        "text": draw(text(TH["word_max"], at_least=1)),
        "by": draw(st.sampled_from(TH["writers"])),
        "share": draw(wishes()),
        "at": draw(times()),
    }


@st.composite
def _house(draw, key: str, theme: str, parts: list, next_word) -> dict:
    drawn = draw(st.booleans())
    if drawn:
        parts.append((f"ink-{key}", ink.MEDIA_TYPE, draw(drawings(OUTLINE_REGIONS[theme], marked=draw(st.booleans())))))
    photo_names = []
    for number in range(1, draw(st.sampled_from([0, 0, few(1, TH["photos_max"]), TH["photos_max"]])) + 1):
        media_type, data = draw(photos(TH["photo_types"]))
        photo_names.append(f"photo-{key}-{number}")
        parts.append((photo_names[-1], media_type, data))
    words = [{"id": next_word(), **_spoken(draw)} for _number in range(draw(st.integers(0, few(3, TH["words_max"]))))]
    return {
        "key": key,
        "name": draw(text(TH["name_max"], one_line=True)),
        "symbol": draw(st.one_of(st.none(), st.sampled_from(TH["symbols"]))),
        "question": draw(text(TH["question_max"])),
        "ink": f"ink-{key}" if drawn else None,
        "photos": photo_names,
        "words": words,
        "observations": draw(text(TH["long_text_max"])),
        "reflection": draw(text(TH["long_text_max"])),
        "share": draw(wishes()),
    }


def _recording_answer(may_say_yes: bool):
    """Whether someone agreed to recording: yes (only when they agreed to the session), no, or not asked."""
    return st.sampled_from([None, False, True] if may_say_yes else [None, False])


@st.composite
def _consent(draw, session: dict, parts: list) -> dict:
    """The consent record, agreeing with the session record as the consent screen writes both."""
    parent = None
    if draw(st.booleans()):
        decision = draw(st.sampled_from(TH["decisions"]))
        name = draw(text(TH["parent_name_max"], one_line=True, required=True))
        relationship = draw(text(TH["relationship_max"], one_line=True, required=True))
        signed = draw(st.booleans())
        typed = draw(text(TH["parent_name_max"], one_line=True, required=not signed))
        if signed:
            parts.append((TH["signature_part"], ink.MEDIA_TYPE, draw(drawings(marked=True))))
        parent = {
            "decision": decision,
            "name": name,
            "relationship": relationship,
            "signature": TH["signature_part"] if signed else None,
            "typed_name": typed,
            "audio": draw(_recording_answer(decision == "agreed")),
            "at": draw(times()),
        }
        session["parental_agreement"] = decision
        session["agreement_by"] = f"{name} ({relationship})"
    child = None
    if draw(st.booleans()):
        assent = draw(st.sampled_from(TH["assents"]))
        child = {
            "assent": assent,
            "how": draw(st.sampled_from(TH["assent_ways"])),
            "audio": draw(_recording_answer(assent == "given")),
            "at": draw(times()),
        }
    explainer = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "shown_at": times(),
                    "version": st.sampled_from(TH["explainer_versions"]),
                    "language": st.sampled_from(TH["explainer_languages"]),
                }
            ),
        )
    )
    return {"parent": parent, "child": child, "explainer": explainer}


@st.composite
def _clips(draw, consent: dict, parts: list, final: bool) -> list[dict]:
    parent, child = consent["parent"], consent["child"]
    if not (parent and parent["audio"] and child and child["audio"]):
        return []
    clips = []
    for number in range(1, draw(st.integers(0, few(2, TH["clips_max"]))) + 1):
        media_type = draw(st.sampled_from(TH["recording_types"]))
        sound, duration_ms = clip_sound(media_type)
        clip_id = f"c{number}"
        if final or draw(st.booleans()):  # a draft may leave the sound on the tablet
            parts.append((f"audio-{clip_id}", media_type, sound))
        moments = [
            {
                "id": f"m{index}",
                "at_ms": draw(st.sampled_from([0, duration_ms, duration_ms // 2])),
                "text": draw(text(TH["word_max"], at_least=1)),
                "at": draw(times()),
            }
            for index in range(1, draw(st.integers(0, few(2, TH["moments_max"]))) + 1)
        ]
        clips.append(
            {
                "id": clip_id,
                "part": f"audio-{clip_id}",
                "media_type": media_type,
                "house": draw(st.one_of(st.none(), st.sampled_from(HOUSE_KEYS))),
                "started_at": draw(times()),
                "duration_ms": duration_ms,
                "share": draw(wishes()),
                "moments": moments,
            }
        )
    return clips


@st.composite
def three_houses_sessions(draw, child_id: str, final: bool = True, consent: bool | None = None) -> Made:
    """A Three Houses session; with `consent` None, with the consent and clips of tablets since
    issue 8 or without them (sessions from before), either way."""
    theme = draw(st.sampled_from(THEMES))
    parts: list = []
    counter = itertools.count(1)
    houses = [draw(_house(key, theme, parts, lambda: f"w{next(counter)}")) for key in HOUSE_KEYS]
    if final and not any(house["ink"] or house["photos"] or house["words"] for house in houses):
        houses[draw(st.integers(0, len(houses) - 1))]["words"].append({"id": "w0", **_spoken(draw)})
    if final:
        # A session whose only content is drawings needs a mark in one (check_parts).
        drawn = [name for name, media_type, _data in parts if name.startswith("ink-")]
        if drawn and not any(house["photos"] or house["words"] for house in houses):
            index = next(number for number, (name, _type, _data) in enumerate(parts) if name == drawn[0])
            parts[index] = (drawn[0], ink.MEDIA_TYPE, draw(drawings(OUTLINE_REGIONS[theme], marked=True)))
    # A finalised session was asked about parental agreement (docs/three-houses.md): not "not-asked".
    agreement = draw(st.sampled_from([choice for choice in TH["agreements"] if not final or choice != "not-asked"]))
    who = text(TH["agreement_by_max"], one_line=True, required=True)
    place = text(TH["place_max"], one_line=True, required=final)
    session = {
        "started_at": draw(times()),
        "place": draw(place if final else blank_or(place)),
        "present": draw(people(TH["person_text_max"], TH["person_text_max"], final, few(3, TH["present_max"]))),
        "seen_alone": draw(st.booleans() if final else st.one_of(st.none(), st.booleans())),
        "parental_agreement": agreement,
        "agreement_by": draw(
            who if agreement in TH["decisions"] and final else text(TH["agreement_by_max"], one_line=True)
        ),
        "how_it_went": draw(text(TH["long_text_max"])),
    }
    content = {
        "theme": theme,
        "order": draw(
            st.permutations(HOUSE_KEYS).flatmap(
                lambda keys: st.integers(0, len(keys)).map(lambda count: list(keys[:count]))
            )
        ),
        "houses": houses,
        "session": session,
    }
    if consent if consent is not None else draw(st.booleans()):
        content["consent"] = draw(_consent(session, parts))
        content["clips"] = draw(_clips(content["consent"], parts, final))
    return Made(_document("three_houses", child_id, content, draw(times())), parts)


# Words and Pictures (docs/words-and-pictures.md)


@st.composite
def _page(draw, page_id: str, parts: list) -> dict:
    drawn = draw(st.booleans())
    if drawn:
        parts.append((f"ink-{page_id}", ink.MEDIA_TYPE, draw(drawings(marked=draw(st.booleans())))))
    children = None
    if draw(st.booleans()):
        theirs = draw(st.booleans())
        if theirs:
            parts.append((f"kids-{page_id}", ink.MEDIA_TYPE, draw(drawings(marked=draw(st.booleans())))))
        children = {
            "name": draw(text(WP["child_name_max"], one_line=True)),
            "text": draw(text(WP["text_max"])),
            "drawing": f"kids-{page_id}" if theirs else None,
        }
    return {
        "id": page_id,
        "hint": draw(st.sampled_from(WP["hints"])),
        "text": draw(text(WP["text_max"])),
        "drawing": f"ink-{page_id}" if drawn else None,
        "children": children,
    }


@st.composite
def words_pictures_versions(draw, child_id: str, final: bool = True) -> Made:
    parts: list = []
    # A page id names its drawings' parts ("kids-<id>"), and a part name has at most 40 characters.
    page_ids = draw(st.lists(identifiers(35), min_size=1, max_size=few(3, WP["pages_max"]), unique=True))
    pages = [draw(_page(page_id, parts)) for page_id in page_ids]
    if final and not any(page["text"].strip() for page in pages):
        pages[0]["text"] = draw(text(WP["text_max"], required=True))
    terms = draw(
        st.lists(text(WP["agreed_text_max"], one_line=True), max_size=few(2, WP["agreed_max"]), unique_by=str.casefold)
    )
    person, most = WP["person_text_max"], few(3, WP["people_max"])
    content = {
        "purpose": draw(st.sampled_from(WP["purposes"])),
        "title": draw(text(WP["title_max"], one_line=True)),
        "language": draw(st.sampled_from(WP["languages"])),
        "pages": pages,
        "agreed_words": [{"term": term, "wording": draw(text(WP["agreed_text_max"], one_line=True))} for term in terms],
        "version": {
            "number": draw(st.sampled_from([1, 2, WP["version_max"]])),
            "took_part": draw(people(person, person, final, most)),
            "agreed_by": draw(people(person, person, final, most)),
            "note": draw(text(WP["note_max"])),
            "read_to_children": draw(st.booleans()),
        },
    }
    if final and not content["version"]["took_part"]:
        content["version"]["took_part"] = [{"name": "Kerry Smith", "role": "Mum"}]
    return Made(_document("words_pictures", child_id, content, draw(times())), parts)


# The family and safety network, and its meetings (docs/network.md)

STAMPS = [stamp["id"] for stamp in ARTWORK["stamps"] if stamp["group"] in NET["stamp_groups"]]
TABLET = "00000000-0000-4000-8000-000000000001"


def _stamped(draw, value) -> dict:
    return {"value": value, "at": draw(times()), "by": draw(st.sampled_from([TABLET, str(uuid.UUID(int=7))]))}


@st.composite
def _member(draw, number: int, name: str, final: bool) -> dict:
    lowest, highest = NET["angles"]
    values = {  # each field's values; the fields themselves are the contract's (a new one fails here)
        "relation": text(NET["name_max"], one_line=True, required=final),
        "contact": text(NET["contact_max"]),
        "role": text(NET["role_max"]),
        "ring": st.integers(*NET["rings"]),
        # both ends of the circle, and a quarter of the way round (90 of 0..359)
        "angle": st.sampled_from([lowest, highest, lowest + (highest - lowest + 1) // 4]),
        "stamp": st.one_of(st.none(), st.sampled_from(STAMPS)),
        "parent": st.booleans(),
        "parental_responsibility": st.booleans(),
        "informed": st.one_of(st.none(), days()),
        "willing": st.one_of(st.none(), st.booleans()),
        "clear": st.one_of(st.none(), st.booleans()),
        "child_view": st.permutations(NET["child_views"]).flatmap(
            lambda views: st.integers(0, len(views)).map(lambda count: list(views[:count]))
        ),
    }
    optional = {name_of_field: values[name_of_field] for name_of_field in NET["fields"] if name_of_field != "name"}
    chosen = draw(st.sets(st.sampled_from(sorted(optional))))
    if final:
        chosen.add("relation")
    fields = {"name": _stamped(draw, name)}
    for name_of_field in sorted(chosen):
        fields[name_of_field] = _stamped(draw, draw(optional[name_of_field]))
    return {"id": f"m-{number}-{draw(identifiers(30))}", "fields": fields}


def _same_name(name: str) -> str:
    from sofs_direct.tools.network import same_name

    return same_name(name)


@st.composite
def networks(draw, child_id: str, network_id: str, final: bool = True) -> Made:
    names = draw(
        st.lists(
            text(NET["name_max"], one_line=True, required=True),
            min_size=1 if final else 0,
            max_size=few(3, NET["members_max"]),
            unique_by=_same_name,
        )
    )
    members = [draw(_member(number, name, final)) for number, name in enumerate(names, start=1)]
    removed = [
        {"id": f"m-gone-{number}", "at": draw(times()), "by": TABLET}
        for number in range(draw(st.integers(0, few(2, NET["removed_max"]))))
    ]
    content = {"network": network_id, "children": [child_id], "members": members, "removed": removed}
    return Made(_document("network", child_id, content, draw(times())))


@st.composite
def network_meetings(draw, child_id: str, network_id: str, final: bool = True) -> Made:
    held = draw(days())
    name = text(MEETING["name_max"], one_line=True, required=True)
    attended = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "member": st.one_of(st.none(), st.just("m-1-a")),
                    "name": name if final else blank_or(name),
                    "role": text(MEETING["person_text_max"], one_line=True),
                }
            ),
            min_size=1 if final else 0,
            max_size=few(3, MEETING["attended_max"]),
        )
    )
    rule = text(MEETING["rule_max"], required=True)
    agreed = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "rule": rule if final else blank_or(rule),
                    "responsible": st.lists(
                        text(MEETING["name_max"], one_line=True, at_least=1),
                        min_size=1 if final else 0,
                        max_size=few(2, MEETING["responsible_max"]),
                    ),
                }
            ),
            max_size=few(2, MEETING["agreed_max"]),
        )
    )
    following, last = date.fromisoformat(held) + timedelta(days=1), date.fromisoformat(MEETING["latest"])
    content = {
        "network": network_id,
        "children": [child_id],
        "date": held,
        "attended": attended,
        "agreed": agreed,
        "next_meeting": draw(st.one_of(st.none(), days(following, last))) if following <= last else None,
        "notes": draw(text(MEETING["notes_max"])),
    }
    return Made(_document("network_meeting", child_id, content, draw(times())))


# The Safety House (docs/safety-house.md)

SH_PEOPLE_STICKERS = [stamp["id"] for stamp in ARTWORK["stamps"] if stamp["group"] in SH["sticker_groups"]]
SH_OUTLINE_REGIONS = len(ARTWORK["outlines"]["house"]["regions"])  # the child draws over the house outline


@st.composite
def _house_person(draw, person_id: str, final: bool) -> dict:
    zone = draw(st.sampled_from(SH["zones"]))
    name = text(SH["name_max"], one_line=True, required=True)
    return {
        "id": person_id,
        "name": draw(name if final else blank_or(name)),
        "zone": zone,
        "only_with_safe_adult": draw(st.booleans()) if zone == "outside" else False,
        "sticker": draw(st.one_of(st.none(), st.sampled_from(SH_PEOPLE_STICKERS))),
        "network": draw(st.one_of(st.none(), st.just("m-1-a"))),
        "by": draw(st.sampled_from(SH["writers"])),
        "share": draw(wishes()),
        "at": draw(times()),
    }


@st.composite
def _house_rule(draw, rule_id: str, final: bool) -> dict:
    rule = text(SH["rule_max"], required=True)
    return {
        "id": rule_id,
        "text": draw(rule if final else blank_or(rule)),
        "by": draw(st.sampled_from(SH["writers"])),
        "sticker": draw(st.one_of(st.none(), st.sampled_from([stamp["id"] for stamp in ARTWORK["stamps"]]))),
        "share": draw(wishes()),
        "at": draw(times()),
    }


@st.composite
def _path_number(draw, who: str) -> dict:
    low, high = SH["path"]
    return {
        "who": who,
        "name": "" if who == "child" else draw(text(SH["person_text_max"], one_line=True)),
        "number": draw(st.one_of(st.sampled_from([low, high]), st.integers(low, high))),
        "why": draw(text(SH["why_max"])),
        "closer": draw(text(SH["why_max"])),
        "share": draw(wishes()),
        "at": draw(times()),
    }


@st.composite
def safety_houses(draw, child_id: str, final: bool = True) -> Made:
    """A Safety House version: people in every zone, rules, numbers on the path (at most one the
    child's own), a drawing over the house or none, and the visit's record."""
    parts: list = []
    if draw(st.booleans()):
        parts.append(("ink-house", ink.MEDIA_TYPE, draw(drawings(SH_OUTLINE_REGIONS, marked=draw(st.booleans())))))
    people = [
        draw(_house_person(f"p{number}", final)) for number in range(draw(st.integers(0, few(3, SH["people_max"]))))
    ]
    rules = [draw(_house_rule(f"r{number}", final)) for number in range(draw(st.integers(0, few(2, SH["rules_max"]))))]
    others = [choice for choice in SH["whose"] if choice != "child"]
    whose = draw(st.lists(st.sampled_from(others), max_size=few(2, SH["numbers_max"] - 1)))
    if draw(st.booleans()):
        whose.insert(draw(st.integers(0, len(whose))), "child")
    path = [draw(_path_number(who)) for who in whose]
    if final and not (people or rules or path):
        path = [draw(_path_number("child"))]
    place = text(SH["place_max"], one_line=True, required=final)
    person = SH["person_text_max"]
    session = {
        "started_at": draw(times()),
        "place": draw(place if final else blank_or(place)),
        "present": draw(people_of(person, final, few(2, SH["present_max"]))),
        "seen_alone": draw(st.booleans() if final else st.one_of(st.none(), st.booleans())),
    }
    content = {
        "version": draw(st.sampled_from([1, 2, SH["version_max"]])),
        "session": session,
        "ink": "ink-house" if parts else None,
        "people": people,
        "rules": rules,
        "path": path,
        "faces": draw(st.booleans()),
        "share": draw(wishes()),
    }
    return Made(_document("safety_house", child_id, content, draw(times())), parts)


# Sort the pictures (docs/picture-sort.md)

PS_SYMBOLS = ["happy", "sad", "school", "home", "mum", "not-sure", "bedtime"]


@st.composite
def _sort_column(draw, column_id: str, final: bool) -> dict:
    words = text(PS["column_words_max"], one_line=True, required=True)
    return {
        "id": column_id,
        "words": draw(words if final else blank_or(words)),
        "symbol": draw(st.one_of(st.none(), st.sampled_from(PS_SYMBOLS))),
        "leaning": draw(st.sampled_from(PS["leanings"])),
    }


@st.composite
def _sort_place(draw, shape: str, columns: list[dict]) -> tuple:
    """A place on the board (column id, number), or the tray (None, None)."""
    if draw(st.integers(0, 4)) == 0:
        return None, None
    if shape == "columns":
        return draw(st.sampled_from([column["id"] for column in columns])), None
    low, high = PS["path"]
    return None, draw(st.one_of(st.sampled_from([low, high]), st.integers(low, high)))


@st.composite
def picture_sorts(draw, child_id: str, final: bool = True) -> Made:
    """A picture sort: a board of columns or a path, cards from a set, the worker or the child (some
    drawn), moves with changes of mind (each card where its last move put it) and the worker's notes."""
    shape = draw(st.sampled_from(PS["shapes"]))
    low, high = PS["columns"]
    count = 2 if shape == "path" else draw(st.integers(low, few(low + 1, high)))
    columns = [draw(_sort_column(f"c{number}", final)) for number in range(1, count + 1)]
    parts: list = []
    cards = []
    for number in range(1, draw(st.integers(1, few(4, PS["cards_max"]))) + 1):
        by = draw(st.sampled_from(PS["makers"]))
        drawn = by == "child" and draw(st.booleans())
        if drawn:
            parts.append((f"card-k{number}", ink.MEDIA_TYPE, draw(drawings())))
        words = text(PS["card_words_max"], one_line=True, required=final and not drawn)
        cards.append(
            {
                "id": f"k{number}",
                "words": draw(words if final and not drawn else blank_or(words)),
                "symbol": draw(st.one_of(st.none(), st.sampled_from(PS_SYMBOLS))),
                "language": draw(st.sampled_from(PS["languages"])),
                "drawing": f"card-k{number}" if drawn else None,
                "by": by,
                "column": None,
                "number": None,
                "at": draw(times()),
            }
        )
    moves = []
    for _number in range(draw(st.integers(0, few(8, PS["moves_max"])))):
        card = draw(st.sampled_from(cards))
        column, number = draw(_sort_place(shape, columns))
        moves.append(
            {
                "card": card["id"],
                "column": column,
                "number": number,
                "how": draw(st.sampled_from(PS["hows"])),
                "at": draw(times()),
            }
        )
    for move in moves:
        card = next(card for card in cards if card["id"] == move["card"])
        card["column"], card["number"] = move["column"], move["number"]
    # a finished sort has at least one card on the board
    if final and not any(card["column"] is not None or card["number"] is not None for card in cards):
        card = cards[0]
        column, number = (columns[0]["id"], None) if shape == "columns" else (None, PS["path"][0])
        moves.append({"card": card["id"], "column": column, "number": number, "how": "drag", "at": draw(times())})
        card["column"], card["number"] = column, number
    name = text(PS["set_name_max"], one_line=True, required=True)
    save = draw(st.booleans())
    notes = [
        {
            "id": f"n{number}",
            "text": draw(text(PS["note_max"])),
            "noted": draw(st.sampled_from(PS["noted"])),
            "at": draw(times()),
        }
        for number in range(1, draw(st.integers(0, few(2, PS["notes_max"]))) + 1)
    ]
    content = {
        "session": {
            "started_at": draw(times()),
            "present": draw(people_of(PS["person_text_max"], final, few(2, PS["present_max"]))),
        },
        "language": draw(st.sampled_from(PS["languages"])),
        "board": {
            "shape": shape,
            "preset": draw(st.sampled_from(["good-not-sure-not-good", "own", "path"])),
            "columns": columns,
        },
        "set": {
            "id": draw(st.one_of(st.none(), st.sampled_from([starter["id"] for starter in PS["starter_sets"]]))),
            "name": draw(name if save else blank_or(name)),
            "save_for_team": save,
        },
        "cards": cards,
        "moves": moves,
        "notes": notes,
        "share": draw(wishes()),
    }
    return Made(_document("picture_sort", child_id, content, draw(times())), parts)


# The letter to the child (docs/letter.md)

LETTER_SOURCES = ("three_houses", "safety_house", "picture_sort", "words_pictures")  # kinds of direct work


@st.composite
def _letter_drawing(draw, number: int) -> tuple[dict, tuple]:
    """A drawing copied into a letter: on one of the artwork's outlines (with its regions to fill) or
    a blank page, and its part."""
    outline = draw(st.sampled_from([None, *ARTWORK["outlines"]]))
    regions = len(ARTWORK["outlines"][outline]["regions"]) if outline else 0
    item = {
        "id": f"d{number}",
        "part": f"{LETTER['drawing_prefix']}d{number}",
        "outline": outline,
        "caption": draw(text(LETTER["caption_max"], one_line=True)),
        "share": draw(wishes()),
        "shown": draw(st.booleans()),
    }
    return item, (item["part"], ink.MEDIA_TYPE, draw(drawings(regions)))


@st.composite
def letters(draw, child_id: str, final: bool = True) -> Made:
    """A letter to the child: the child's words and drawings from a session (each with its wish, kept
    in the letter or left out), what others said, and the worker's words, in English or Welsh."""
    heard = [
        {
            "id": f"h{number}",
            "words": draw(text(LETTER["words_max"], required=True)),
            "where": draw(text(LETTER["where_max"], one_line=True)),
            "by": draw(st.sampled_from(LETTER["writers"])),
            "symbol": draw(st.one_of(st.none(), st.sampled_from(PS_SYMBOLS))),
            "share": draw(wishes()),
            "shown": draw(st.booleans()),
        }
        for number in range(1, draw(st.integers(0, few(4, LETTER["heard_max"]))) + 1)
    ]
    made = [
        draw(_letter_drawing(number)) for number in range(1, draw(st.integers(0, few(2, LETTER["drawings_max"]))) + 1)
    ]
    others = [
        {
            "id": f"o{number}",
            "who": draw(text(LETTER["who_max"], one_line=True, required=True)),
            "words": draw(text(LETTER["text_max"], required=True)),
        }
        for number in range(1, draw(st.integers(0, few(2, LETTER["others_max"]))) + 1)
    ]
    required = text(LETTER["text_max"], required=True)
    content = {
        "source": {
            "id": str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
            "kind": draw(st.sampled_from(LETTER_SOURCES)),
            "done_at": draw(st.one_of(st.none(), times())),
        },
        "language": draw(st.sampled_from(LETTER["languages"])),
        "to": draw(text(LETTER["to_max"], one_line=True, required=final)),
        "symbols": draw(st.booleans()),
        "opening": draw(text(LETTER["text_max"])),
        "heard": heard,
        "drawings": [item for item, _part in made],
        "others": others,
        # a finished letter holds something for the child: a kept word or drawing, or its next steps
        "next": draw(required if final else text(LETTER["text_max"])),
        "who_sees_note": draw(text(LETTER["text_max"])),
        "talk_to": draw(text(LETTER["text_max"])),
        "closing": draw(required if final else text(LETTER["text_max"])),
        "read_with_child": draw(st.one_of(st.none(), times())),
    }
    return Made(_document("letter", child_id, content, draw(times())), [part for _item, part in made])


def people_of(limit: int, final: bool, most: int):
    return people(limit, limit, final, most)


KINDS = (
    "observation",
    "three_houses",
    "words_pictures",
    "network",
    "network_meeting",
    "safety_house",
    "picture_sort",
    "letter",
)


@st.composite
def communications(draw) -> dict:
    """How the child communicated (the document's outer field, docs/communication.md): any of the
    ways in any order, a note to its limit, symbol mode on or off, the read-back answered or not."""
    ways = draw(st.permutations(COMMUNICATION["ways"]))
    return {
        "ways": ways[: draw(st.integers(0, len(ways)))],
        "note": draw(text(COMMUNICATION["note_max"])),
        "symbols": draw(st.booleans()),
        "read_back": draw(st.sampled_from([None, *COMMUNICATION["read_back"]])),
    }


@st.composite
def with_communication(draw, made: "st.SearchStrategy[Made]") -> Made:
    """A document that may also say how the child communicated: a tablet from before sends none."""
    document = draw(made)
    conveyed = draw(st.one_of(st.none(), communications()))
    if conveyed is not None:
        document.document["communication"] = conveyed
    return document


# The questions each kind asks the child at the end of its sessions, as its contract says; the kinds
# that ask none (the worker's own records) have no key.
ASKED = {
    "three_houses": TH["feedback_questions"],
    "words_pictures": WP["feedback_questions"],
    "safety_house": SH["feedback_questions"],
    "picture_sort": PS["feedback_questions"],
    "letter": LETTER["feedback_questions"],
}


@st.composite
def feedbacks(draw, kind: str) -> dict:
    """The child's feedback (the document's outer field, docs/feedback.md): some of the questions
    the kind asks (its contract's feedback_questions), each answered with a face or skipped (null)."""
    asked = [code for code in FEEDBACK["questions"] if code in ASKED.get(kind, ())]
    shown = draw(st.lists(st.sampled_from(asked), unique=True)) if asked else []
    return {code: draw(st.sampled_from([None, *FEEDBACK["answers"]])) for code in shown}


@st.composite
def with_feedback(draw, made: "st.SearchStrategy[Made]", kind: str) -> Made:
    """A document that may also carry the child's feedback, when its kind asks any: a tablet from
    before, or a session the child's feedback was not offered after, sends none."""
    document = draw(made)
    if ASKED.get(kind) and draw(st.booleans()):
        document.document["feedback"] = draw(feedbacks(kind))
    return document


def documents(kind: str, child_id: str, network_id: str | None = None, final: bool = True):
    """A document of `kind` for the child that the server accepts (finalised, or as a draft), with or
    without how the child communicated and the child's feedback."""
    return with_feedback(with_communication(_kind_documents(kind, child_id, network_id, final)), kind)


def _kind_documents(kind: str, child_id: str, network_id: str | None, final: bool):
    network_id = network_id or str(uuid.uuid4())
    return {
        "observation": lambda: observations(child_id, final),
        "three_houses": lambda: three_houses_sessions(child_id, final),
        "words_pictures": lambda: words_pictures_versions(child_id, final),
        "network": lambda: networks(child_id, network_id, final),
        "network_meeting": lambda: network_meetings(child_id, network_id, final),
        "safety_house": lambda: safety_houses(child_id, final),
        "picture_sort": lambda: picture_sorts(child_id, final),
        "letter": lambda: letters(child_id, final),
    }[kind]()
