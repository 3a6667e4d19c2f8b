"""Words and Pictures: what docs/words-and-pictures.md allows is stored exactly as the family wrote
it and everything else is refused with a sentence the worker can act on, nothing half-stored; the
booklet prints every page in order as real text (Welsh included); and the worker sees each version,
the professional words flagged, and two versions compared, while nobody else can tell it exists."""

import copy
import io
import json
import math
import random
import re
import uuid

import pytest
from PIL import Image

from sofs_direct.artefacts import store
from sofs_direct.artefacts.kinds import KINDS
from sofs_direct.paper import ink
from sofs_direct.platform.db import write
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import words_pictures
from sofs_direct.tools.words_pictures import renders, versions
from tests.pages.test_records import Records, audit_actions, signed_in
from tests.paper.test_pdf import pdf_pages
from tests.sync_helpers import refused_and_kept
from tests.tablet_client import DELETE, change, observation
from tests.tablet_client import words_pictures as document_of

INK = ink.MEDIA_TYPE
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"
WELSH = "Rwy'n hoffi ŵyn bach. Mae'r ŷd yn felyn, â ê î ô û ï"
HOSTILE = "<script>window.gotYou = 1</script>\nand <b>bold</b> & “quotes”"


@pytest.fixture(autouse=True)
def in_app(request, app):
    """Plain functions run in an app context (their messages are translated); tests that use the
    test client must not have one pushed, or its requests would share it and its `g`."""
    if {"records", "boards"} & set(request.fixturenames):
        yield
        return
    with app.app_context():
        yield


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def scribble(seed=1, points=40, colour=1) -> bytes:
    """A drawing of one wandering pen stroke, in the ink format."""
    rng = random.Random(seed)
    x, y, stroke = 2000, 2000, []
    for index in range(points):
        stroke.append((x, y, 0, index * 16))
        x = min(4000, max(0, x + rng.randint(-120, 120)))
        y = min(4000, max(0, y + rng.randint(-120, 120)))
    return ink.encode(
        [{"op": "stroke", "tool": "pen", "colour": colour, "size": 1, "pressure": False, "t": 0, "points": stroke}]
    )


def content(pages=None, **options):
    return document_of(CHILD, pages=pages, **options)["content"]


def refused(value, parts=None, final=True) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        words_pictures.validate(value, parts or {}, final=final)
    return caught.value.reason


def drawn_page(number: int, text: str = "", kids: dict | None = None) -> dict:
    page = {"text": text, "drawing": f"ink-p{number}"}
    if kids is not None:
        page["children"] = {"name": "", "text": "", "drawing": None, **kids}
    return page


# --- what passes ------------------------------------------------------------------------------


def test_the_kind_is_registered():
    assert KINDS["words_pictures"] is words_pictures and str(words_pictures.LABEL) == "Words and Pictures"


def test_a_full_storyboard_passes():
    value = content(
        [
            {
                "id": "family",
                "hint": "family",
                "text": "This is our family.\nMum, Dad, Maisie and Tom.",
                "drawing": "ink-family",
            },
            {
                "id": "worries",
                "hint": "worries",
                "text": WELSH,
                "drawing": None,
                "children": {"name": "Maisie", "text": "I drew our dog", "drawing": "kids-worries"},
            },
            {"id": "p3", "hint": None, "text": "", "drawing": "ink-p3", "children": None},
        ],
        purpose="safety-plan",
        title="Our safety plan",
        language="cy",
        agreed_words=[
            {"term": "depression", "wording": "an illness called depression"},
            {"term": "alcohol", "wording": "drinking too much"},
        ],
        version={
            "number": 3,
            "agreed_by": [{"name": "Kerry Smith", "role": "Mum"}],
            "note": "Added\tpage 3",
            "read_to_children": True,
        },
    )
    words_pictures.validate(value, {"ink-family": INK, "kids-worries": INK, "ink-p3": INK}, final=True)


def test_a_draft_may_be_incomplete_but_a_version_may_not():
    draft = content([{"text": ""}], version={"took_part": []})
    words_pictures.validate(draft, {}, final=False)
    assert "Record who took part" in refused(draft)
    draft["pages"][0]["text"] = "Something happened."
    assert "Record who took part" in refused(draft)
    draft["version"]["took_part"] = [{"name": "  ", "role": "Mum"}]
    assert "Give the name of person 1 who took part" in refused(draft)
    draft["version"]["took_part"] = [{"name": "Kerry", "role": ""}]
    words_pictures.validate(draft, {}, final=True)


# --- every rule, refused readably -----------------------------------------------------------------

KIDS = {"name": "Maisie", "text": "Me", "drawing": None}
PERSON = {"name": "Kerry", "role": "Mum"}

