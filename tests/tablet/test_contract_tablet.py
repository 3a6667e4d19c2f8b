"""The tablet checks what the server checks, before Finish (issue #13, §1): for every kind, the
tablet's own model — the tool's problems(draft), run in real Chromium from the live server's
/static — and the server's checks (the kind's validate(content, parts, final=True) and
check_parts) must agree on every document: the tablet lets a document be finished exactly when the
server accepts it as final, and when it does not, it says why in words a worker can act on.

Main decision: the documents are the server-accepted ones of tests/strategies.py (finalised and
draft, so many are not finishable yet), each maybe broken in one place the way a worker or a child
could break it — a text too long, blank where something is needed, with a control code or a line
break where none may be; a choice not offered; too many of something; a name or an agreed word
twice; a date out of range; and the tablet's clock far out — or not at all. What only the tablet
itself writes (ids, part names, the shape of the document) is not broken here: the builders are
held to the server by the tests that finish real work on the tablet, and by
test_the_tablet_s_own_new_documents_are_drafts_the_server_accepts below.
"""

import base64
import copy
import json
import re
import uuid

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sofs_direct.artefacts import contracts
from sofs_direct.artefacts.kinds import KINDS
from sofs_direct.platform.invalid import DocumentInvalid
from tests.strategies import KINDS as GENERATED_KINDS
from tests.strategies import WISHES, Made, documents, three_houses_sessions, words_pictures_versions

CHILD = str(uuid.uuid4())
NETWORK = str(uuid.uuid4())
EXAMPLES = 30  # a kind (nine kinds now); `make bench contract_soak` (tests/bench/soak_contract.py) runs 400

# --- the two sides ------------------------------------------------------------------------------------

TABLET_MODEL = """async () => {
    const { KINDS } = await import('/static/js/tools/index.js');
    const bytes = (data) => Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    window.problemsOf = ({ kind, document, parts }) => KINDS[kind].problems({
        id: 'draft', kind, child_id: document.child_id, created_at: document.created_at, supersedes: null,
        content: document.content,
        parts: parts.map(([name, media_type, data]) => ({ name, media_type, bytes: bytes(data) })),
    });
    window.tools = KINDS;
}"""


@pytest.fixture
def tablet(page, live_server):
    """The tablet's tool modules, loaded from the live server into a page of its own origin."""
    page.goto(live_server.url + "/login")
    page.evaluate(TABLET_MODEL)
    return page


def tablet_problems(page, made) -> list[str]:
    # One JSON text, not the document as Playwright values (each checked and wrapped on both sides):
    # the same values reach the page at a fraction of the cost, for every example.
    return page.evaluate(
        "(json) => problemsOf(JSON.parse(json))",
        json.dumps(
            {
                "kind": made.document["kind"],
                "document": made.document,
                "parts": [[name, media_type, base64.b64encode(data).decode()] for name, media_type, data in made.parts],
            }
        ),
    )


def server_refusal(app, made) -> str | None:
    """Why the server would not store this as finalised (None: it would)."""
    module = KINDS[made.document["kind"]]
    with app.app_context():
        try:
            module.validate(made.content, made.media_types(), final=True)
            if hasattr(module, "check_parts"):
                module.check_parts(made.content, made.plain_parts(), final=True)
        except DocumentInvalid as error:
            return error.reason
    return None


QUOTED = re.compile(r"“[^”]*”")
# What a worker must never be shown: an id ("w2", "c1", "m3", a page's "p1"), a part's name, a
# field's path ("houses.0.words") or a field's own name.
UNREADABLE = re.compile(r"\b(?:[wcmp]\d+|ink-|photo-|audio-|kids-|signature-parent)|\w\.\w|_|\b(?:content|null)\b")


def _typed(value) -> list[str]:
    """Every text in a document, and each without its spaces at the ends."""
    if isinstance(value, str):
        return [value, value.strip()]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _typed(item)]


