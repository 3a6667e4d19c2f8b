"""The Three Houses artefact: what docs/three-houses.md allows is stored exactly as the child said it,
everything else is refused with a sentence the worker can act on, and nothing refused is half-stored."""

import copy
import itertools
import json
import re

import pytest

from sofs_direct import quality
from sofs_direct.artefacts import store
from sofs_direct.artefacts.kinds import KINDS
from sofs_direct.artefacts.sharing import check_wish, describe_wish
from sofs_direct.paper import ink
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import three_houses
from sofs_direct.tools.three_houses import renders
from sofs_direct.tools.three_houses.session import house_name, refusal_statement, refused_only
from tests.conftest import child_ids, signed_in
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet, photo, refused_and_kept, stored
from tests.tablet_client import DELETE, change, word
from tests.tablet_client import three_houses as document_of

INK = ink.MEDIA_TYPE
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"


pytestmark = pytest.mark.usefixtures("app_context")


def scribble(points=((400, 400), (1200, 900), (2000, 1600)), colour=1) -> bytes:
    """A drawing with one pen stroke, in the ink format."""
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": colour,
                "size": 1,
                "pressure": False,
                "t": 0,
                "points": [(x, y, 0, index * 16) for index, (x, y) in enumerate(points)],
            }
        ]
    )


def content(**houses):
    return document_of(CHILD, houses=houses)["content"]


def refused(value, parts=None, final=True) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        three_houses.validate(value, parts or {}, final=final)
    return caught.value.reason


# --- what passes ------------------------------------------------------------------------------


def test_the_kind_is_registered():
    assert KINDS["three_houses"] is three_houses and str(three_houses.LABEL) == "Three Houses"


def test_an_untouched_draft_passes_but_cannot_be_finalised():
    draft = document_of(CHILD, session={"place": "", "seen_alone": None, "parental_agreement": "not-asked"}, order=[])[
        "content"
    ]
    three_houses.validate(draft, {}, final=False)
    assert "Record where the session happened" in refused(draft)


def test_a_full_session_passes():
    value = document_of(
        CHILD,
        order=["worries", "good"],
        theme="fairy",
        houses={
            "good": {
                "name": "My happy place",
                "symbol": "sun",
                "ink": "ink-good",
                "photos": ["photo-good-1"],
                "words": [word("w1", "Nain's garden\nand the swing"), word("w2", "Pizza", "worker", ["parents"])],
                "share": ["conference", "parents"],
            },
            "worries": {
                "words": [word("w3", "When Dad shouts", share=[])],
                "observations": "Went quiet.\tLooked down.",
                "reflection": "Worried about: shouting at home",
            },
        },
        session={
            "present": [{"name": "Sam Jones", "role": "teaching assistant"}],
            "seen_alone": False,
            "parental_agreement": "agreed",
            "agreement_by": "Kerry Smith, mother",
        },
    )["content"]
    three_houses.validate(value, {"ink-good": INK, "photo-good-1": "image/jpeg"}, final=True)


# --- every rule, refused readably -----------------------------------------------------------------

W = [word("w1", "Mum")]