RULES = {
    # (change, message fragment, parts)
    "unknown field": (change("colour", "red"), "fields this server does not know: colour", {}),
    "missing field": (change("agreed_words", DELETE), "is missing: agreed_words", {}),
    "purpose unknown": (change("purpose", "report"), "an explanation or a safety plan", {}),
    "title too long": (change("title", "t" * 121), "120 characters or fewer (it has 121)", {}),
    "title on two lines": (change("title", "Our\nstory"), "must be on one line", {}),
    "title not text": (change("title", None), "The title must be text", {}),
    "language unknown": (change("language", "fr"), "English (en) or Welsh (cy)", {}),
    "pages not a list": (change("pages", {"p1": {}}), "The pages must be a list", {}),
    "no pages": (change("pages", []), "needs at least one page", {}),
    "51 pages": (
        change(
            "pages", [{"id": f"p{n}", "hint": None, "text": "x", "drawing": None, "children": None} for n in range(51)]
        ),
        "A storyboard can have at most 50 pages (this one has 51)",
        {},
    ),
    "page not an object": (change("pages.0", "Once upon a time"), "Page 1 must be an object", {}),
    "page unknown field": (change("pages.0.colour", "red"), "Page 1 has fields this server does not know", {}),
    "page missing field": (change("pages.0.children", DELETE), "Page 1 is missing: children", {}),
    "page id capitals": (change("pages.0.id", "P1"), "Page 1 has an id that is not 1 to 40 lowercase", {}),
    "page id too long": (change("pages.0.id", "p" * 41), "Page 1 has an id that is not", {}),
    "page id a path": (change("pages.0.id", "../p1"), "Page 1 has an id that is not", {}),
    "page ids repeated": (
        lambda v: v["pages"].append(copy.deepcopy(v["pages"][0])),
        "Two pages have the same id, p1",
        {},
    ),
    "hint unknown": (change("pages.0.hint", "court"), "outline page this server does not know", {}),
    "text too long": (change("pages.0.text", "w" * 601), "The text of page 1 must be 600 characters or fewer", {}),
    "text not text": (change("pages.0.text", 600), "The text of page 1 must be text", {}),
    "text control character": (change("pages.0.text", "a\x07b"), "control codes", {}),
    "drawing misnamed": (
        change("pages.0.drawing", "ink-p2"),
        "drawing on page 1 must be named ink-p1",
        {"ink-p2": INK},
    ),
    "drawing not sent": (change("pages.0.drawing", "ink-p1"), "The drawing on page 1 was not sent", {}),
    "drawing sent as a photo": (
        change("pages.0.drawing", "ink-p1"),
        "The part ink-p1 is not a drawing",
        {"ink-p1": "image/png"},
    ),
    "part sent but not named": (lambda v: None, "does not use: ink-p9", {"ink-p9": INK}),
    "children not an object": (
        change("pages.0.children", "Maisie"),
        "What the children added to page 1 must be an object",
        {},
    ),
    "children unknown field": (change("pages.0.children", {**KIDS, "age": 8}), "fields this server does not know", {}),
    "child's name on two lines": (change("pages.0.children", {**KIDS, "name": "Maisie\nTom"}), "on one line", {}),
    "child's name too long": (change("pages.0.children", {**KIDS, "name": "n" * 61}), "60 characters or fewer", {}),
    "children's text too long": (
        change("pages.0.children", {**KIDS, "text": "k" * 601}),
        "What the children wrote on page 1 must be 600 characters or fewer",
        {},
    ),
    "children's drawing misnamed": (
        change("pages.0.children", {**KIDS, "drawing": "ink-p1"}),
        "children's drawing on page 1 must be named kids-p1",
        {"ink-p1": INK},
    ),
    "children's drawing not sent": (
        change("pages.0.children", {**KIDS, "drawing": "kids-p1"}),
        "children's drawing on page 1 was not sent",
        {},
    ),
    "agreed words not a list": (change("agreed_words", {"depression": "sad"}), "agreed words must be a list", {}),
    "101 agreed words": (
        change("agreed_words", [{"term": f"t{n}", "wording": "w"} for n in range(101)]),
        "at most 100 agreed words",
        {},
    ),
    "agreed word unknown field": (
        change("agreed_words", [{"term": "a", "wording": "b", "why": "c"}]),
        "Agreed word 1 has fields",
        {},
    ),
    "agreed term too long": (
        change("agreed_words", [{"term": "t" * 121, "wording": "b"}]),
        "term of agreed word 1 must be 120 characters or fewer",
        {},
    ),
    "agreed wording on two lines": (change("agreed_words", [{"term": "a", "wording": "b\nc"}]), "on one line", {}),
    "agreed terms repeated in another case": (
        change("agreed_words", [{"term": "Depression", "wording": "a"}, {"term": "dEPRESSION", "wording": "b"}]),
        "The term dEPRESSION is in the agreed words twice",
        {},
    ),
    "version unknown field": (change("version.date", "today"), "The version details has fields", {}),
    "version number 0": (change("version.number", 0), "whole number from 1", {}),
    "version number text": (change("version.number", "2"), "whole number from 1", {}),
    "version number true": (change("version.number", True), "whole number from 1", {}),
    "took part not a list": (change("version.took_part", "Kerry"), "must each be a list of people", {}),
    "21 took part": (
        change("version.took_part", [PERSON] * 21),
        "At most 20 people can be recorded as taking part",
        {},
    ),
    "21 agreed": (change("version.agreed_by", [PERSON] * 21), "At most 20 people can be recorded as agreeing", {}),
    "person without a role": (
        change("version.took_part", [{"name": "Kerry"}]),
        "Person 1 who took part is missing: role",
        {},
    ),
    "agreeing person's name with a tab": (
        change("version.agreed_by", [{"name": "K\tS", "role": ""}]),
        "The name of person 1 who agreed has special characters",
        {},
    ),
    "note too long": (change("version.note", "n" * 2001), "2000 characters or fewer", {}),
    "read to children as 1": (change("version.read_to_children", 1), "read to the children must be yes or no", {}),
    # finalising
    "final with nothing on any page": (
        lambda v: v["pages"][0].update(text="   "),
        "Nothing has been written or drawn",
        {},
    ),
    "final with nobody who took part": (change("version.took_part", []), "Record who took part", {}),
}