def readable(problem: str, made) -> bool:
    """Not blank, and no id, part or field named, once what people typed (the names, the quoted
    words) is taken out."""
    said = QUOTED.sub("", problem)
    for text in sorted((text for text in _typed(made.content) if text), key=len, reverse=True):
        said = said.replace(text, "")
    return bool(problem.strip()) and not UNREADABLE.search(said)


# --- breaking one thing -----------------------------------------------------------------------------


def spots(value, pattern: str, at=()) -> list[tuple]:
    """The paths in `value` that match `pattern` ("houses.*.words.*.text"; * is any list item or key)."""
    if not pattern:
        return [at]
    key, _, rest = pattern.partition(".")
    if isinstance(value, list):
        keys = range(len(value)) if key == "*" else [int(key)] if key.isdigit() and int(key) < len(value) else []
    elif isinstance(value, dict):
        keys = list(value) if key == "*" else [key] if key in value else []
    else:
        keys = []
    return [found for key in keys for found in spots(value[key], rest, (*at, key))]


def get_at(value, path):
    for key in path:
        value = value[key]
    return value


def set_at(value, path, new) -> None:
    get_at(value, path[:-1])[path[-1]] = new


LETTER = contracts.load("letter")
SAFETY_HOUSE = contracts.load("safety_house")  # a kind added after the contracts: its limits read from them
PICTURE_SORT = contracts.load("picture_sort")