RULES = {
    # (change, message fragment, parts)
    "content not an object": (lambda v: v.clear() or v.update(theme="houses"), "is missing: order", {}),
    "unknown field": (change("colour", "red"), "fields this server does not know: colour", {}),
    "theme unknown": (change("theme", "space"), "theme must be houses, fairy or wizard", {}),
    "order names a house twice": (change("order", ["good", "good"]), "at most once", {}),
    "order names no house": (change("order", ["garden"]), "at most once", {}),
    "order not a list": (change("order", "good"), "at most once", {}),
    "two houses": (lambda v: v["houses"].pop(), "exactly three houses", {}),
    "houses out of order": (lambda v: v["houses"].reverse(), "in that order", {}),
    "house unknown field": (change("houses.0.mood", "happy"), "The House of Good Things has fields", {}),
    "house missing field": (change("houses.1.share", DELETE), "The House of Worries is missing: share", {}),
    "name too long": (change("houses.0.name", "n" * 61), "60 characters or fewer", {}),
    "name on two lines": (change("houses.0.name", "My\nhouse"), "must be on one line", {}),
    "name not text": (change("houses.0.name", 7), "must be text", {}),
    "symbol unknown": (change("houses.2.symbol", "unicorn"), "symbol this server does not know: unicorn", {}),
    "question too long": (change("houses.0.question", "q" * 501), "500 characters or fewer", {}),
    "ink misnamed": (change("houses.0.ink", "ink-worries"), "must be named ink-good", {"ink-worries": INK}),
    "ink not sent": (change("houses.0.ink", "ink-good"), "drawing of the House of Good Things was not sent", {}),
    "ink sent as a photo": (change("houses.0.ink", "ink-good"), "is not a drawing", {"ink-good": "image/png"}),
    "photo not sent": (change("houses.0.photos", ["photo-good-1"]), "photo photo-good-1 was not sent", {}),
    "photo sent as ink": (change("houses.0.photos", ["photo-good-1"]), "is not a photo", {"photo-good-1": INK}),
    "five photos": (
        change("houses.0.photos", [f"p-{n}" for n in range(5)]),
        "at most 4",
        {f"p-{n}": "image/jpeg" for n in range(5)},
    ),
    "photo named twice": (
        lambda v: (v["houses"][0].update(photos=["p"]), v["houses"][1].update(photos=["p"])),
        "names the part p twice",
        {"p": "image/jpeg"},
    ),
    "photo name a path": (change("houses.0.photos", ["../etc"]), "list of part names", {}),
    "part not named": (lambda v: None, "does not use: photo-extra", {"photo-extra": "image/jpeg"}),
    "words not a list": (change("houses.0.words", "Mum"), "words of the House of Good Things must be a list", {}),
    "101 words": (change("houses.0.words", [word(f"w{n}", "x") for n in range(101)]), "at most 100", {}),
    "word unknown field": (change("houses.0.words", [{**W[0], "mood": "sad"}]), "fields this server does not know", {}),
    "word id capitals": (change("houses.0.words", [{**W[0], "id": "W1"}]), "1 to 40 lowercase letters", {}),
    "word id repeated across houses": (
        lambda v: (v["houses"][0].update(words=W), v["houses"][2].update(words=W)),
        "Two words have the same id, w1",
        {},
    ),
    "word empty": (change("houses.0.words", [word("w1", "")]), "The word w1 in the House of Good Things is empty", {}),
    "word 5001 characters": (change("houses.0.words", [word("w1", "a" * 5001)]), "5000 characters or fewer", {}),
    "word by someone else": (change("houses.0.words", [word("w1", "Mum", by="parent")]), "child or worker", {}),
    "word wish unknown": (
        change("houses.0.words", [word("w1", "Mum", share=["school"])]),
        "names someone this server does not know: school",
        {},
    ),
    "word wish repeated": (
        change("houses.0.words", [word("w1", "Mum", share=["parents", "parents"])]),
        "the same people twice",
        {},
    ),
    "word wish yes": (change("houses.0.words", [word("w1", "Mum", share="yes")]), 'must be "ask" or a list', {}),
    "word time without zone": (
        change("houses.0.words", [word("w1", "Mum", at="2026-11-23T10:02:03")]),
        "date and time with its time zone",
        {},
    ),
    "observations too long": (change("houses.1.observations", "o" * 20001), "20000 characters or fewer", {}),
    "reflection control character": (change("houses.1.reflection", "a\x07b"), "control codes", {}),
    "house wish not a list": (change("houses.2.share", "parents"), "sharing wish for the House of Dreams", {}),
    "session unknown field": (change("session.weather", "rain"), "session record has fields", {}),
    "started without zone": (change("session.started_at", "2026-11-23"), "When the session started", {}),
    "place on two lines": (change("session.place", "School\nroom"), "must be on one line", {}),
    "place too long": (change("session.place", "p" * 201), "200 characters or fewer", {}),
    "21 present": (change("session.present", [{"name": "A", "role": "B"}] * 21), "At most 20 people", {}),
    "present without role": (change("session.present", [{"name": "A"}]), "Person 1 present is missing: role", {}),
    "present name tab": (change("session.present", [{"name": "A\tB", "role": ""}]), "control codes", {}),
    "seen alone as 1": (change("session.seen_alone", 1), "seen alone must be yes, no or not recorded", {}),
    "agreement unknown": (change("session.parental_agreement", "maybe"), "agreed, refused, not needed", {}),
    "agreement by on two lines": (change("session.agreement_by", "Kerry\nmother"), "must be on one line", {}),
    "how it went too long": (change("session.how_it_went", "h" * 20001), "20000 characters or fewer", {}),
    # finalising
    "final without place": (change("session.place", "   "), "Record where the session happened", {}),
    "final without seen alone": (change("session.seen_alone", None), "whether the child was seen alone", {}),
    "final agreement not asked": (
        change("session.parental_agreement", "not-asked"),
        "Record the parental agreement",
        {},
    ),
    "final agreed by nobody": (change("session.parental_agreement", "agreed"), "Record who agreed or refused", {}),
    "final with nothing in any house": (lambda v: None, "Nothing has been drawn, photographed or written", {}),
}