@pytest.mark.parametrize("name", RULES)
def test_every_rule_is_refused_with_a_readable_sentence(name):
    change, message, parts = RULES[name]
    value = content([{"text": "Mum and Dad love you."}])
    change(value)
    reason = refused(value, parts)
    assert message in reason, reason
    assert len(reason) < 300 and "Traceback" not in reason


def test_a_content_that_is_not_an_object_is_refused():
    for value in (None, [], "pages", 3):
        assert "must be an object" in refused(value)


def test_a_200_page_storyboard_is_refused_at_once_with_a_clear_message():
    pages = [{"id": f"p{n}", "hint": None, "text": "x" * 600, "drawing": None, "children": None} for n in range(200)]
    assert refused(content(pages)) == "A storyboard can have at most 50 pages (this one has 200)"
    # It is counted before any page is read: a thousand pages of nonsense get the same answer.
    nonsense = content()
    nonsense["pages"] = [None] * 1000
    assert refused(nonsense) == "A storyboard can have at most 50 pages (this one has 1000)"


def test_fifty_pages_pass():
    words_pictures.validate(content([{"text": f"Page {n}"} for n in range(50)]), {}, final=True)


def test_a_megabyte_of_text_is_refused_not_truncated():
    assert "600 characters or fewer (it has 1048576)" in refused(content([{"text": "x" * 1024 * 1024}]))