# Each kind's typed texts: (where, limit, one line), as the kinds' docs give them.
TEXTS = {
    "observation": [("text", 20000, False)],
    "three_houses": [
        ("houses.*.name", 60, True),
        ("houses.*.question", 500, False),
        ("houses.*.words.*.text", 5000, False),
        ("houses.*.observations", 20000, False),
        ("houses.*.reflection", 20000, False),
        ("session.place", 200, True),
        ("session.present.*.name", 120, True),
        ("session.present.*.role", 120, True),
        ("session.agreement_by", 143, True),
        ("session.how_it_went", 20000, False),
        ("consent.parent.name", 80, True),
        ("consent.parent.relationship", 60, True),
        ("consent.parent.typed_name", 80, True),
        ("clips.*.moments.*.text", 5000, False),
    ],
    "words_pictures": [
        ("title", 120, True),
        ("pages.*.text", 600, False),
        ("pages.*.children.name", 60, True),
        ("pages.*.children.text", 600, False),
        ("agreed_words.*.term", 120, True),
        ("agreed_words.*.wording", 120, True),
        ("version.took_part.*.name", 120, True),
        ("version.took_part.*.role", 120, True),
        ("version.agreed_by.*.name", 120, True),
        ("version.agreed_by.*.role", 120, True),
        ("version.note", 2000, False),
    ],
    "network": [
        ("members.*.fields.name.value", 80, True),
        ("members.*.fields.relation.value", 80, True),
        ("members.*.fields.contact.value", 200, False),
        ("members.*.fields.role.value", 500, False),
    ],
    "network_meeting": [
        ("attended.*.name", 80, True),
        ("attended.*.role", 120, True),
        ("agreed.*.rule", 500, False),
        ("agreed.*.responsible.*", 80, True),
        ("notes", 5000, False),
    ],
    "safety_house": [
        ("session.place", SAFETY_HOUSE["place_max"], True),
        ("session.present.*.name", SAFETY_HOUSE["person_text_max"], True),
        ("session.present.*.role", SAFETY_HOUSE["person_text_max"], True),
        ("people.*.name", SAFETY_HOUSE["name_max"], True),
        ("rules.*.text", SAFETY_HOUSE["rule_max"], False),
        ("path.*.name", SAFETY_HOUSE["person_text_max"], True),
        ("path.*.why", SAFETY_HOUSE["why_max"], False),
        ("path.*.closer", SAFETY_HOUSE["why_max"], False),
    ],
    "picture_sort": [
        ("session.present.*.name", 120, True),
        ("session.present.*.role", 120, True),
        ("board.columns.*.words", PICTURE_SORT["column_words_max"], True),
        ("set.name", PICTURE_SORT["set_name_max"], True),
        ("cards.*.words", PICTURE_SORT["card_words_max"], True),
        ("notes.*.text", PICTURE_SORT["note_max"], False),
    ],
    "letter": [
        ("to", LETTER["to_max"], True),
        ("opening", LETTER["text_max"], False),
        ("next", LETTER["text_max"], False),
        ("who_sees_note", LETTER["text_max"], False),
        ("talk_to", LETTER["text_max"], False),
        ("closing", LETTER["text_max"], False),
        ("drawings.*.caption", LETTER["caption_max"], True),
        ("others.*.who", LETTER["who_max"], True),
        ("others.*.words", LETTER["text_max"], False),
    ],
}
# What must not be blank to finish (the consent's fields agree with the session record's, so a
# blank parent's name there is the consent screen's own business and not broken here).
NEEDED = {
    "observation": ["text"],
    "three_houses": ["session.place", "session.present.*.name", "session.agreement_by"],
    "words_pictures": ["version.took_part.*.name", "pages.*.text"],
    "network": ["members.*.fields.name.value", "members.*.fields.relation.value"],
    "network_meeting": ["attended.*.name", "agreed.*.rule"],
    "safety_house": ["session.place", "session.present.*.name", "people.*.name", "rules.*.text"],
    "picture_sort": ["board.columns.*.words"],
    "letter": ["to", "closing", "others.*.who", "others.*.words"],
}
# A choice a screen offers, and a value it never does.
CHOICES = {
    "observation": [],
    "three_houses": [
        ("theme", "space"),
        ("houses.*.symbol", "dragon"),
        ("houses.*.words.*.by", "parent"),
        ("session.seen_alone", "yes"),
        ("session.parental_agreement", "maybe"),
        ("consent.child.assent", "maybe"),
        ("consent.child.how", "wrote"),
        ("consent.explainer.version", "old"),
        ("consent.explainer.language", "fr"),
        ("clips.*.house", "garden"),
        ("session.seen_alone", None),
        ("session.parental_agreement", "not-asked"),
    ],
    "words_pictures": [
        ("purpose", "letter"),
        ("language", "fr"),
        ("pages.*.hint", "school"),
        ("version.read_to_children", None),
    ],
    "network": [
        ("members.*.fields.ring.value", 5),
        ("members.*.fields.ring.value", 0),
        ("members.*.fields.angle.value", 360),
        ("members.*.fields.stamp.value", "dragon"),
        ("members.*.fields.parent.value", None),
        ("members.*.fields.willing.value", "yes"),
        ("members.*.fields.child_view.value", ["helps", "helps"]),
        ("members.*.fields.child_view.value", ["loves"]),
    ],
    "network_meeting": [],
    "safety_house": [
        ("people.*.zone", "roof"),
        ("people.*.by", "parent"),
        ("people.*.sticker", "dragon"),
        ("people.*.only_with_safe_adult", None),
        ("rules.*.by", "parent"),
        ("rules.*.sticker", "dragon"),
        ("path.*.who", "teacher"),
        ("path.*.number", SAFETY_HOUSE["path"][1] + 1),
        ("path.*.number", SAFETY_HOUSE["path"][0] - 1),
        ("path.*.number", 5.5),
        ("session.seen_alone", None),
        ("faces", None),
    ],
    "picture_sort": [
        ("board.shape", "circle"),
        ("board.columns.*.leaning", "great"),
        ("cards.*.by", "parent"),
        ("cards.*.language", "fr"),
        ("moves.*.how", "thought"),
        ("notes.*.noted", "thought"),
        ("language", "fr"),
        ("set.save_for_team", None),
        ("moves.*.number", PICTURE_SORT["path"][1] + 1),
        ("moves.*.column", "upstairs"),
    ],
    "letter": [("language", "fr")],
}
WISH_FIELDS = {
    "three_houses": ["houses.*.share", "houses.*.words.*.share", "clips.*.share"],
    "safety_house": ["share", "people.*.share", "rules.*.share", "path.*.share"],
    "picture_sort": ["share"],
    "letter": ["heard.*.share", "drawings.*.share"],
}
BAD_WISHES = [["parents", "parents"], ["everyone"], "yes", None, ["network", "conference", "network"]]
TIME_FIELDS = {
    "three_houses": [
        "session.started_at",
        "houses.*.words.*.at",
        "consent.parent.at",
        "consent.child.at",
        "consent.explainer.shown_at",
        "clips.*.started_at",
        "clips.*.moments.*.at",
    ],
    "network": ["members.*.fields.*.at", "removed.*.at"],
    "safety_house": ["session.started_at", "people.*.at", "rules.*.at", "path.*.at"],
    "picture_sort": ["session.started_at", "cards.*.at", "moves.*.at", "notes.*.at"],
    "letter": ["source.done_at", "read_with_child"],
}
TIMES = [
    "1899-12-31T23:59:59.999Z",
    "2101-01-01T00:00:00.000Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "2026-02-29T10:00:00.000Z",
    "2024-02-29T10:00:00.000Z",
    "2026-04-31T10:00:00.000Z",
    "2026-11-23T24:00:00.000Z",
    "2026-11-23T10:00:00",
    "2026-11-23 10:00:00Z",
    "2026-11-23T10:00Z",
    "2026-11-23T10:00:00.1234567Z",
    "1900-01-01T00:00:00.000Z",
    "1899-12-31T12:00:00.000-12:00",
    "2101-01-01T13:59:59.999+14:00",
    "2100-12-31T23:59:59.999-00:30",
    "2026-11-23T10:00:00+24:00",
    "２０２６-11-23T10:00:00Z",
]
DAY_FIELDS = {"network": ["members.*.fields.informed.value"], "network_meeting": ["date", "next_meeting"]}
DAYS = ["1899-12-31", "1900-01-01", "2026-02-29", "2101-01-01", "2100-12-31", "2999-01-01", "2026-1-2", "20261123"]
# Lists the screens cap: (where, the most, how to make one more of an entry).
COUNTS = {
    "observation": [],
    "three_houses": [
        ("session.present", 20, lambda entry, n: entry),
        ("houses.*.words", 100, lambda entry, n: {**entry, "id": f"x{n}"}),
        ("clips.*.moments", 200, lambda entry, n: {**entry, "id": f"x{n}"}),
    ],
    "words_pictures": [
        ("pages", 50, lambda entry, n: {**entry, "id": f"x{n}", "drawing": None, "children": None}),
        ("agreed_words", 100, lambda entry, n: {**entry, "term": f"{entry['term'][:100]} {n}"}),
        ("version.took_part", 20, lambda entry, n: entry),
        ("version.agreed_by", 20, lambda entry, n: entry),
    ],
    "network": [
        (
            "members",
            200,
            lambda entry, n: {
                "id": f"m-x{n}",
                "fields": {**entry["fields"], "name": {**entry["fields"]["name"], "value": f"Person {n}"}},
            },
        )
    ],
    "network_meeting": [
        ("attended", 50, lambda entry, n: entry),
        ("agreed", 50, lambda entry, n: entry),
        ("agreed.*.responsible", 20, lambda entry, n: entry),
    ],
    "safety_house": [
        ("session.present", SAFETY_HOUSE["present_max"], lambda entry, n: entry),
        ("people", SAFETY_HOUSE["people_max"], lambda entry, n: {**entry, "id": f"x{n}"}),
        ("rules", SAFETY_HOUSE["rules_max"], lambda entry, n: {**entry, "id": f"x{n}"}),
        ("path", SAFETY_HOUSE["numbers_max"], lambda entry, n: {**entry, "who": "worker", "name": f"Worker {n}"}),
    ],
    "picture_sort": [
        ("session.present", PICTURE_SORT["present_max"], lambda entry, n: entry),
        ("notes", PICTURE_SORT["notes_max"], lambda entry, n: {**entry, "id": f"x{n}"}),
        ("moves", PICTURE_SORT["moves_max"], lambda entry, n: entry),
    ],
    "letter": [("others", LETTER["others_max"], lambda entry, n: {**entry, "id": f"o{n + 100}"})],
}
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\x0b", "\x0c"]
ONE_LINE_BREAKS = ["\t", "\n", "\r", "\r\n"]