@pytest.mark.parametrize("name", RULES)
def test_every_rule_is_refused_with_a_readable_sentence(name):
    change, message, parts = RULES[name]
    value = content(good={"words": [word("w0", "My cat")]}) if not name.startswith("final with nothing") else content()
    if name in ("word id repeated across houses", "101 words", "word empty"):
        value["houses"][0]["words"] = []
    change(value)
    reason = refused(value, parts)
    assert message in reason, reason
    assert len(reason) < 300 and "Traceback" not in reason


def test_drafts_skip_only_the_finalising_rules():
    draft = content()
    draft["session"].update(place="", seen_alone=None, parental_agreement="agreed", agreement_by="")
    three_houses.validate(draft, {}, final=False)
    draft["session"]["place"] = "a\nb"
    assert "one line" in refused(draft, final=False)


def test_a_content_that_is_not_an_object_is_refused():
    for value in (None, [], "houses", 3):
        assert "must be an object" in refused(value)


# --- the child's words, however hostile, are stored exactly or refused ----------------------------

HOSTILE = [
    "<script>alert('x')</script>",
    "{{ 7 * 7 }}",
    "Mam ❤️ 🏳️‍🌈",
    "\u202eevil\u202c",
    "‏مرحبا بابا‎",
    "שלום",
    "Rwy'n hoffi ŵyn bach",
    "line one\r\nline two\n\ttabbed",
    "a" * 5000,
    "'; DROP TABLE words; --",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_words_are_accepted_exactly_as_they_are(text):
    value = content(worries={"words": [word("w1", text)]})
    snapshot = copy.deepcopy(value)
    three_houses.validate(value, {}, final=True)
    assert value == snapshot


@pytest.mark.parametrize("text", ["nul\x00byte", "bell\x07", "escape\x1b[31m", "c1\x85", "delete\x7f"])
def test_control_characters_in_words_are_refused(text):
    assert "control codes" in refused(content(worries={"words": [word("w1", text)]}))


def test_a_megabyte_of_words_is_refused_not_truncated():
    assert "5000 characters or fewer (it has 1048576)" in refused(
        content(worries={"words": [word("w1", "x" * 1024 * 1024)]})
    )


# --- the sharing wish ------------------------------------------------------------------------------


def test_the_sharing_wish_is_described_in_plain_words():
    assert describe_wish("ask") == "Not asked yet"
    assert describe_wish([]) == "Nobody"
    assert describe_wish(["parents"]) == "Parents"
    assert describe_wish(["conference", "parents"]) == "Parents and conference"
    assert describe_wish(["conference", "network", "parents"]) == "Parents, safety network and conference"
    for wish in ("ask", [], ["conference", "network", "parents"]):
        check_wish(wish, "the drawing")
    with pytest.raises(DocumentInvalid, match="the drawing"):
        check_wish(None, "the drawing")


# --- parts -----------------------------------------------------------------------------------------


def test_check_parts_decodes_each_drawing_for_the_themes_outline():
    value = content(good={"ink": "ink-good"}, dreams={"photos": ["photo-dreams-1"]})
    three_houses.check_parts(value, {"ink-good": scribble(), "photo-dreams-1": photo("JPEG")})
    # Region 5 exists on the house outline but not on the fairy theme's bubble (two regions).
    fill = ink.encode([{"op": "fill", "region": 5, "colour": 2, "t": 10}])
    three_houses.check_parts(value, {"ink-good": fill, "photo-dreams-1": photo("JPEG")})
    value["theme"] = "fairy"
    with pytest.raises(DocumentInvalid, match="drawing of the House of Good Things cannot be read"):
        three_houses.check_parts(value, {"ink-good": fill, "photo-dreams-1": photo("JPEG")})


def test_a_finalised_session_whose_only_drawing_is_empty_is_refused():
    value = content(good={"ink": "ink-good"})
    three_houses.check_parts(value, {"ink-good": ink.encode([])}, final=False)
    with pytest.raises(DocumentInvalid, match="Nothing has been drawn"):
        three_houses.check_parts(value, {"ink-good": ink.encode([])}, final=True)
    three_houses.check_parts(value, {"ink-good": scribble()}, final=True)


# --- through the real ingest -----------------------------------------------------------------------


class Tablet(StoreTablet):
    """demo.worker's tablet, with Maisie's id at hand."""

    def __init__(self, db):
        super().__init__(db, "demo.worker", "Blue tablet")
        self.child = child_ids(db)["Maisie"]


def test_a_finalised_session_with_drawings_and_a_photo_is_stored_exactly(app, db):
    tablet, parts_dir = Tablet(db), app.config["PARTS_DIR"]
    drawing, paper = scribble(), photo("JPEG")
    document = document_of(
        tablet.child,
        houses={
            "good": {"ink": "ink-good", "words": [word("w1", "<b>Nain</b> & Taid's farm\nŵyn bach")]},
            "worries": {"photos": ["photo-worries-1"], "words": [word("w2", "‏مرحبا", by="worker", share=[])]},
        },
        order=["worries", "good", "dreams"],
    )
    upload = tablet.upload(document, [("ink-good", INK, drawing), ("photo-worries-1", "image/jpeg", paper)])
    receipt = tablet.ingest(upload, parts_dir)
    assert receipt.status == "stored"
    row = store.get(db, upload.id)
    assert row["kind"] == "three_houses" and row["flag"] is None
    assert json.loads(row["document"]) == document
    assert store.read_part(db, upload.id, "ink-good", parts_dir) == drawing
    assert store.read_part(db, upload.id, "photo-worries-1", parts_dir) == paper


@pytest.mark.parametrize(
    "bad_drawing, why",
    [
        (b"SINK\x01\x07", "op 1"),  # an unknown op code
        (b"SINK\x02", "version 2"),
        (b"SINK\x01\x02\x00\x10\x10\x64\x00", "op 1"),  # a stamp 25 units wide: too small
    ],
)
def test_a_session_with_a_drawing_that_does_not_decode_is_refused_as_a_draft_and_kept_when_finished(
    app, db, bad_drawing, why
):
    tablet, parts_dir = Tablet(db), app.config["PARTS_DIR"]
    document = document_of(tablet.child, houses={"good": {"ink": "ink-good", "words": [word("w1", "Mum")]}})
    refusal = refused_and_kept(tablet, document, parts_dir, [("ink-good", INK, bad_drawing)])
    assert (refusal.status, refusal.error) == (422, "bad_part")
    assert "drawing of the House of Good Things cannot be read" in refusal.message
    assert why in refusal.message.lower()


def test_a_session_refused_by_its_schema_is_a_422_naming_the_problem(app, db):
    tablet, parts_dir = Tablet(db), app.config["PARTS_DIR"]
    document = document_of(tablet.child, houses={"worries": {"words": [word("w1", "Shouting\x00")]}})
    refusal = refused_and_kept(tablet, document, parts_dir)
    assert (refusal.status, refusal.error) == (422, "invalid_document")
    assert "The word w1 in the House of Worries" in refusal.message


def test_a_draft_snapshot_may_be_incomplete(app, db):
    tablet, parts_dir = Tablet(db), app.config["PARTS_DIR"]
    document = document_of(
        tablet.child, session={"place": "", "seen_alone": None, "parental_agreement": "not-asked"}, order=["dreams"]
    )
    receipt = tablet.ingest(tablet.upload(document, state="draft", draft_version=1), parts_dir)
    assert receipt.status == "stored" and stored(db, parts_dir)["draft_snapshots"] == 1


@pytest.mark.parametrize(
    "share",
    [list(combo) for size in range(4) for combo in itertools.permutations(("parents", "network", "conference"), size)],
)
def test_every_sharing_wish_in_any_order_is_accepted(share):
    """A wish is a set: every choice of the boxes, in whatever order the tablet lists it, is kept
    (the tablet lists screen order; a server insisting on another refused such sessions for ever)."""
    value = content(worries={"words": [word("w1", "Mum", share=share)], "share": share})
    three_houses.validate(value, {}, final=True)


# --- a parent's refusal is a record of its own (issue 13) ------------------------------------------

REFUSAL = {"place": "At home", "seen_alone": None, "parental_agreement": "refused", "agreement_by": "Rob Jones (Dad)"}
NOTHING_DONE = "The parent or carer did not agree to this session, so nothing was done with the child."


def test_a_refusal_with_nothing_in_the_houses_can_be_finished_as_just_that():
    value = document_of(CHILD, session=REFUSAL)["content"]
    three_houses.validate(value, {}, final=True)
    three_houses.check_parts(value, {}, final=True)
    assert refused_only(value) and refusal_statement(value) == NOTHING_DONE

    # What a court reader needs is still needed: where, and who refused.
    def session(**changes):
        return document_of(CHILD, session={**REFUSAL, **changes})["content"]

    assert "Record where the session happened" in refused(session(place=" "))
    assert "Record who agreed or refused" in refused(session(agreement_by=""))
    # Without a refusal, an empty session is still refused; with work done, the child must have been seen.
    assert "Nothing has been drawn" in refused(session(parental_agreement="not-needed", seen_alone=True))
    went_ahead = document_of(CHILD, session=REFUSAL, houses={"good": {"words": [word("w1", "Cat")]}})["content"]
    assert "whether the child was seen alone" in refused(went_ahead)
    assert refusal_statement(went_ahead) == ("The parent or carer did not agree to this session, but it went ahead.")
    assert refusal_statement(content()) == ""


def test_a_child_who_said_no_today_is_a_finished_record_of_its_own(app, db):
    """The child's own "no" reaches the record as a parent's does: nothing stranded under "not finished"."""
    consent = {
        "parent": None,
        "explainer": None,
        "child": {"assent": "declined", "how": "spoken", "audio": None, "at": "2026-11-23T10:01:00.000Z"},
    }
    declined = document_of(CHILD, session={"parental_agreement": "not-needed", "seen_alone": True})
    declined["content"].update(consent=consent, clips=[])
    value = declined["content"]
    three_houses.validate(value, {}, final=True)
    three_houses.check_parts(value, {}, final=True)
    statement = "The child did not want to take part today, so nothing was done with them."
    assert refused_only(value) and refusal_statement(value) == statement
    assert "whether the child was seen alone" in refused({**value, "session": {**value["session"], "seen_alone": None}})
    tablet = Tablet(db)
    declined["child_id"] = tablet.child
    artefact_id = tablet.store(declined, app.config["PARTS_DIR"])
    page = signed_in(app, "demo.worker").get(f"/children/{tablet.child}/records/{artefact_id}").get_data(as_text=True)
    assert statement in page and "Nothing was drawn in this house" not in page
    assert quality.last_voice(db, [tablet.child], quality.date.today()) == {}  # not the child's voice captured


def test_the_fairy_and_the_wizard_name_bubbles_on_the_record():
    value = content(worries={"words": [word("w1", "Shouting")]})
    value["theme"] = "fairy"
    assert house_name("worries", "fairy") == "Worries bubble"
    assert house_name("worries") == "House of Worries"
    sheet = renders.sheet({"content": value}, {}, "Maisie", "Dana Worker")
    assert sheet.title == "My Three Bubbles"
    assert [column.heading for column in sheet.columns] == ["Good things bubble", "Worries bubble", "Dreams bubble"]


class Refusal:
    """Maisie's sessions as the demo worker's tablet sent them: a refusal with nothing done, and a
    fairy session with words in the Worries bubble."""

    def __init__(self, app, db):
        self.tablet = Tablet(db)
        self.child = self.tablet.child
        self.refused = self.tablet.store(document_of(self.child, session=REFUSAL), app.config["PARTS_DIR"])
        fairy = document_of(self.child, theme="fairy", houses={"worries": {"words": [word("w1", "Shouting")]}})
        self.fairy = self.tablet.store(fairy, app.config["PARTS_DIR"])

    def url(self, artefact_id, path=""):
        return f"/children/{self.child}/records/{artefact_id}{path}"


def test_a_refusal_reads_plainly_on_every_page_sheet_and_export(app, db):
    sessions = Refusal(app, db)
    worker = signed_in(app, "demo.worker")
    page = worker.get(sessions.url(sessions.refused)).get_data(as_text=True)
    assert NOTHING_DONE in page and "Refused by Rob Jones (Dad)" in page
    assert "Nothing was drawn in this house" not in page and "House of Good Things" not in page
    for path in ("", "/timeline"):  # the child's page and the timeline
        listed = worker.get(f"/children/{sessions.child}{path}").get_data(as_text=True)
        assert NOTHING_DONE in listed and "Nothing has been recorded" not in listed, path
    sheet = worker.get(sessions.url(sessions.refused, "/sheet.pdf"))
    text = pdf_text(sheet.data)
    assert sheet.status_code == 200 and NOTHING_DONE in text and "Refused by Rob Jones (Dad)" in text
    assert "No words written down" not in text and "House of" not in text
    assert worker.get(sessions.url(sessions.refused, "/sheet.png")).status_code == 200
    for audience in ("record", "parents"):
        export = worker.get(sessions.url(sessions.refused, f"/export?audience={audience}&file_type=pdf"))
        [link] = re.findall(r'href="(/children/[^"]+/export/[^"]+)"', export.get_data(as_text=True))
        text = pdf_text(worker.get(link).data)
        assert NOTHING_DONE in text and "No words" not in text, audience
    # Not the child's voice captured: a child with only a refusal is still flagged to the manager.
    tomos = child_ids(db)["Tomos"]
    sessions.tablet.store(document_of(tomos, session=REFUSAL), app.config["PARTS_DIR"])
    found = quality.last_voice(db, [sessions.child, tomos], quality.date.today())
    assert found[sessions.child]["artefact_id"] == sessions.fairy and tomos not in found


def test_a_refusal_that_went_ahead_never_reads_as_nothing_done_even_with_everything_withheld(app, db):
    tablet = Tablet(db)
    session = {**REFUSAL, "seen_alone": False}
    artefact_id = tablet.store(
        document_of(tablet.child, session=session, houses={"good": {"words": [word("w1", "Cat", share=[])]}}),
        app.config["PARTS_DIR"],
    )
    worker = signed_in(app, "demo.worker")
    export = worker.get(f"/children/{tablet.child}/records/{artefact_id}/export?audience=parents&file_type=pdf")
    [link] = re.findall(r'href="(/children/[^"]+/export/[^"]+)"', export.get_data(as_text=True))
    text = pdf_text(worker.get(link).data)
    assert "but it went ahead" in text and "nothing was done" not in text and "Cat" not in text


def test_the_fairy_sessions_record_and_sheet_use_the_names_the_child_saw(app, db):
    sessions = Refusal(app, db)
    worker = signed_in(app, "demo.worker")
    page = worker.get(sessions.url(sessions.fairy)).get_data(as_text=True)
    assert "Worries bubble" in page and "House of Worries" not in page
    text = pdf_text(worker.get(sessions.url(sessions.fairy, "/sheet.pdf")).data)
    assert "My Three Bubbles" in text and "Worries bubble" in text and "House of" not in text
    timeline = worker.get(f"/children/{sessions.child}/timeline").get_data(as_text=True)
    assert "Worries bubble: Not asked yet" in timeline