HOSTILE_TEXTS = [
    "<script>alert('x')</script>",
    "{{ 7 * 7 }}",
    "Mam ❤️ 🏳️‍🌈",
    "\u202eevil\u202c",
    "‏مرحبا بابا‎",
    WELSH,
    "line one\r\nline two\n\ttabbed",
    "a" * 600,
    "'; DROP TABLE pages; --",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_hostile_text_is_accepted_exactly_as_it_is(text):
    value = content(
        [{"text": text, "children": {"name": "Maisie", "text": text, "drawing": None}}],
        title=text.replace("\n", " ").replace("\r", " ").replace("\t", " ")[:120],
    )
    snapshot = copy.deepcopy(value)
    words_pictures.validate(value, {}, final=True)
    assert value == snapshot


@pytest.mark.parametrize("text", ["nul\x00byte", "bell\x07", "escape\x1b[31m", "c1\x85", "delete\x7f"])
def test_control_characters_are_refused_wherever_they_are(text):
    assert "control codes" in refused(content([{"text": text}]))
    assert "control codes" in refused(content([{"text": "ok", "children": {**KIDS, "text": text}}]))
    assert "control codes" in refused(content([{"text": "ok"}], title=text))
    assert "control codes" in refused(content([{"text": "ok"}], version={"note": text}))


# --- drawings ----------------------------------------------------------------------------------------


def test_check_parts_decodes_every_drawing_on_a_blank_page():
    value = content([drawn_page(1, kids={"drawing": "kids-p1"})])
    words_pictures.check_parts(value, {"ink-p1": scribble(1), "kids-p1": scribble(2)}, final=True)
    stamp = ink.encode([{"op": "stamp", "stamp": 0, "x": 2000, "y": 2000, "size": 800, "t": 0}])
    words_pictures.check_parts(value, {"ink-p1": stamp, "kids-p1": scribble(2)}, final=True)
    with pytest.raises(DocumentInvalid, match="children's drawing on page 1 cannot be read"):
        words_pictures.check_parts(value, {"ink-p1": scribble(1), "kids-p1": b"SINK\x01\x07"})


def test_a_fill_on_a_blank_page_is_refused():
    fill = ink.encode([{"op": "fill", "region": 0, "colour": 2, "t": 0}])
    with pytest.raises(DocumentInvalid, match="drawing on page 1 cannot be read: op 1 colours a part of a blank page"):
        words_pictures.check_parts(content([drawn_page(1)]), {"ink-p1": fill})


def test_a_version_whose_only_drawing_is_empty_and_has_no_words_is_refused():
    value = content([drawn_page(1)])
    words_pictures.check_parts(value, {"ink-p1": ink.encode([])}, final=False)
    with pytest.raises(DocumentInvalid, match="Nothing has been written or drawn"):
        words_pictures.check_parts(value, {"ink-p1": ink.encode([])}, final=True)
    words_pictures.check_parts(value, {"ink-p1": scribble()}, final=True)


# --- through the real ingest -----------------------------------------------------------------------


def test_a_storyboard_with_drawings_is_stored_exactly(app, db, records):
    document = document_of(
        records.children["Maisie"],
        pages=[
            drawn_page(1, "<b>Mam</b> & Dad\nŵyn bach"),
            drawn_page(2, kids={"name": "Maisie", "drawing": "kids-p2"}),
        ],
    )
    parts = [("ink-p1", INK, scribble(1)), ("ink-p2", INK, scribble(2)), ("kids-p2", INK, scribble(3))]
    artefact = records.sync(document, parts)
    row = store.get(db, artefact)
    assert row["kind"] == "words_pictures" and row["flag"] is None and row["supersedes"] is None
    assert json.loads(row["document"]) == document
    with app.app_context():
        assert store.read_part(db, artefact, "kids-p2", app.config["PARTS_DIR"]) == scribble(3)


@pytest.mark.parametrize(
    "document, parts, status, error, message",
    [
        (
            lambda child: document_of(child, pages=[drawn_page(1, "Hello")]),
            [("ink-p1", INK, b"SINK\x01\x07")],
            422,
            "bad_part",
            "The drawing on page 1 cannot be read",
        ),
        (
            lambda child: document_of(child, pages=[{"text": "x"}] * 200),
            [],
            422,
            "invalid_document",
            "A storyboard can have at most 50 pages (this one has 200)",
        ),
        (
            lambda child: document_of(child, pages=[{"text": "x" * 1024 * 1024}]),
            [],
            422,
            "invalid_document",
            "The text of page 1 must be 600 characters or fewer",
        ),
        (
            lambda child: document_of(child, pages=[{"text": "Mum\x00"}]),
            [],
            422,
            "invalid_document",
            "The text of page 1 has special characters",
        ),
        (
            lambda child: document_of(child, pages=[{"text": "Mum"}]),
            [("ink-p1", INK, scribble())],
            422,
            "invalid_document",
            "does not use: ink-p1",
        ),
    ],
    ids=["broken drawing", "200 pages", "a megabyte of text", "control character", "unnamed part"],
)
def test_a_refused_storyboard_is_a_422_naming_the_problem_and_nothing_is_stored(
    app, db, records, document, parts, status, error, message
):
    with app.app_context():
        refusal = refused_and_kept(records.tablet, document(records.children["Maisie"]), app.config["PARTS_DIR"], parts)
    assert (refusal.status, refusal.error) == (status, error)
    assert message in refusal.message


# --- the booklet -----------------------------------------------------------------------------------


def storyboard(pages=3, **options):
    """A storyboard of `pages` pages, each with a drawing and its own words; page 2 has additions."""
    built, parts = [], {}
    for number in range(1, pages + 1):
        kids = {"name": "Maisie", "text": "I drew Nain's dog", "drawing": "kids-p2"} if number == 2 else None
        built.append(drawn_page(number, f"Words of page {number}: Mum and Dad love you.", kids))
        parts[f"ink-p{number}"] = scribble(number)
    if pages >= 2:
        parts["kids-p2"] = scribble(99, colour=3)
    version = {"number": 2, "agreed_by": [{"name": "Kerry Smith", "role": "Mum"}]}
    return document_of(CHILD, pages=built, version=version, created_at="2026-11-23T10:00:00.000Z", **options), parts


def texts(pages) -> list[list[str]]:
    return [[text for _, text in page] for page in pages]


def test_the_booklet_prints_a_cover_then_every_page_in_order_as_real_text(app):
    document, parts = storyboard(3, title="Why Dana visits")
    with app.app_context():
        data = renders.booklet_pdf(document, parts, "A4", 1, known_as="Maisie")
    assert data.startswith(b"%PDF-") and b"/FontFile2" in data
    pages = texts(pdf_pages(data))
    assert len(pages) == 4
    cover = pages[0]
    assert cover[0] == "Why Dana visits"
    assert "Made by Kerry Smith and Dana Worker for Maisie" in cover
    assert "Version 2, 23 November 2026" in cover and "Agreed by Kerry Smith (Mum)" in cover
    for number in (1, 2, 3):
        page = pages[number]
        assert f"Words of page {number}: Mum and Dad love you." in page
        assert page[-1] != "" and f"Page {number} of 3" in page
    # The children's additions are on their page, marked as theirs, after the page's own words.
    second = pages[2]
    assert (
        second.index("Words of page 2: Mum and Dad love you.")
        < second.index("Added by Maisie")
        < second.index("I drew Nain's dog")
    )
    assert "Added by Maisie" not in pages[1] + pages[3]


def test_the_booklet_pdf_names_no_child_in_its_properties_and_has_every_drawing(app):
    document, parts = storyboard(3)
    with app.app_context():
        data = renders.booklet_pdf(document, parts, "A5", 1, known_as="Zebedee")
    assert b"/Title (Words and Pictures explanation)" in data and b"Zebedee" not in data.split(b"stream")[0]
    assert len(re.findall(rb"/Subtype /Image", data)) == 4  # three pages' drawings and the children's


@pytest.mark.parametrize(
    "paper, per_sheet, size",
    [
        ("A4", 1, (595.28, 841.89)),
        ("A4", 2, (841.89, 595.28)),
        ("A5", 1, (419.53, 595.28)),
        ("A5", 2, (595.28, 419.53)),
    ],
)
def test_the_booklet_has_a_page_a_panel_or_two_panels_a_landscape_sheet(app, paper, per_sheet, size):
    document, parts = storyboard(4)
    with app.app_context():
        data = renders.booklet_pdf(document, parts, paper, per_sheet, known_as="Maisie")
    pages = texts(pdf_pages(data))
    assert len(pages) == math.ceil(5 / per_sheet)
    boxes = {
        tuple(round(float(n), 2) for n in box) for box in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    }
    assert boxes == {size}
    # Every page's words are there, in order, however they are laid out.
    printed = [text for page in pages for text in page if text.startswith("Words of page")]
    assert printed == [f"Words of page {n}: Mum and Dad love you." for n in range(1, 5)]
    if per_sheet == 2:
        assert "Page 1 of 4" in pages[0] and "Page 2 of 4" in pages[1] and "Page 3 of 4" in pages[1]


def test_welsh_survives_in_the_booklet_and_its_fixed_words_are_in_the_storyboards_language(app):
    document, parts = storyboard(2, language="cy", title="Ein geiriau a'n lluniau: ŵyn")
    document["content"]["pages"][0]["text"] = WELSH
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data = renders.booklet_pdf(document, parts, "A4", 1, known_as="Siôn")
    pages = texts(pdf_pages(data))
    assert "Ein geiriau a'n lluniau: ŵyn" in pages[0] and WELSH in pages[1]
    assert "Tudalen 1 o 2" in pages[1]  # the booklet's own words in Welsh, though the worker reads English
    assert b"/Lang (cy)" in data


def test_long_words_on_a_small_panel_carry_on_and_nothing_is_cut(app):
    text = "\n".join(["ŵ"] * 300)  # 599 characters: 300 short lines, more than any panel holds
    document = document_of(CHILD, pages=[{"text": text}, {"text": "The end."}])
    with app.app_context():
        pages = texts(pdf_pages(renders.booklet_pdf(document, {}, "A5", 2)))
    printed = [line for page in pages for line in page if line == "ŵ"]
    assert len(printed) == 300
    assert "continued on the next page" in pages[0] and "(continued)" in pages[1]
    assert "The end." in pages[-1] and "Page 2 of 2" in pages[-1]
    assert all("Page 1 of 2" in page for page in pages[:-1])  # every part of page 1 says which page it is


def test_a_twelve_page_booklet_with_full_drawings_is_small_enough_to_send(app):
    pages, parts = [], {}
    for number in range(1, 13):
        pages.append(drawn_page(number, "Mum and Dad are getting help so that everyone is safe. " * 4))
        parts[f"ink-p{number}"] = ink.encode(
            [
                {
                    "op": "stroke",
                    "tool": "pen",
                    "colour": (number + k) % 12,
                    "size": k % 3,
                    "pressure": False,
                    "t": k * 1000,
                    "points": [
                        (200 + (k * 37 + i * 13) % 3600, 200 + (k * 53 + i * 29) % 3600, 0, k * 1000 + i)
                        for i in range(50)
                    ],
                }
                for k in range(40)
            ]
        )
    with app.app_context():
        data = renders.booklet_pdf(document_of(CHILD, pages=pages), parts, "A4", 1)
    assert len(data) <= 2 * 1024 * 1024
    assert len(pdf_pages(data)) == 13


def test_each_panel_is_a_picture_and_one_panel_needs_only_its_own_drawings(app):
    document, parts = storyboard(3)
    with app.app_context():
        images = renders.booklet_images(document, parts, "A4", known_as="Maisie", width_px=620)
        only = renders.booklet_images(
            document,
            {"ink-p2": parts["ink-p2"], "kids-p2": parts["kids-p2"]},
            known_as="Maisie",
            width_px=620,
            panels={2},
        )
    assert [image.size for image in images] == [(620, 877)] * 4
    assert len(only) == 1 and only[0].tobytes() == images[2].tobytes()
    # The children's band is on page 2 only.
    band = (255, 247, 214)
    assert band in {colour for _, colour in images[2].getcolors(1 << 20)}
    assert band not in {colour for _, colour in images[1].getcolors(1 << 20)}


# --- comparing versions ----------------------------------------------------------------------------


def test_the_word_diff_keeps_both_texts_exactly():
    before, after = "Mum was poorly.\nDad looked after us", "Mum was  very poorly.\nDad and Nain looked after us"
    pieces = versions.word_diff(before, after)
    assert "".join(text for op, text in pieces if op != "insert") == before
    assert "".join(text for op, text in pieces if op != "delete") == after
    assert pieces == [
        ("equal", "Mum was"),
        ("insert", "  very"),
        ("equal", " poorly.\nDad"),
        ("insert", " and Nain"),
        ("equal", " looked after us"),
    ]


def test_pages_are_matched_by_id_so_added_removed_and_moved_pages_show():
    older = content(
        [
            {"id": "a", "text": "One"},
            {"id": "b", "text": "Two"},
            {"id": "c", "text": "Three"},
            {"id": "d", "text": "Four"},
        ]
    )
    newer = content(
        [
            {"id": "c", "text": "Three"},
            {"id": "a", "text": "One!"},
            {"id": "b", "text": "Two"},
            {"id": "e", "text": "Five"},
        ]
    )
    rows = versions.compare(older, newer)
    assert [(row["id"], row["status"]) for row in rows] == [
        ("c", "moved"),
        ("a", "changed"),
        ("b", "same"),
        ("d", "removed"),
        ("e", "added"),
    ]
    moved = rows[0]
    assert (moved["old_number"], moved["new_number"], moved["changed"]) == (3, 1, False)
    assert rows[1]["changed"] and not rows[2]["changed"] and not rows[3]["changed"]
    assert rows[3]["new"] is None and rows[4]["old"] is None
    assert ("delete", "One") in rows[1]["text"] and ("insert", "One!") in rows[1]["text"]


def test_a_redrawn_page_is_changed_even_when_its_words_are_not():
    older, newer = content([drawn_page(1, "Same")]), content([drawn_page(1, "Same")])
    assert versions.compare(older, newer, {"ink-p1": "aaa"}, {"ink-p1": "aaa"})[0]["status"] == "same"
    assert versions.compare(older, newer, {"ink-p1": "aaa"}, {"ink-p1": "bbb"})[0]["status"] == "changed"
    newer["pages"][0]["children"] = {"name": "Tom", "text": "Me too", "drawing": None}
    assert versions.compare(older, newer, {"ink-p1": "aaa"}, {"ink-p1": "aaa"})[0]["status"] == "changed"


# --- the worker's pages ------------------------------------------------------------------------------


class Storyboards(Records):
    """Versions of one storyboard synced from the tablet, each superseding the one before."""

    def version(self, number, pages, supersedes=None, child="Maisie", **options):
        parts = [
            (page["drawing"], INK, scribble(len(page["drawing"]) + number)) for page in pages if page.get("drawing")
        ]
        parts += [
            (page["children"]["drawing"], INK, scribble(7))
            for page in pages
            if page.get("children") and page["children"]["drawing"]
        ]
        version = {"number": number, **options.pop("version", {})}
        created = f"2026-11-{20 + number:02d}T10:00:00.000Z"
        document = document_of(
            self.children[child], pages=pages, supersedes=supersedes, version=version, created_at=created, **options
        )
        return self.sync(document, parts)


@pytest.fixture
def boards(app, db):
    with app.app_context():
        return Storyboards(app, db)


FIRST = [
    {"id": "family", "hint": "family", "text": "This is our family.", "drawing": "ink-family"},
    {
        "id": "worries",
        "hint": "worries",
        "drawing": None,
        "text": "Social workers worried about neglect and the CP plan at home.\n" + HOSTILE,
    },
]
SECOND = [
    FIRST[1] | {"text": "Social workers worried about neglect at home.\n" + HOSTILE},
    FIRST[0],
    {
        "id": "safe",
        "hint": "safety-plan",
        "text": "Nain will help every morning.",
        "drawing": "ink-safe",
        "children": {"name": "Maisie", "text": "I <3 Nain", "drawing": "kids-safe"},
    },
]


def two_versions(boards):
    first = boards.version(1, FIRST, title="Why Dana visits")
    second = boards.version(
        2,
        SECOND,
        supersedes=first,
        title="Why Dana visits us",
        agreed_words=[{"term": "neglect", "wording": "not getting what they need"}],
        version={
            "agreed_by": [{"name": "Kerry Smith", "role": "Mum"}],
            "read_to_children": True,
            "note": "Nain's page added",
        },
    )
    return first, second


def base(boards, artefact, child="Maisie"):
    return f"/children/{boards.children[child]}/records/{artefact}"


def test_the_child_page_lists_each_version_of_a_storyboard_newest_first(app, boards):
    first, second = two_versions(boards)
    other = boards.version(1, [{"text": "A different storyboard"}], title="Our safety plan", purpose="safety-plan")
    page = signed_in(app, "demo.worker").get(f"/children/{boards.children['Maisie']}").get_data(as_text=True)
    assert page.count("Why Dana visits us") == 1 and page.count("Why Dana visits<") == 1 and "Our safety plan" in page
    listed = page[page.index("Direct work") :]
    assert listed.index(f'/records/{second}"') < listed.index(f'/records/{first}"')  # newest first
    assert "Version 1" in listed and "Version 2" in listed and "Replaced by version 2" in listed
    assert "Kerry Smith (Mum)" in listed and "Read to the children" in listed
    assert f'/records/{other}"' in page
    assert HOSTILE[:10] not in page


def test_a_version_page_shows_the_pages_escaped_with_professional_words_marked(app, boards):
    _first, second = two_versions(boards)
    response = signed_in(app, "demo.worker").get(base(boards, second))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "<script>window" not in page and "<b>bold</b>" not in page
    assert (
        'Social workers worried about <mark class="app-jargon">neglect</mark> at home.\n'
        "&lt;script&gt;window.gotYou = 1&lt;/script&gt;\nand &lt;b&gt;bold&lt;/b&gt; &amp; “quotes”"
    ) in page
    assert "not getting the care they need" in page  # the plainer way to say it
    assert page.index('id="page-worries"') < page.index('id="page-family"') < page.index('id="page-safe"')
    assert 'alt="Drawing on page 2"' in page and "No drawing on this page." in page
    assert "Added by Maisie" in page and "I &lt;3 Nain" in page
    assert "not getting what they need" in page  # the agreed wording
    assert "Version 2, saved on 22 November 2026" in page and "Nain&#39;s page added" in page
    assert "Nobody has agreed to this version yet" not in page
    for slug, per_sheet in (("a4", 1), ("a4", 2), ("a5", 1), ("a5", 2)):
        assert f"/records/{second}/booklet/{slug}/{per_sheet}.pdf" in page
    assert f"/records/{second}/booklet/0.png" in page and f"/records/{second}/booklet/3.png" in page
    assert f"/records/{second}/compare?with=" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) and "<style" not in page and " style=" not in page