def _too_long(value: str, limit: int) -> str:
    return value + "ŵ" * (limit + 1 - len(value))


@st.composite
def broken(draw, made):
    """`made` with one thing broken (or nothing: None), and what was done."""
    kind = made.document["kind"]
    content = copy.deepcopy(made.content)
    ways = (
        ["none", "text", "needed"]
        + ["choice"] * bool(CHOICES[kind])
        + ["wish"] * (kind in WISH_FIELDS)
        + ["time"] * (kind in TIME_FIELDS)
        + ["day"] * (kind in DAY_FIELDS)
        + ["count"] * bool(COUNTS[kind])
        + ["twice"] * (kind in ("network", "words_pictures"))
    )
    how = draw(st.sampled_from(ways))

    def pick(patterns):
        found = [path for pattern in patterns for path in spots(content, pattern)]
        return draw(st.sampled_from(found)) if found else None

    said = how
    if how == "text":
        where, limit, one_line = draw(st.sampled_from(TEXTS[kind]))
        path = pick([where])
        if path is not None:
            value = get_at(content, path)
            damage = draw(st.sampled_from(["long", "control"] + (["break"] if one_line else [])))
            if damage == "long":
                value = _too_long(value, limit)
            else:
                inserted = draw(st.sampled_from(CONTROLS if damage == "control" else ONE_LINE_BREAKS))
                value = value[: limit - len(inserted)]
                at = draw(st.integers(0, len(value)))
                value = value[:at] + inserted + value[at:]
            set_at(content, path, value)
            said = f"{damage} {path}"
    elif how == "needed":
        path = pick(NEEDED[kind])
        if path is not None:
            value = draw(st.sampled_from(["", " ", "\u00a0\n", "\ufeff"]))
            set_at(content, path, value)
            said = f"blank {path} {value!r}"
    elif how == "choice" and CHOICES[kind]:
        where, value = draw(st.sampled_from(CHOICES[kind]))
        path = pick([where])
        if path is not None:
            set_at(content, path, value)
            said = f"choice {path} = {value!r}"
    elif how == "wish" and kind in WISH_FIELDS:
        path = pick(WISH_FIELDS[kind])
        if path is not None:
            set_at(content, path, copy.deepcopy(draw(st.sampled_from(BAD_WISHES + WISHES))))
            said = f"wish {path} = {get_at(content, path)!r}"
    elif how == "time" and kind in TIME_FIELDS:
        path = pick(TIME_FIELDS[kind])
        if path is not None:
            set_at(content, path, draw(st.sampled_from(TIMES)))
            said = f"time {path} = {get_at(content, path)}"
    elif how == "day" and kind in DAY_FIELDS:
        path = pick(DAY_FIELDS[kind])
        if path is not None:
            value = draw(st.sampled_from(DAYS + [content.get("date", "2026-01-01")]))
            set_at(content, path, value)
            said = f"day {path} = {value}"
    elif how == "count" and COUNTS[kind]:
        where, most, another = draw(st.sampled_from(COUNTS[kind]))
        path = pick([where])
        if path is not None and get_at(content, path):
            entries = get_at(content, path)
            entries += [another(copy.deepcopy(entries[0]), n) for n in range(most + 1 - len(entries))]
            said = f"{len(entries)} in {path}"
    elif how == "twice":
        said = _twice(draw, kind, content)
    return Made({**made.document, "content": content}, made.parts), said


def _twice(draw, kind, content) -> str:
    """The same person's name, or the same agreed word, twice, written another way."""
    variants = [str.upper, str.lower, lambda name: f" {name} ", lambda name: name.replace("a", "â")]
    if kind == "network" and len(content["members"]) >= 2:
        name = content["members"][0]["fields"]["name"]["value"]
        content["members"][1]["fields"]["name"]["value"] = draw(st.sampled_from(variants))(name)[:80]
        return "the same name twice"
    if kind == "words_pictures" and content["agreed_words"]:
        if draw(st.booleans()):
            content["agreed_words"][0]["term"] = "Straße"
        term = content["agreed_words"][0]["term"]
        again = draw(st.sampled_from([term.upper(), term.lower(), term.replace("ß", "SS")]))
        content["agreed_words"].append({"term": again, "wording": "the same"})
        return f"the agreed word {again!r} twice"
    return "none"


# --- the tests ---------------------------------------------------------------------------------------


def agree(app, tablet, made, said: str) -> None:
    refusal = server_refusal(app, made)
    problems = tablet_problems(tablet, made)
    # pytest --hypothesis-show-statistics shows how many of each break were finishable.
    event(f"{said.split(' ', 1)[0]}: {'finishable' if refusal is None else 'refused'}")
    assert (refusal is None) == (not problems), (said, refusal, problems)
    unreadable = [problem for problem in problems if not readable(problem, made)]
    assert not unreadable, (said, unreadable)