def test_an_unagreed_version_says_so(app, boards):
    first, _second = two_versions(boards)
    page = signed_in(app, "demo.worker").get(base(boards, first)).get_data(as_text=True)
    assert "Nobody has agreed to this version yet" in page
    assert '<mark class="app-jargon">CP plan</mark>' in page


def test_two_versions_compared_page_by_page(app, boards):
    first, second = two_versions(boards)
    client = signed_in(app, "demo.worker")
    response = client.get(f"{base(boards, second)}/compare?with={first}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Version 1 and version 2 compared" in page
    moved = page[page.index("app-diff--moved") : page.index("app-diff--changed")]
    assert "Moved from page 2" in moved and "Changed" in moved  # the worries page moved, and its words changed
    assert "Added" in page[page.index("app-diff--added") :]
    assert '<span class="govuk-visually-hidden">taken out: </span> and the CP plan</del>' in page
    assert "&lt;script&gt;window.gotYou" in page and "<script>window" not in page
    assert "This page is not in version 1." in page
    assert f"/records/{first}/pages/family.png" in page and f"/records/{second}/pages/safe.png" in page
    # Either way round, the older version is on the left.
    assert (
        client.get(f"{base(boards, first)}/compare?with={second}")
        .get_data(as_text=True)
        .count("Version 1 and version 2 compared")
        == 1
    )


def test_comparing_with_anything_but_another_version_of_the_same_storyboard_is_not_found(app, db, boards):
    first, second = two_versions(boards)
    unrelated = boards.version(1, [{"text": "Another storyboard"}])
    toms = boards.version(2, FIRST, supersedes=first, child="Tomos")  # names Maisie's version, but is Tomos's
    note = boards.sync(observation(boards.children["Maisie"], "A note"))
    client = signed_in(app, "demo.worker")
    for other in (unrelated, toms, note, second, "not-a-uuid", "", uuid.uuid4()):
        assert client.get(f"{base(boards, second)}/compare?with={other}").status_code == 404, other
    assert client.get(f"{base(boards, second)}/compare").status_code == 404
    with write(db):
        db.execute("UPDATE artefacts SET flag = 'not_allocated' WHERE id = ?", [first])
    assert client.get(f"{base(boards, second)}/compare?with={first}").status_code == 404


def test_the_pictures_are_served_and_odd_pages_are_not_found(app, boards):
    _first, second = two_versions(boards)
    client = signed_in(app, "demo.worker")
    picture = client.get(f"{base(boards, second)}/pages/safe.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert Image.open(io.BytesIO(picture.data)).size == (600, 600)
    assert client.get(f"{base(boards, second)}/pages/safe/children.png").status_code == 200
    for missing in (
        "pages/worries.png",
        "pages/family/children.png",
        "pages/nope.png",
        "pages/..%2Fsafe.png",
        "booklet/4.png",
        "booklet/-1.png",
        "booklet/a3/1.pdf",
        "booklet/a4/3.pdf",
        "booklet/a4/0.pdf",
        "sheet.pdf",
        "houses/good.png",
    ):
        assert client.get(f"{base(boards, second)}/{missing}").status_code == 404, missing


def test_the_booklet_downloads_are_audited_as_exports_and_do_not_name_the_child(app, db, boards):
    _first, second = two_versions(boards)
    maisie = boards.children["Maisie"]
    client = signed_in(app, "demo.worker")
    before = len(audit_actions(db, maisie))
    booklet = client.get(f"{base(boards, second)}/booklet/a5/2.pdf")
    assert booklet.status_code == 200 and booklet.mimetype == "application/pdf"
    assert (
        booklet.headers["Content-Disposition"]
        == 'attachment; filename="words-and-pictures-2026-11-22-v2-a5-two-per-sheet.pdf"'
    )
    assert len(pdf_pages(booklet.data)) == 2  # the cover and three pages, two to a sheet
    cover = client.get(f"{base(boards, second)}/booklet/0.png")
    assert cover.mimetype == "image/png" and Image.open(io.BytesIO(cover.data)).size == (1240, 1754)
    assert cover.headers["Content-Disposition"] == 'attachment; filename="words-and-pictures-2026-11-22-v2-cover.png"'
    third = client.get(f"{base(boards, second)}/booklet/3.png")
    assert third.headers["Content-Disposition"] == 'attachment; filename="words-and-pictures-2026-11-22-v2-page-3.png"'
    a4 = client.get(f"{base(boards, second)}/booklet/a4/1.pdf")
    assert a4.headers["Content-Disposition"].endswith('-v2-a4.pdf"') and len(pdf_pages(a4.data)) == 4
    names = "".join(response.headers["Content-Disposition"] for response in (booklet, cover, third, a4))
    assert "Maisie" not in names
    assert audit_actions(db, maisie)[before:] == [
        ("export", "records.booklet_pdf"),
        ("export", "records.booklet_page_png"),
        ("export", "records.booklet_page_png"),
        ("export", "records.booklet_pdf"),
    ]


def test_nobody_else_can_tell_a_storyboard_exists(app, db, boards):
    first, second = two_versions(boards)
    addresses = [
        "",
        "/pages/safe.png",
        "/pages/safe/children.png",
        "/booklet/a4/1.pdf",
        "/booklet/1.png",
        f"/compare?with={first}",
    ]
    manager = signed_in(app, "demo.manager")
    for tail in addresses:
        assert manager.get(base(boards, second) + tail).status_code == 200, tail
    for username in ("other.worker", "demo.admin"):
        client = signed_in(app, username)
        for tail in addresses:
            assert client.get(base(boards, second) + tail).status_code == 404, (username, tail)
    worker = signed_in(app, "demo.worker")
    for tail in addresses:  # under another of the worker's children
        assert worker.get(base(boards, second, child="Tomos") + tail).status_code == 404, tail
    with write(db):
        db.execute("UPDATE artefacts SET flag = 'quarantined' WHERE id = ?", [second])
    for tail in addresses:
        assert worker.get(base(boards, second) + tail).status_code == 404, tail
    listed = worker.get(f"/children/{boards.children['Maisie']}").get_data(as_text=True)
    assert f'/records/{second}"' not in listed and f'/records/{first}"' in listed


def test_a_damaged_drawing_is_a_404_not_a_500(app, db, boards):
    from pathlib import Path

    _first, second = two_versions(boards)
    part = next(db.query("SELECT path FROM artefact_parts WHERE artefact_id = ? AND name = 'ink-safe'", [second]))
    (Path(app.config["PARTS_DIR"]) / part["path"]).write_bytes(b"damaged")
    client = signed_in(app, "demo.worker")
    assert client.get(base(boards, second)).status_code == 200
    assert client.get(f"{base(boards, second)}/pages/safe.png").status_code == 404
    assert client.get(f"{base(boards, second)}/booklet/a4/1.pdf").status_code == 404
    assert client.get(f"{base(boards, second)}/booklet/3.png").status_code == 404
    assert client.get(f"{base(boards, second)}/booklet/1.png").status_code == 200  # a page without that drawing


def test_a_broken_jargon_list_does_not_hide_the_familys_words(app, boards, monkeypatch, tmp_path):
    from sofs_direct.platform import words

    _first, second = two_versions(boards)
    broken = tmp_path / "jargon.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setattr(words, "JARGON_PATH", broken)
    page = signed_in(app, "demo.worker").get(base(boards, second)).get_data(as_text=True)
    assert "The plain-language check could not run" in page
    assert "Social workers worried about neglect at home." in page and "app-jargon" not in page


# --- in a real browser ------------------------------------------------------------------------------


def test_the_worker_reads_a_version_and_compares_it_in_the_browser(page, start_server, app, boards):
    from playwright.sync_api import expect

    from tests.tablet.test_browser import axe_violations, sign_in

    first, second = two_versions(boards)
    server = start_server(PARTS_DIR=app.config["PARTS_DIR"])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, server)
    page.goto(f"{server.url}/children/{boards.children['Maisie']}")
    page.get_by_role("link", name="Version 2").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Dana visits us")
    expect(page.get_by_role("img", name="Drawing on page 3", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="The children's drawing on page 3")).to_be_visible()
    expect(page.locator("mark.app-jargon").first).to_have_text("neglect")
    # The family's words arrive as text, with their line breaks, and nothing in them ran.
    expect(page.locator(".app-wp-page__text").first).to_have_text(
        "Social workers worried about neglect at home.\n" + HOSTILE
    )
    assert page.evaluate("window.gotYou") is None
    assert axe_violations(page) == []
    page.get_by_role("link", name="Compare with this one (version 1)").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 and version 2 compared")
    expect(page.locator("del.app-diff__removed").first).to_contain_text("and the CP plan")
    assert page.evaluate("window.gotYou") is None
    assert axe_violations(page) == []
    assert problems == [], problems