@pytest.mark.parametrize("kind", GENERATED_KINDS)
def test_the_tablet_lets_a_document_be_finished_exactly_when_the_server_accepts_it(app, tablet, kind):
    assert set(GENERATED_KINDS) == set(KINDS)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.booleans().flatmap(lambda final: documents(kind, CHILD, NETWORK, final)).flatmap(broken))
    def agrees(case):
        made, said = case
        agree(app, tablet, made, said)

    agrees()


def test_every_sharing_wish_in_every_order_is_accepted_on_both_sides(app, tablet):
    """The tablet writes a wish in the order of its boxes; the server takes any order (ddaffa1)."""

    @settings(max_examples=1, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(three_houses_sessions(CHILD, final=True, consent=True))
    def base(made):
        found.append(made)

    found = []
    base()
    made = found[0]
    for wish in WISHES:
        content = copy.deepcopy(made.content)
        for house in content["houses"]:
            house["share"] = copy.deepcopy(wish)
            for word in house["words"]:
                word["share"] = copy.deepcopy(wish)
        for clip in content["clips"]:
            clip["share"] = copy.deepcopy(wish)
        shared = Made({**made.document, "content": content}, made.parts)
        assert server_refusal(app, shared) is None, wish
        assert tablet_problems(tablet, shared) == [], wish


def test_the_tablet_s_own_new_documents_are_drafts_the_server_accepts(app, tablet):
    """What each tool starts a draft with, and a Words and Pictures version carried on, is a draft
    the server takes; none can be finished yet, on either side."""
    started = tablet.evaluate(
        """async (child) => {
            // A tool drafted from other work (the letter) starts from a session with nothing in it.
            const empty = { id: crypto.randomUUID(), kind: 'three_houses', part: () => null,
                heard: () => ({ done_at: null, words: [], drawings: [] }) };
            const started = {};
            for (const [kind, tool] of Object.entries(tools)) {
                started[kind] = tool.draftFrom ? (await tool.draftFrom(empty, child, null)).content : tool.initialContent(child, null);
            }
            return started;
        }""",
        CHILD,
    )
    assert set(started) == set(KINDS)
    for kind, content in started.items():
        with app.app_context():
            KINDS[kind].validate(content, {}, final=False)
        made = Made(
            {
                "schema": 1,
                "kind": kind,
                "child_id": CHILD,
                "created_at": "2026-11-23T10:00:00.000Z",
                "supersedes": None,
                "content": content,
            }
        )
        assert server_refusal(app, made) is not None, kind
        assert tablet_problems(tablet, made), kind

    @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(words_pictures_versions(CHILD, final=True))
    def carried_on(made):
        made.content["version"]["number"] = 7
        assert server_refusal(app, made) is None
        following = tablet.evaluate("(content) => tools.words_pictures.nextVersion({ content })", made.content)
        assert following["content"]["version"]["number"] == 8
        with app.app_context():
            KINDS["words_pictures"].validate(following["content"], made.media_types(), final=False)
        carried = Made({**made.document, "content": following["content"]}, made.parts)
        assert server_refusal(app, carried) is not None  # who took part in the new version is still to say
        assert "Say who took part in this version" in tablet_problems(tablet, carried)

    carried_on()


# A letter to the child drafted, on the tablet, from a finished session (docs/letter.md): the tool's
# heardFrom and the letter's draftFrom, as the home screen's offer runs them.
LETTER_FROM = """async ({ kind, document, parts }) => {
    await (await import('/static/js/ink/draw.js')).loadArtwork();
    const bytes = (data) => Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const base64 = (array) => btoa(Array.from(array, (byte) => String.fromCharCode(byte)).join(''));
    const draft = { id: crypto.randomUUID(), kind, child_id: document.child_id, created_at: document.created_at,
        supersedes: null, content: document.content,
        parts: parts.map(([name, media_type, data]) => ({ name, media_type, bytes: bytes(data) })) };
    const source = { id: draft.id, kind, heard: (language) => tools[kind].heardFrom(draft, language),
        part: (name) => draft.parts.find((part) => part.name === name) || null };
    const letter = await tools.letter.draftFrom(source, document.child_id, null);
    return { content: letter.content, parts: letter.parts.map((part) => [part.name, part.media_type, base64(part.bytes)]) };
}"""


@pytest.mark.parametrize("kind", ["three_houses", "safety_house", "picture_sort"])
def test_a_letter_drafted_from_any_session_is_one_the_server_takes_with_the_childs_words_exact(app, tablet, kind):
    """Whatever the session held, the letter drafted from it is a draft the server accepts, its
    drawings decode on their outlines, and every word in it is one of the session's, exactly."""

    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(documents(kind, CHILD, NETWORK, True))
    def drafts(made):
        parts = [[name, media_type, base64.b64encode(data).decode()] for name, media_type, data in made.parts]
        letter = tablet.evaluate(LETTER_FROM, {"kind": kind, "document": made.document, "parts": parts})
        content = letter["content"]
        plain = {name: base64.b64decode(data) for name, _media, data in letter["parts"]}
        with app.app_context():
            KINDS["letter"].validate(content, {name: media for name, media, _data in letter["parts"]}, final=False)
            KINDS["letter"].check_parts(content, plain, final=False)
        said = json.dumps(made.document["content"], ensure_ascii=False)
        for word in content["heard"]:
            assert json.dumps(word["words"], ensure_ascii=False)[1:-1] in said, word
        assert content["source"] == {
            "id": content["source"]["id"],
            "kind": kind,
            "done_at": made.content["session"]["started_at"],
        }

    drafts()


def test_who_will_see_each_wish_is_said_alike_on_the_tablet_and_the_server(app, tablet):
    """A letter holding one of the child's words for each answer a wish can have (not asked, nobody,
    every set of audiences, each set in every order) says "Who will see this" alike on the tablet (model.whoSees, shown
    to the child) and the server (wording.who_will_see, printed): the same groups in the same order,
    each with the same people and words; and each audience's copy names only what it may have."""
    from sofs_direct.tools.letter import audience as letter_audience
    from sofs_direct.tools.letter.wording import who_will_see

    heard = [
        {"id": f"h{n}", "words": f"Words {n}", "where": "", "by": "child", "symbol": None, "share": wish, "shown": True}
        for n, wish in enumerate(reversed(WISHES), start=1)
    ]
    content = {"heard": heard, "drawings": [], "language": "en"}
    on_tablet = tablet.evaluate(
        """async (content) => (await import('/static/js/tools/letter/model.js')).whoSees(content, 'en')
            .map((group) => [group.words, group.audiences, group.things])""",
        content,
    )
    with app.test_request_context():
        on_server = [[group["says"], group["people"], group["things"]] for group in who_will_see(content)]
        assert on_tablet == on_server
        assert on_server[0][0].startswith("Nobody else will see this") and on_server[-1][0].startswith("We have not")
        assert len(on_server) == 9  # not asked, nobody, and the 7 sets: a set in another order is the same
        for name in ("parents", "network", "conference"):
            copy_for = copy.deepcopy(content)
            letter_audience.for_audience(copy_for, name)
            said = [thing for group in who_will_see(copy_for) for thing in group["things"]]
            allowed = [word["words"] for word in heard if isinstance(word["share"], list) and name in word["share"]]
            assert sorted(said) == sorted(allowed), name
